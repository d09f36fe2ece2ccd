"""Attribution patterns, each on small sentences written for the test (parse rules, no model)."""

import pytest

import stance

from conftest import SourceModel


@pytest.fixture(scope="module")
def rules():
    """An analyzer with the parse rules only, so each pattern is tested on its own."""
    return stance.Analyzer(attribution_model=None)


def holders(analyzer, text, date="2022-12-30"):
    doc = analyzer(text, metadata={"date": date})
    return [(s.attribution.actor, s.attribution.method, s.attribution.resolution) for s in doc.sentences if s.kind == "body"], doc


def test_speech_verb_subject(rules):
    found, doc = holders(rules, "Putin said the talks were useful.")
    assert found == [("Vladimir Putin", "verb-subject", "alias")]
    attribution = doc.sentences[0].attribution
    assert doc.text[slice(*attribution.source)] == "Putin" == attribution.source_text
    assert doc.text[slice(*attribution.cue)] == "said"
    assert attribution.actor_type == "person" and attribution.confidence > 0.5


def test_attitude_verb_and_metonymy(rules):
    found, _ = holders(rules, "Beijing has not condemned the campaign. The Kremlin hopes that the ties will grow.")
    # A government holds for its state ("Beijing" -> China), as the news stance guidelines name holders.
    assert [f[0] for f in found] == ["China", "Russia"]
    assert [f[1] for f in found] == ["verb-subject", "verb-subject"]


def test_according_to_with_a_pronoun(rules):
    found, doc = holders(rules, "Putin spoke on Friday. According to him, the deal is fair.")
    assert found[1] == ("Vladimir Putin", "according-to", "pronoun")
    assert doc.sentences[1].attribution.source_text == "him"


def test_quote_with_the_speaker_after_and_before(rules):
    found, _ = holders(rules, '"We are ready," Putin said. Xi said: "China is ready too."')
    assert [f[0] for f in found] == ["Vladimir Putin", "Xi Jinping"]


def test_multi_sentence_quote_carries_the_speaker(rules):
    found, _ = holders(rules, '"We are ready. The West is weak," Putin said. "Nobody can stop us."')
    assert [f[0] for f in found] == ["Vladimir Putin"] * 3
    assert [f[1] for f in found] == ["carried-over", "verb-subject", "carried-over"]


def test_multi_paragraph_quote(rules):
    text = 'Putin spoke to reporters.\n\n"We are ready," he said. "We will not wait.\n\n"Our partners know it."'
    found, _ = holders(rules, text)
    # "spoke to reporters" narrates an occasion, not a view (the author's); the quotation is Putin's.
    assert [f[0] for f in found] == ["author"] + ["Vladimir Putin"] * 3
    assert found[1][2] == "pronoun" and found[3][1] == "carried-over"


def test_a_view_reported_inside_a_speaking_occasion_is_the_speakers(rules):
    # "spoke ... with Xi" alone narrates an occasion, but the relative clause reports Putin's wish (the canonical
    # article's third body sentence); a participle without its own subject ("promising ...") does not count.
    found, _ = holders(rules, "Putin spoke on Friday with the Chinese president, Xi Jinping, to whom he expressed his desire to increase "
                              "military cooperation. Putin spoke to a gathering of oil workers, promising to lift regulations.")
    assert [f[0] for f in found] == ["Vladimir Putin", "author"]


def test_role_phrases_resolve_through_the_article_date(rules):
    found, _ = holders(rules, "The Russian president said the talks were useful. The head of the Kremlin added that sanctions had failed.")
    assert found == [("Vladimir Putin", "verb-subject", "role")] * 2
    found, _ = holders(rules, "The Russian president said the talks were useful.", date="2010-06-01")
    assert found[0][0] == "Dmitry Medvedev"


def test_counterpart_and_both_leaders(rules):
    text = "Putin said the ties were strong. His Chinese counterpart replied that China was ready. Both leaders said the partnership had no limits."
    found, _ = holders(rules, text)
    assert [f[0] for f in found] == ["Vladimir Putin", "Xi Jinping", "Vladimir Putin and Xi Jinping"]
    assert [f[2] for f in found] == ["alias", "role", "group"]


def test_pronoun_takes_the_last_holder(rules):
    found, _ = holders(rules, "Li Qiang met the delegation. He said China valued the talks.")
    assert found[0][0] == "author"
    assert found[1] == ("Li Qiang", "verb-subject", "pronoun")


def test_nested_report_keeps_the_outer_holder(rules):
    _, doc = holders(rules, "Putin acknowledged that Xi had expressed his concern about Ukraine.")
    attribution = doc.sentences[0].attribution
    assert attribution.actor == "Vladimir Putin"
    assert attribution.nested is not None and attribution.nested.actor == "Xi Jinping"


def test_unknown_people_are_named_by_their_longest_mention(rules):
    found, _ = holders(rules, "Elena Marsh, a researcher in London, said the deals were symbolic. Marsh added that gas volumes grew.")
    assert [f[0] for f in found] == ["Elena Marsh", "Elena Marsh"]
    assert found[0][2] == "ner"


def test_sentences_nobody_else_holds_belong_to_the_author(rules):
    found, doc = holders(rules, "China has become an economic lifeline for Russia. Exports rose.")
    assert found == [("author", "none", None)] * 2
    assert all(s.attribution.source is None for s in doc.sentences)


def test_officials_of_a_country_hold_for_their_state(rules):
    found, _ = holders(rules, "A U.S. official said the sanctions would stay.")
    assert found[0][0] == "United States"


def test_frame_and_json_carry_the_attribution(rules):
    doc = rules("Putin said the talks were useful. Exports rose.", id="x")
    frame = doc.to_frame()
    assert frame[["actor", "actor_type", "attribution_method", "source_text"]].fillna("").values.tolist() == [
        ["Vladimir Putin", "person", "verb-subject", "Putin"],
        ["author", "author", "none", ""],
    ]
    assert stance.Document.from_json(doc.to_json()) == doc


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No actors appear in this text at all.",
        '"Only a quote."',
        '"An unbalanced quote that never closes. It goes on.',
        '"Nested "quotes" here," he said.',
        "PUTIN SAID THE TALKS WERE USEFUL. XI AGREED.",
        "He said so. They said so. It said so.",
        "Putin said so. " * 2000,
    ],
)
def test_bad_input_never_crashes_and_falls_back_to_the_author(rules, text):
    doc = rules(text)
    for sentence in doc.sentences:
        if sentence.kind == "body":
            attribution = sentence.attribution
            assert attribution is not None
            if attribution.actor == "author":
                assert attribution.method == "none" and attribution.source is None
            else:
                assert doc.text[slice(*attribution.source)] == attribution.source_text


def test_speech_tag_in_the_next_sentence(rules):
    found, _ = holders(rules, '"We are ready to talk." Lavrov said on Monday.')
    assert [f[0] for f in found] == ["Sergei Lavrov", "Sergei Lavrov"]
    assert found[0][1] == "carried-over"


def with_model(source, cue):
    """The parse rules with a stand-in attribution model that marks ``source`` and ``cue`` (:class:`conftest.SourceModel`)."""
    analyzer = stance.Analyzer(attribution_model=None)
    analyzer.get_stage("attribution").model = SourceModel(source, cue)
    return analyzer


def test_the_actor_of_a_deed_speaks_no_quotation_that_follows(rules):
    text = 'Moscow increased energy exports to China in what it called "a new era." "We are ready for it."'
    found, _ = holders(rules, text)
    assert found[0][:2] == ("Russia", "deed")
    assert found[1][0] == "author"  # the quotation after it is not the deed's actor's


@pytest.mark.parametrize("text, source, cue, expected", [
    # The parser takes "which reported" for an adverbial clause: the noun before the pronoun still names the holder.
    ("To solve this, they turned to the Chicago Police Department which reported 2,521 shooting incidents.", "which",
     "reported", "the Chicago Police Department"),
    ("Obama has had a frosty relationship with Mitch McConnell, now the Senate majority leader, who in 2010 said the goal "
     "was to make Obama a one-term president.", "who", "said", "Mitch McConnell"),  # the apposition gives way to the name
    ("This has not gone over well with family members of 9/11 victims, many of whom say the claims are unfounded.",
     "many of whom", "say", "family members of 9/11 victims"),
    # "who" after a place is the people there, not the place.
    ("The change is likely to placate nervous Democrats on Capitol Hill, who have argued that it helps.", "who", "argued",
     "Democratic Party"),
])
def test_a_relative_pronoun_source_names_the_noun_phrase_before_it(text, source, cue, expected):
    found, _ = holders(with_model(source, cue), text)
    assert found[0][0] == expected
