"""Holders and targets in real news (issue 17): each case of the issue on a sentence or short article written here.

The scorer is a constant one (every pair neutral): these tests are about *which* pairs are
scored, with which holder and which mention, not about the labels.
"""

from __future__ import annotations

import datetime as dt

import pytest

import stance
from stance.attribution.rules import _name_from_text, as_name
from stance.records import AUTHOR, Mention, Sentence
from stance.scoring.targets import Target, acronyms_of, news_pattern, resolve_targets, spelling_variants, target_mentions

from conftest import SourceModel


class ConstantScorer:
    """Every pair neutral: enough to see which (sentence, target) pairs the Analyzer scores."""

    tasks = ("stance", "sentiment", "tone")
    labels = {"stance": ("against", "neutral", "favor"), "sentiment": ("negative", "neutral", "positive"), "tone": ("negative", "neutral", "positive")}

    def predict(self, pairs, tasks=("stance",), batch_size=64):
        return [{task: {label: 0.2 if label != "neutral" else 0.6 for label in self.labels[task]} for task in tasks} for _ in pairs]


@pytest.fixture(scope="module")
def analyzer():
    return stance.Analyzer(scorer=ConstantScorer(), attribution_model=None)


def holder(analyzer, text: str, date: str = "2016-09-27", index: int = -1):
    """The attribution of sentence ``index`` of ``text`` analysed on ``date``."""
    return analyzer(text, metadata={"date": date}).sentences[index].attribution


def sentence_holders(analyzer, text: str, date: str = "2016-09-27") -> list[tuple[str, str]]:
    """(actor, method) of the attribution of each sentence of ``text`` analysed on ``date``."""
    return [(s.attribution.actor, s.attribution.method) for s in analyzer(text, metadata={"date": date}).sentences]


def stances(analyzer, text: str, targets, date: str = "2016-09-27", expand=False):
    """{(sentence index, target): (mention texts, matches)} of ``text`` analysed with ``targets``."""
    document = analyzer.with_targets(targets, expand=expand)(text, metadata={"date": date})
    return {(s.index, t): (st.mention_texts, st.matches) for s in document.sentences for t, st in s.stances.items()}


# -- 1. targets: no hierarchy inflation, matches recorded ----------------------------------


def test_a_person_is_not_their_country_nor_a_member_its_bloc_by_default(analyzer):
    text = "Obama criticised Trump and Hillary Clinton in a speech on Tuesday."
    assert stances(analyzer, text, ["United States", "the West"]) == {}
    expanded = stances(analyzer, text, ["United States", "the West"], expand=True)
    assert expanded[(0, "United States")] == (["Trump", "Hillary Clinton"], ["member", "member"])
    assert expanded[(0, "the West")][1] == ["member", "member"]
    # Expansion can be asked for one target only.
    only_west = stances(analyzer, text, ["United States", "the West"], expand=["the West"])
    assert set(only_west) == {(0, "the West")}
    with pytest.raises(ValueError, match="not one of the targets"):
        analyzer.with_targets(["Russia"], expand=["China"])


def test_paris_is_no_mention_of_the_west(analyzer):
    found = stances(analyzer, "Berlin criticised Paris over the pension reform.", ["France", "the West"])
    assert set(found) == {(0, "France")} and found[(0, "France")] == (["Paris"], ["metonym"])


def test_each_mention_records_how_it_matched(analyzer):
    text = "Critics say Brussels and Washington have long ignored Beijing and the Russian Federation."
    found = stances(analyzer, text, ["European Union", "United States", "China", "Russia"])
    assert found[(0, "European Union")] == (["Brussels"], ["alias"])
    assert found[(0, "United States")] == (["Washington"], ["metonym"])
    assert found[(0, "China")] == (["Beijing"], ["metonym"])
    assert found[(0, "Russia")] == (["the Russian Federation"], ["alias"])


def test_case_sensitive_aliases_match_only_as_written(analyzer):
    # "IS" is the Islamic State and "WHO" the World Health Organization; "is" and "who" are not.
    text = "The minister, who is new, spoke. IS claimed the attack and WHO sent doctors."
    found = stances(analyzer, text, ["Islamic State", "World Health Organization"])
    # "WHO" is the registry's own name for the organisation: a ``name`` match.
    assert found == {(1, "Islamic State"): (["IS"], ["alias"]), (1, "World Health Organization"): (["WHO"], ["name"])}


def test_a_leader_is_a_mention_of_the_state_only_in_foreign_relations(analyzer):
    foreign = stances(analyzer, "Putin praised Xi Jinping for his support.", ["China"], date="2022-12-30")
    assert foreign[(0, "China")] == (["Xi Jinping"], ["leader"])
    domestic = stances(analyzer, "Obama praised the volunteers in Chicago.", ["United States"], date="2016-06-01")
    assert domestic == {}


def test_a_name_inside_another_name_is_no_mention(analyzer):
    found = stances(analyzer, "The governor of West Virginia visited the mine.", ["Virginia", "West Virginia"])
    assert (0, "Virginia") not in found and (0, "West Virginia") in found


def test_match_and_mention_reach_the_dataframe_and_the_database(analyzer, tmp_path):
    from stance.corpus import Results, analyze_corpus

    system = analyzer.with_targets(["China"])
    document = system("Moscow has significantly increased energy exports to Beijing.")
    row = document.to_frame().iloc[0]
    assert row["mention[China]"] == "Beijing" and row["match[China]"] == "metonym"
    out = tmp_path / "run.duckdb"
    analyze_corpus([{"id": "a", "text": document.text}], out, analyzer=system, progress=False)
    stored = Results(out).stances()
    assert stored[["target", "mention", "match"]].values.tolist() == [["China", "Beijing", "metonym"]]


def test_a_target_named_inside_its_holders_description_is_held_by_the_author(analyzer):
    # Guideline rule 10: the holder is not its own target; a target named in the description of
    # another holder is the author's mention of it, and the author holds that pair.
    text = "A former top aide to President George W. Bush said the bathroom law should stand."
    document = analyzer.with_targets(["George W. Bush"])(text, metadata={"date": "2016-09-27"})
    sentence = document.sentences[0]
    assert sentence.attribution.actor == "unnamed former top aide"
    stance = sentence.stances["George W. Bush"]
    assert stance.holder == AUTHOR and stance.mention_texts == ["George W. Bush"]
    assert document.to_frame().iloc[0]["holder[George W. Bush]"] == AUTHOR
    # The group named after its person holds its view of the person, as annotated ("Sanders supporters").
    for text in ("Supporters of Bernie Sanders say the count was unfair.", "Sanders supporters say the count was unfair."):
        document = analyzer.with_targets(["Bernie Sanders"])(text, metadata={"date": "2016-05-20"})
        assert document.sentences[0].stances["Bernie Sanders"].holder == "Sanders supporters"
    # A holder who is the target, or its leader or seat speaking, is no mention at all.
    assert stances(analyzer, "Donald Trump said the bathroom law should stand.", ["Donald Trump"]) == {}
    assert stances(analyzer, "The Kremlin said the talks with Kyiv had failed.", ["Russia"]) == {}
    # A mention in what the holder says keeps the holder.
    said = analyzer.with_targets(["Donald Trump"])("Jeb Bush said Donald Trump was unfit.", metadata={"date": "2016-09-27"})
    assert said.sentences[0].stances["Donald Trump"].holder == "Jeb Bush"
    # The actor of a narrated deed holds the deed (rule 8) and is the author's target: it does not speak.
    deed = analyzer.with_targets(["Mexico", "United States"])("Mexico buys $250 billion worth of goods from the United States.")
    assert deed.sentences[0].attribution.method == "deed"
    assert {name: s.holder for name, s in deed.sentences[0].stances.items()} == {"Mexico": AUTHOR, "United States": "Mexico"}
    assert stances(analyzer, "Mexico said it would buy goods from the United States.", ["Mexico"]) == {}


def test_an_actor_is_not_the_holder_of_a_pair_toward_itself():
    # "Mexico's prosperity depends on ...": when the sentence's holder is the target itself (a deed's subject, say),
    # the author narrates the target; a mention in what another actor says keeps that actor as the holder.
    from stance.actors import ActorRegistry
    from stance.records import Attribution
    from stance.scoring.targets import TargetMention, pair_holder

    text = "Mexico's economy grew as Mexico opened its ports to China."
    sentence = Sentence(index=0, text=text, start=0, end=len(text), paragraph=0,
                        attribution=Attribution(actor="Mexico", actor_type="country", source=(0, 16), method="deed"))
    mexico, china = resolve_targets(["Mexico", "China"], ActorRegistry.default())
    second = text.index("Mexico", 1)
    outside = [TargetMention((second, second + 6), "Mexico", "name")]
    assert pair_holder(sentence, mexico, outside) == AUTHOR
    assert pair_holder(sentence, mexico) == AUTHOR  # not scored: the holder the pair would have
    assert pair_holder(sentence, china, [TargetMention((text.index("China"), text.index("China") + 5), "China", "name")]) == "Mexico"
    # A speaker naming its own side keeps the pair (rule 5): "The Kremlin accused the West of trying to isolate Russia".
    sentence.attribution = Attribution(actor="Mexico", actor_type="country", source=(0, 16), method="verb-subject")
    assert pair_holder(sentence, mexico, outside) == "Mexico"
    assert pair_holder(sentence, mexico) == AUTHOR  # no mention but the speaker itself: no stance toward itself
    # The target's government holding the sentence is not the target itself: the holder stays (rule 5).
    sentence.attribution = Attribution(actor="Government of Mexico", actor_type="government", source=(0, 16), method="deed")
    assert pair_holder(sentence, mexico, outside) == "Government of Mexico"


def test_the_author_held_pair_reaches_the_database_as_its_holder(analyzer, tmp_path):
    from stance.corpus import Results, analyze_corpus

    system = analyzer.with_targets(["Donald Trump"])
    out = tmp_path / "run.duckdb"
    analyze_corpus([{"id": "a", "text": "A lawyer for Donald Trump said the bathroom law should stand."}], out, analyzer=system, progress=False)
    stored = Results(out).stances()
    assert stored[["actor", "actor_type", "target"]].values.tolist() == [[AUTHOR, AUTHOR, "Donald Trump"]]


def test_a_title_before_a_name_an_address_and_a_platform_are_no_targets(analyzer):
    # Guideline D5: "FBI Director James Comey" is no mention of the FBI; the FBI named on its own is.
    assert stances(analyzer, "Yesterday FBI Director James Comey met the press in Washington.", ["FBI"]) == {}
    assert (0, "FBI") in stances(analyzer, "Yesterday the FBI reopened the inquiry.", ["FBI"])
    assert stances(analyzer, "Four minutes later, Tunisia's goalkeeper Mouez Hassen was substituted off.", ["Tunisia"]) == {}
    # A verb before the name is no title: "trounced Sen. Bernie Sanders" still names Clinton.
    assert (0, "Hillary Clinton") in stances(analyzer, "Hillary Clinton trounced Sen. Bernie Sanders in South Carolina.", ["Hillary Clinton"])
    # An address: "San Bernardino, California" is a place; "Like the United States, Israel" is not an address.
    assert stances(analyzer, "Officers reported a shooting in San Bernardino, California, on Wednesday.", ["California"]) == {}
    assert (0, "Israel") in stances(analyzer, "Like the United States, Israel has an election in the spring.", ["Israel"])
    # The White House sought or held is the office, not the president; a letter to it is to the actor.
    assert stances(analyzer, "Polls asked about all four candidates seeking the White House.", ["Barack Obama"]) == {}
    assert (0, "Barack Obama") in stances(analyzer, "Senators sent a letter to the White House.", ["Barack Obama"])
    # The state a legislator or governor represents, named with them, is their affiliation (D5); a plain name is not.
    assert stances(analyzer, "Senator John Cornyn of Texas said the chamber will vote.", ["Texas"]) == {}
    assert stances(analyzer, "Lamar Smith, a Republican representative from Texas, said so.", ["Texas"]) == {}
    assert (0, "Texas") in stances(analyzer, "Ted Cruz of Texas attacked Trump.", ["Texas"])
    # A place travelled to is a destination; what is sent to a state is sent to the actor.
    assert stances(analyzer, "We are expecting a state visit to Moscow next spring.", ["Russia"]) == {}
    assert stances(analyzer, "The professor was headed to Cairo for a conference.", ["Egypt"]) == {}
    assert (0, "Russia") in stances(analyzer, "The United States sent a warning to Moscow on Friday.", ["Russia"])
    # Guideline D8: a platform used as a place.
    assert stances(analyzer, "Trump said on Twitter that the debate was rigged.", ["Twitter"]) == {}
    assert (0, "Twitter") in stances(analyzer, "Trump attacked Twitter for suspending accounts.", ["Twitter"])


# -- 2. people told apart within a document --------------------------------------------------


def test_clinton_is_the_clinton_the_article_introduced(analyzer):
    text = (
        "Hillary Clinton raised $20 million in New York on Monday, her campaign said. "
        "Bill Clinton did not attend. "
        "Mrs. Clinton's campaign said the total was a record. "
        "Clinton and her aides left early."
    )
    document = analyzer(text, metadata={"date": "2016-09-27"})
    named = [(m.text, m.actor) for s in document.sentences[2:] for m in s.mentions if "Clinton" in m.text]
    assert named == [("Clinton", "Hillary Clinton"), ("Clinton", "Hillary Clinton")]
    assert document.sentences[2].attribution.actor == "Hillary Clinton"


def test_a_surname_two_introduced_people_share_names_the_first_introduced(analyzer):
    # News names its protagonist by the bare surname and writes the others in full.
    text = (
        "Hillary Clinton won the Michigan debate on Sunday. "
        "Bill Clinton set his wife's expectations high. "
        "Clinton still leads in pledged delegates."
    )
    document = analyzer(text, metadata={"date": "2016-03-10"})
    assert [(m.text, m.actor) for m in document.sentences[2].mentions] == [("Clinton", "Hillary Clinton")]
    bill_first = analyzer("Bill Clinton spoke in Ohio. Hillary Clinton listened. Clinton said the rally was a success.", metadata={"date": "2016-03-10"})
    assert bill_first.sentences[2].attribution.actor == "Bill Clinton"


def test_surnames_joined_by_and_in_one_entity_are_two_people(analyzer):
    # The entity recogniser takes "Braynard and Lewis" for one person.
    text = "The campaign hired Matt Braynard and Sarah Lewis in May. A longtime operative vouched for both Braynard and Lewis on Monday."
    mentions = analyzer(text, metadata={"date": "2016-01-05"}).sentences[1].mentions
    assert [(m.text, m.actor) for m in mentions] == [("Braynard", "Matt Braynard"), ("Lewis", "Sarah Lewis")]


def test_mrs_trump_is_not_donald_trump(analyzer):
    attribution = holder(analyzer, "Donald Trump spoke first. Mrs. Trump said she was proud of the campaign.")
    assert attribution.actor != "Donald Trump"
    with_melania = holder(analyzer, "Donald Trump and Melania Trump arrived. Mrs. Trump said she was proud of the campaign.")
    assert with_melania.actor == "Melania Trump"


def test_a_surname_the_registry_shares_follows_the_article_not_a_default(analyzer):
    # Only Hillary is introduced: a bare "Clinton" is her, whatever the registry lists first.
    attribution = holder(analyzer, "Hillary Clinton held a rally in Ohio. Clinton said the economy was rigged.")
    assert attribution.actor == "Hillary Clinton"


def test_a_surname_the_entity_recogniser_calls_an_organisation_is_the_person_introduced(analyzer):
    # The small spaCy model types sentence-initial surnames as organisations ("Beck has ...").
    text = "Glenn Beck spoke in Iowa on Monday. Beck has also criticized evangelical voters for backing Trump."
    assert holder(analyzer, text).actor == "Glenn Beck"


def test_a_surname_the_entity_recogniser_missed_takes_the_full_name_the_article_writes(analyzer):
    text = "“It is a shame,” stated Roman Smbatyan, an Armenian historian. Smbatyan added that Israel had chosen its side."
    assert [s.attribution.actor for s in analyzer(text).sentences] == ["Roman Smbatyan", "Roman Smbatyan"]
    # A capitalised word before the name at a sentence's start is no first name.
    assert holder(analyzer, "When Smbatyan spoke, nobody listened. Smbatyan added that Israel had chosen its side.").actor == "Smbatyan"


def test_a_full_name_does_not_take_the_end_of_an_institutions_name(analyzer):
    # The recogniser finds "the Refugee Council" and "Solomon"; the given name is "Enver" alone.
    text = 'After the leak, CEO of the Refugee Council Enver Solomon told Sky News any process "must be well thought out".'
    assert holder(analyzer, text).actor == "Enver Solomon"


def test_full_names_come_from_the_body_not_a_title_case_headline(analyzer):
    text = "Glenn Beck Blasts Drudge Over Trump\n\nGlenn Beck spoke in Iowa on Monday. Beck said Drudge had sold out."
    assert holder(analyzer, text).actor == "Glenn Beck"


def test_the_last_word_of_an_organisation_named_in_full_names_it(analyzer):
    text = "The New York Times asked the school for the emails. The Times said the emails were private."
    assert holder(analyzer, text).actor == holder(analyzer, text, index=0).actor == "The New York Times"


@pytest.mark.parametrize("text, date, expected", [
    ("The GOP nominee argued that the files were private.", "2016-09-27", "Donald Trump"),
    ("GOP nominee Donald Trump said the race was rigged.", "2016-10-20", "Donald Trump"),
    ("The Democratic nominee attacked her opponent as a fraud.", "2016-09-27", "Hillary Clinton"),
    ("The president-elect said he would meet the press.", "2016-12-01", "Donald Trump"),
    ("The presumptive Republican presidential nominee said the judge was unfair.", "2016-06-03", "Donald Trump"),
    ("The presumptive Democratic nominee said her rival was unfit.", "2016-06-20", "Hillary Clinton"),
])
def test_epithets_resolve_through_the_article_date(analyzer, text, date, expected):
    assert holder(analyzer, text, date).actor == expected


def test_a_presumptive_nominee_is_one_between_clinching_and_the_convention(analyzer):
    # Trump clinched on 2016-05-03; Clinton on 2016-06-06; "the presumptive nominee" without a party names nobody.
    assert holder(analyzer, "The presumptive Democratic nominee said her rival was unfit.", "2016-05-20").actor != "Hillary Clinton"
    assert holder(analyzer, "The presumptive GOP nominee said the judge was unfair.", "2016-04-20").actor != "Donald Trump"
    assert holder(analyzer, "The presumptive nominee said the judge was unfair.", "2016-06-20").actor not in ("Donald Trump", "Hillary Clinton")
    found = stances(analyzer, "Voters in Ohio cheered the presumptive GOP nominee.", ["Donald Trump"], "2016-06-01")
    assert found == {(0, "Donald Trump"): (["the presumptive GOP nominee"], ["alias"])}


def test_an_epithet_out_of_its_dates_names_nobody_in_the_registry(analyzer):
    assert holder(analyzer, "The Democratic nominee attacked her opponent as a fraud.", "2019-03-01").actor != "Hillary Clinton"


def test_a_former_title_names_the_last_person_introduced_who_left_that_office(analyzer):
    text = ("Bill Clinton campaigned in Ohio with Barack Obama. The former president said the race was close. "
            "The president said it was not.")
    document = analyzer(text, metadata={"date": "2016-09-27"})
    assert [s.attribution.actor for s in document.sentences[1:]] == ["Bill Clinton", "Barack Obama"]
    # Nobody named before left the office: "the former president" names nobody.
    assert holder(analyzer, "Barack Obama spoke in Ohio. The former president said the race was close.").actor != "Barack Obama"


def test_role_epithets_are_mentions_of_their_holder(analyzer):
    text = "The Democratic nominee attacked Donald Trump on taxes. Voters in Ohio praised the Democratic nominee."
    found = stances(analyzer, text, ["Hillary Clinton"])
    assert found == {(1, "Hillary Clinton"): (["the Democratic nominee"], ["alias"])}


def test_a_bare_title_names_the_last_person_introduced_who_held_it(analyzer):
    text = (
        "President Obama met Hillary Clinton on Monday. "
        "Later the president praised the nominee. "
        "But the president's own party would not unify. "
        "The president of the company resigned."
    )
    document = analyzer.with_targets(["Barack Obama", "Hillary Clinton"])(text, metadata={"date": "2016-09-27"})
    later, party, company = document.sentences[1:]
    assert later.attribution.actor == "Barack Obama"
    assert later.stances["Hillary Clinton"].mention_texts == ["the nominee"]
    assert party.stances["Barack Obama"].mention_texts == ["the president"]
    assert party.stances["Barack Obama"].holder == AUTHOR
    # A title with its own complement names that office or nobody: not the president of the United States.
    assert company.stances == {} and company.attribution.actor != "Barack Obama"
    # Where the article has named no president, "the president" is nobody's mention.
    assert stances(analyzer, "Later the president praised the plan.", ["Barack Obama"]) == {}


def test_a_title_after_a_conjunction_or_adverb_is_still_a_mention(analyzer):
    text = ('President Obama vetoed the bill. "Neither the president nor Congress should make us wait," she said. '
            '"There is a disconnect between this White House and frankly the president," Flynn said.')
    found = stances(analyzer, text, ["Barack Obama"])
    assert found[(1, "Barack Obama")][0] == ["the president"]
    assert found[(2, "Barack Obama")][0] == ["the president"]


def test_the_2016_candidates_epithets_name_them_in_campaign_news(analyzer):
    text = "Bernie Sanders spoke in Ohio on Monday. The Vermont senator said the system was rigged. Trump met the former Florida governor."
    document = analyzer.with_targets(["Bernie Sanders", "Jeb Bush"])(text, metadata={"date": "2016-03-05"})
    vermont, florida = document.sentences[1], document.sentences[2]
    assert vermont.attribution.actor == "Bernie Sanders"  # a place inside the phrase gives way to it
    assert florida.stances["Jeb Bush"].mention_texts == ["the former Florida governor"]
    # Dated: in 2018 "the Vermont senator" names nobody the registry settles.
    later = analyzer(text, metadata={"date": "2018-03-05"}).sentences[1]
    assert [m.method for m in later.mentions if m.actor == "Bernie Sanders"] == []


def test_the_holders_office_named_anywhere_in_its_sentence_is_no_mention():
    from stance.actors import ActorRegistry
    from stance.records import Attribution

    text = "The Russian president spoke with the Chinese president, to whom he expressed his wish."
    putin = Mention(0, 21, "The Russian president", "Vladimir Putin", "person", "role")
    xi = Mention(33, 54, "the Chinese president", "Xi Jinping", "person", "role")
    he = text.index(" he ") + 1
    sentence = Sentence(0, text, 0, len(text), 0, mentions=[putin, xi],
                        attribution=Attribution("Vladimir Putin", "person", (he, he + 2), method="model", resolution="pronoun"))
    registry = ActorRegistry.default()
    russia, china = resolve_targets(["Russia", "China"], registry)
    date = dt.date(2022, 12, 30)
    # Putin holds the view: his office is no mention of Russia; Xi's office is a leader mention of China.
    assert target_mentions(sentence, russia, registry, date) == []
    assert [(m.text, m.match) for m in target_mentions(sentence, china, registry, date)] == [("the Chinese president", "leader")]


def test_a_surname_names_an_unknown_person_the_article_introduced(analyzer):
    text = (
        "The TV doctor Mehmet Oz has been called a charlatan by fellow physicians. "
        "But the stakes were real for Trump's sit down with Oz. "
        "Oz is hardly an impartial figure."
    )
    found = stances(analyzer, text, ["Mehmet Oz"])
    assert found[(1, "Mehmet Oz")] == (["Oz"], ["alias"])
    assert found[(2, "Mehmet Oz")] == (["Oz"], ["alias"])
    # Only after the full name: without it, "Oz" names nobody the user asked about.
    assert stances(analyzer, text.split(". ", 1)[1], ["Mehmet Oz"]) == {}


def test_the_short_name_an_article_uses_for_an_unknown_organisation_is_a_mention_of_it(analyzer):
    text = (
        "Daniel Montalvo, a member of Scientology all his life, was arrested on Friday. "
        "He was charged with taking hard drives from the Scientology organization. "
        "Montalvo is holding a copy of the book Blown for Good critical of Scientology, written by Marc Headley. "
        'His lawyer called him "a victim of the church of Scientology."'
    )
    found = stances(analyzer, text, ["Church of Scientology"])
    # The entity recogniser finds "Scientology" as an organisation in the third sentence only; the article names the
    # church in full only in the last, in lower case: every "Scientology" is a mention of it.
    assert [found.get((i, "Church of Scientology")) for i in range(4)] == [(["Scientology"], ["alias"])] * 4
    # Without the full name, "Scientology" names nobody the user asked about.
    assert stances(analyzer, text.rsplit(" His lawyer", 1)[0], ["Church of Scientology"]) == {}


def test_the_party_after_a_party_is_named_is_a_mention_of_it(analyzer):
    text = (
        "Republicans met in Cleveland on Monday. "
        "Delegates said the party must unite behind its nominee. "
        "Organizers of a party in the suburbs said nothing."
    )
    found = stances(analyzer, text, ["Republican Party"], date="2016-07-18")
    assert found[(1, "Republican Party")][0] == ["the party"]
    assert (2, "Republican Party") not in found  # "a party" names nobody
    document = analyzer.with_targets(["Republican Party"])(text, metadata={"date": "2016-07-18"})
    assert [m.method for m in document.sentences[1].mentions] == ["description"]
    nothing_before = stances(analyzer, "Delegates said the party must unite behind its nominee.", ["Republican Party"], date="2016-07-18")
    assert nothing_before == {}


def test_a_title_case_headline_names_the_people_the_entity_recogniser_runs_into_other_words(analyzer):
    # "Obama Power Plant Rules Face Key Test" and "Clinton Plan" are one entity each to the recogniser.
    text = "Obama Power Plant Rules Face Key Test In U.S. Court.\n\nPresident Barack Obama's climate rules face a court test."
    assert (0, "Barack Obama") in stances(analyzer, text, ["Barack Obama"])
    text = "Clinton Plan for Taxes Is Expansive but Complex.\n\nHillary Clinton would raise taxes on the rich."
    assert stances(analyzer, text, ["Hillary Clinton"])[(0, "Hillary Clinton")][0] == ["Clinton"]
    # An organisation's name stays whole: "US National Science Foundation" is no mention of the United States.
    text = "Senators Fault US National Science Foundation Over Grants.\n\nThe foundation declined to comment."
    assert stances(analyzer, text, ["United States"]) == {}


def test_title_case():
    from stance.attribution.mentions import title_case

    assert title_case("Obama Power Plant Rules Face Key Test In U.S. Court.") and title_case("GARLAND STEPS ASIDE NOW.")
    assert not title_case("The study was supported by the Croucher Foundation and the US National Park Service.")
    assert not title_case("Putin Said So.")  # too few long words to tell
    assert not title_case("Glenn Beck spoke in Iowa on Monday.")


def test_a_partys_national_committee_names_the_party(analyzer):
    found = stances(analyzer, "Russian hackers broke into the DNC's email servers.", ["Democratic Party", "Democratic National Committee"])
    assert found[(0, "Democratic Party")] == (["the DNC"], ["metonym"])
    assert found[(0, "Democratic National Committee")][1] == ["alias"]
    assert stances(analyzer, "Russian hackers broke into the DNC's email servers.", ["Republican Party"]) == {}


def test_a_state_names_its_national_team_in_a_report_on_the_teams_sport(analyzer):
    # Guideline T3: national sports teams are their own targets, not the state.
    targets = ["Sweden national football team", "South Korea national football team", "Sweden", "South Korea"]
    report = "On day five of the football World Cup, Sweden defeated South Korea 1-0. Sweden had more of the ball."
    found = stances(analyzer, report, targets)
    assert found[(0, "Sweden national football team")][0] == ["Sweden"]
    assert found[(0, "South Korea national football team")][0] == ["South Korea"]
    assert (1, "Sweden national football team") in found
    assert not any(target in ("Sweden", "South Korea") for _, target in found)  # the states are not scored there
    # Where the document is not about the sport, the state is the state.
    trade = stances(analyzer, "Sweden and South Korea signed a trade deal.", targets)
    assert set(trade) == {(0, "Sweden"), (0, "South Korea")}


def test_a_nation_the_registry_does_not_know_as_a_state_names_its_team_as_written(analyzer):
    targets = ["England national football team", "Harry Kane"]
    report = "In the football World Cup, Tunisia faced England. England had more of the ball. Harry Kane scored twice."
    found = stances(analyzer, report, targets)
    assert {key for key in found if key[1] == targets[0]} == {(0, targets[0]), (1, targets[0])}
    assert (2, "Harry Kane") in found  # the other targets of the report are still scored


MUSEUM = "National Museum of African American History and Culture"


def test_the_head_noun_of_a_named_institution_describes_it_after_its_full_name(analyzer):
    text = (
        "The museum was years late. "
        "Obama opened the National Museum of African American History and Culture on Saturday. "
        "Critics said this museum was long overdue. "
        "The museum of the future will be digital."
    )
    found = stances(analyzer, text, [MUSEUM])
    assert (0, MUSEUM) not in found  # before the article names it, "the museum" is nobody's
    assert found[(2, MUSEUM)] == (["this museum"], ["description"])
    assert (3, MUSEUM) not in found  # "the museum of ..." is another museum


def test_a_head_noun_two_named_things_share_describes_neither(analyzer):
    teams = stances(analyzer, "The Afghan robotics team and the Syrian refugee robotics team arrived. The team won a medal.",
                    ["Afghan robotics team", "Syrian refugee robotics team"])
    assert (1, "Afghan robotics team") not in teams and (1, "Syrian refugee robotics team") not in teams
    courts = stances(analyzer, "The U.S. Court of Appeals for the District of Columbia Circuit heard the case. "
                     "The New York Supreme Court ruled first. The court said little.",
                     ["U.S. Court of Appeals for the District of Columbia Circuit"])
    assert not any(index == 2 for index, _ in courts)  # "the court" could be either


def test_the_government_names_the_government_of_the_state_most_named(analyzer):
    text = "Obama visited Ethiopia in July. Two months before, the government presided over a sham election."
    assert stances(analyzer, text, ["Ethiopia"])[(1, "Ethiopia")][0] == ["the government"]  # a tie: the latest
    federal = stances(analyzer, "The U.S. economy grew. Teachers wanted the federal government to step back.", ["United States"])
    assert federal[(1, "United States")][0] == ["the federal government"]
    # With no state named before it, "the government" names nobody.
    assert stances(analyzer, "Two months before, the government presided over a sham election.", ["Ethiopia"]) == {}
    # The state the article is about, itself or through its ministers, not the last one listed.
    asylum = ("Britain will send questionnaires to asylum seekers. Rishi Sunak backed the plan. It covers people from Libya, "
              "Syria and Yemen. Critics attacked the government over the English-only forms.")
    found = stances(analyzer, asylum, ["United Kingdom", "Yemen"])
    assert (3, "United Kingdom") in found and (3, "Yemen") not in found
    # "The administration" is the United States government only, never the state named last.
    burma = ("Obama met Aung San Suu Kyi at the White House. Obama said Burma's reforms were incomplete, and rights groups "
             "warned that the administration was giving up leverage.")
    found = stances(analyzer, burma, ["Myanmar", "United States", "Barack Obama"])
    assert not any(target == "Myanmar" and texts == ["the administration"] for (_, target), (texts, *_) in found.items())


def test_a_state_named_before_government_is_a_mention_of_the_state(analyzer):
    found = stances(analyzer, "Strada accused the Saudi government of attempting to intimidate the families.", ["Saudi Arabia"])
    assert found[(0, "Saudi Arabia")][0] == ["the Saudi government"]


# -- 3. holders are actors -------------------------------------------------------------------


def test_a_relative_pronoun_takes_its_antecedent(analyzer):
    text = "He traveled to Florida to meet with Tom Devocht, who had told Daniel Montalvo that he would help."
    found = holder(analyzer, text)
    assert found.actor != "who"


@pytest.mark.parametrize("text", [
    "One of the two major candidates said the plan would fail.",
    "Some said the email was fake.",
    "Comments said the email was fake.",
    "The email said the deal was off.",
])
def test_quantifiers_and_common_nouns_are_never_actor_names(analyzer, text):
    assert holder(analyzer, text).actor.lower() not in {"one", "some", "comments", "email", "who", "the email"}


def test_a_source_that_names_nobody_is_an_unnamed_group(analyzer):
    found = holder(analyzer, "Some said the email was fake.")
    assert (found.actor, found.actor_type, found.resolution) == ("unnamed sources", "group", "unnamed")


@pytest.mark.parametrize("text", [
    "You can see that Donald Trump has changed the race.",
    "Anyone who watched the debate knows that Clinton won it.",
])
def test_a_generic_pronoun_names_nobody_and_the_author_holds(analyzer, text):
    assert holder(analyzer, text).actor == AUTHOR


@pytest.mark.parametrize("text, expected", [
    ("Clinton leads Trump by six points, according to a new poll by Quinnipiac University.", AUTHOR),
    ("Clinton raised $20 million in April, according to the AP.", AUTHOR),
    ("Vladimir Putin spoke on Friday. According to him, the talks with Beijing were a success.", "Vladimir Putin"),
])
def test_according_to_a_record_or_an_outlet_is_the_authors_fact(analyzer, text, expected):
    assert holder(analyzer, text).actor == expected


def test_a_party_adjective_before_its_members_names_the_party(analyzer):
    # Guideline D3: "Republican senators" is a mention of the party; the adjective alone is not.
    assert holder(analyzer, "Democratic leaders warned that Sanders could not win.").actor == "Democratic Party"
    found = stances(analyzer, "Republican senators blocked the nominee. The Republican candidate spoke.", ["Republican Party"])
    assert found == {(0, "Republican Party"): (["Republican senators"], ["alias"])}
    assert holder(analyzer, "Conservative lawmakers in Texas rejected the bill.").actor != "Conservative Party"
    # Its voters, however registered, and its establishment name it too; an event or its donors do not.
    text = ("Nine in 10 Democratic registered voters say she could win. The Republican establishment is struggling. "
            "The Republican primary was held in May. Republican donors gave less.")
    found = stances(analyzer, text, ["Republican Party", "Democratic Party"])
    assert found == {(0, "Democratic Party"): (["Democratic registered voters"], ["alias"]),
                     (1, "Republican Party"): (["Republican establishment"], ["alias"])}


def test_a_name_inside_a_description_is_not_the_holder(analyzer):
    described = holder(analyzer, "The popular commentator and Hillary Clinton supporter said the debate was a triumph.")
    assert described.actor != "Hillary Clinton"
    manager = holder(analyzer, "Hillary Clinton's campaign manager Robby Mook said the debate was a triumph.")
    assert manager.actor == "Robby Mook"


@pytest.mark.parametrize("text", [
    "I know all about Donald Trump and what he is doing to get himself elected.",
    "We asked readers whether Melania Trump's story would change their view of Donald Trump.",
    'Donald Trump spoke in Ohio. "I know what the voters want," he said. Like President Obama, I believe in the good sense of voters.',
])
def test_the_writers_own_first_person_is_the_authors(analyzer, text):
    # A column or a letter: "I" and "we" outside a quotation are the writer, not the last person named.
    assert holder(analyzer, text).actor == AUTHOR


def test_a_surname_the_tagger_takes_for_a_common_word_still_names_the_person():
    # "Matthews" is tagged a noun by the small English model; the document has introduced Chris Matthews.
    analyzer = stance.Analyzer(scorer=ConstantScorer())
    text = "Chris Matthews praised the debate. Matthews said Pence's performance should boost Trump's poll numbers."
    assert holder(analyzer, text).actor == "Chris Matthews"


def test_a_quoted_first_person_is_the_speakers(analyzer):
    text = 'Donald Trump spoke in Ohio on Monday. "I will win this state," Trump said. "I know it."'
    assert holder(analyzer, text, index=1).actor == "Donald Trump"
    assert holder(analyzer, text).actor == "Donald Trump"


def test_they_is_not_a_place(analyzer):
    text = "Politifact checked the claim about Chicago. They said the claim was true."
    assert holder(analyzer, text).actor not in ("Chicago", AUTHOR)


def test_a_pronoun_takes_an_antecedent_of_its_gender(analyzer):
    # The last holder is Mr. Trump, but "she" can only be the woman named before him.
    text = 'Hillary Clinton met voters in Ohio. Donald Trump said the race was over. "We will win this state," she said.'
    assert holder(analyzer, text).actor == "Hillary Clinton"
    assert holder(analyzer, text.replace("she said", "he said")).actor == "Donald Trump"


def model_holder(text: str, source: str, cue: str):
    """The attribution of the last sentence of ``text`` where the model marks ``source`` and ``cue``."""
    analyzer = stance.Analyzer(scorer=ConstantScorer(), attribution_model=None)
    analyzer.get_stage("attribution").model = SourceModel(source, cue)
    return analyzer(text, metadata={"date": "2016-02-20"}).sentences[-1].attribution


def test_a_holder_named_by_its_text_leaves_out_a_relative_clause():
    source = "Central European leaders who have been the strictest opponents of taking in migrants"
    found = model_holder(f"{source} have embraced the plan, they said.", source, "said")
    assert found.actor == "Central European leaders"


@pytest.mark.parametrize("text, expected", [
    ("Small groups of protesters continued to call for more information about the shooting.", "protesters"),
    ("A group of doctors in 2015 said the show was a fraud.", "doctors"),
])
def test_a_holder_named_by_its_text_leaves_out_counts_and_times(analyzer, text, expected):
    assert holder(analyzer, text).actor == expected
    assert _name_from_text("The Group of Seven") == "Group of Seven"  # a name, not a count


@pytest.mark.parametrize("text, expected", [
    ("The Russians said they expect a visit from China in the spring.", "Russia"),
    ("The Chinese said the talks with Moscow were a success.", "China"),
    ("Russian officials said the talks with Beijing were a success.", "Russia"),
    ("Many Mexicans said the wall was an insult.", "Mexicans"),  # people, not their state
    # The recogniser takes "Azerbaijani" for a person's name here; it is the demonym still.
    ("The Azerbaijani authorities declared war on Nagorno-Karabakh, leading to a four-year bloody conflict.", "Azerbaijan"),
])
def test_a_people_or_its_officials_speak_for_their_state(analyzer, text, expected):
    assert holder(analyzer, text, date="2022-12-30").actor == expected


def test_a_model_source_that_names_an_actor_holds_even_where_the_tagger_took_it_for_a_noun():
    # The tagger reads the sentence-initial "Trump" as the common noun "trump": the mention still names him.
    found = model_holder("Trump predicts that many of their supporters will switch to his side.", "Trump", "predicts")
    assert found.actor == "Donald Trump"
    # A number names nobody: the author holds.
    assert model_holder("Hundreds predict that the plan will fail.", "Hundreds", "predict").actor == AUTHOR


@pytest.mark.parametrize("text, expected", [
    ("Clinton insiders said the attacks were unfair.", "Clinton insiders"),
    ("Mrs. Clinton's advisers said the attacks were unfair.", "Clinton advisers"),
    ("Bernie Sanders spoke in Ohio. Supporters of Bernie Sanders said the count was unfair.", "Sanders supporters"),
    ("Bernie Sanders spoke in Ohio. Later his supporters said the count was unfair.", "Sanders supporters"),
])
def test_a_persons_people_are_a_group_named_by_surname_and_noun(analyzer, text, expected):
    found = holder(analyzer, text)
    assert (found.actor, found.actor_type) == (expected, "group")


@pytest.mark.parametrize("text, expected", [
    ("Diane Russell, the Sanders supporter from Maine, said the count was unfair.", "Diane Russell"),
    ("Bernie Sanders spoke in Ohio. On Monday, Sanders and his supporters said that the count was unfair.", "Bernie Sanders"),
    ("The state's top election official, a longtime supporter of Hillary Clinton, said the count was fair.", None),
])
def test_a_named_or_single_supporter_is_no_group(analyzer, text, expected):
    found = holder(analyzer, text)
    assert found.actor_type != "group" and (expected is None or found.actor == expected)


@pytest.mark.parametrize("text, expected", [
    ("Sources said the campaign had balked at the price.", "unnamed sources"),
    ("Hamdy was headed to Cairo, her friend said.", "unnamed friend"),
    ("After a long night, a Democratic senator said the votes would be held.", "unnamed Democratic senator"),
    ("A source familiar with the talks said the plan was to wait.", "unnamed source"),
])
def test_a_source_describing_someone_unnamed_is_named_by_the_description(analyzer, text, expected):
    assert holder(analyzer, text).actor == expected


def test_his_or_her_campaign_holds_for_its_candidate(analyzer):
    text = 'Donald Trump spoke in Ohio. Hillary Clinton was in Iowa. "His comments are no joke," her campaign said.'
    assert holder(analyzer, text).actor == "Hillary Clinton"


@pytest.mark.parametrize("text, expected", [
    ("Clinton defenders today argue that this was the best anyone could have done.", "Clinton defenders"),
    ("Anti-Trump forces on the floor said that delegates were not bound.", "forces"),
])
def test_a_name_before_a_follower_noun_or_after_anti_is_no_holder(analyzer, text, expected):
    found = holder(analyzer, text)
    assert found.actor not in ("Hillary Clinton", "Bill Clinton", "Donald Trump") and expected in found.actor


@pytest.mark.parametrize("text", [
    "Donald Trump isn't expected to attend the dinner with Hillary Clinton.",
    "Bernie Sanders was asked about Hillary Clinton's speeches.",
    "Bernie Sanders seems to enjoy the fight with Hillary Clinton.",
    "The Trump Organization did not respond to questions about Hillary Clinton's remarks.",
    "Through a spokeswoman, Donald Trump declined to comment on Hillary Clinton's speech.",
])
def test_passive_subjects_seeming_and_no_comment_hold_nothing(analyzer, text):
    assert holder(analyzer, text).actor == AUTHOR


def test_a_quotation_introduced_with_a_colon_is_held_by_its_introducer(analyzer):
    text = ('Kelli Ward spoke in Phoenix on Monday.\n\nDr. Ward stated:\n\n'
            '"The Justice Department has gone too far. Loretta Lynch should be impeached for this."')
    assert holder(analyzer, text).actor == "Kelli Ward"


def test_a_surname_the_tagger_takes_for_a_noun_still_introduces_a_quotation(analyzer):
    # spaCy tags "Rathbun" a common noun with no entity; the article introduced Mark Rathbun, so it names him, and a
    # sentence ending in its cue and a comma introduces the quoted paragraph as a colon does.
    for ending in (":", ","):
        text = (f"Mark Rathbun left the church in 2004.\n\nRathbun stated{ending}\n\n"
                '"Daniel was picked up by an investigator. He was deposited in an office."')
        holders = sentence_holders(analyzer, text, "2010-10-01")
        assert holders[1:] == [("Mark Rathbun", "verb-subject"), ("Mark Rathbun", "carried-over"), ("Mark Rathbun", "carried-over")]
    # a comma that is not the end of the speech tag introduces nothing
    text = 'The police said, however, that the case was closed.\n\n"We are done."'
    assert sentence_holders(analyzer, text)[1] == (AUTHOR, "none")


def test_a_sentence_opening_with_a_name_and_a_colon_is_held_by_the_named(analyzer):
    found = holder(analyzer, "Lindsey Graham: Donald Trump Is Destroying The Party's Chances.", index=0)
    assert (found.actor, found.method) == ("Lindsey Graham", "speaker-label")
    # A list in the body is the author's: only a page's title line quotes the named.
    assert holder(analyzer, "Each candidate has a goal this week. Bernie Sanders: Win in a walk.").actor == AUTHOR


def test_a_surname_holder_takes_the_given_names_the_article_writes_before_it(analyzer):
    # The entity recogniser takes the show's title for no name and "Maddow" alone for one.
    text = '"The Rachel Maddow Show" opened with the primary. "In any other year they would be on the list," Maddow said.'
    assert holder(analyzer, text).actor == "Rachel Maddow"


# -- 4. holders of deeds and offices ---------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("North Korea fired artillery at a loudspeaker in South Korea.", "North Korea"),
    ("Moscow has significantly increased energy exports to China.", "Russia"),
    ("Meanwhile, the object of Trump's admiration, Vladimir Putin, has used his invasions of Georgia as a threat to NATO.", "Vladimir Putin"),
])
def test_a_narrated_deed_aimed_at_a_target_is_held_by_its_actor(analyzer, text, expected):
    found = holder(analyzer, text)
    assert (found.actor, found.method) == (expected, "deed")


@pytest.mark.parametrize("text", [
    "Trump's comments came during a Fox & Friends interview with Hillary Clinton's former aides.",
    "The DNC's decision to bury the debates helped Republicans generate more enthusiasm.",
])
def test_a_thing_an_actor_owns_does_no_deed(analyzer, text):
    # Rule 8 needs an actor doing something; "Trump's comments" and "the DNC's decision" are things of the actor's.
    assert holder(analyzer, text).actor == AUTHOR


def test_a_relative_clause_on_the_object_of_a_preposition_only_describes():
    # The author's sentence is about the people the clause describes; their view is not the sentence's ...
    text = "The Vermont senator has been increasing his efforts to win over the Latino community, which largely supports immigration reform."
    assert model_holder(text, "which", "supports").actor == AUTHOR
    # ... but a speaker in such a clause still speaks.
    text = "He traveled to Florida to meet with Devocht, who had told Montalvo he would assist him with future employment and housing."
    assert model_holder(text, "who", "told").actor == "Devocht"
    text = "Clinton's position was supported Friday by Sen. Dianne Feinstein of California, who said the classification rules made no sense."
    assert model_holder(text, "who", "said").actor == "Dianne Feinstein"


@pytest.mark.parametrize("text, expected", [
    ("Kremlin-backed separatists said Ukraine had shelled the town.", "Kremlin-backed separatists"),
    ("Iran-backed Houthi rebels said they would keep attacking ships in the Red Sea.", "Houthis"),
])
def test_a_backer_named_before_backed_or_led_is_not_the_holder(analyzer, text, expected):
    # The separatists speak, not the Kremlin that backs them; rebels and separatists can hold a view.
    assert holder(analyzer, text, date="2016-06-01").actor == expected


def test_wins_leads_and_jobs_are_facts_not_deeds(analyzer):
    # Guideline D7: wins and losses are neutral facts, reported by the author.
    assert holder(analyzer, "Hillary Clinton won Nevada over Bernie Sanders on Saturday.").actor == AUTHOR
    assert holder(analyzer, "Berhanu Nega worked for the World Bank before he joined Ginbot 7.").actor == AUTHOR


@pytest.mark.parametrize("text", [
    "Hillary Clinton visited Ohio with Tim Kaine on Monday.",
    "Steve Bannon will interview Pamela Geller about the race.",
    "Sadiq Khan stepped down as a member of Parliament after the election.",
])
def test_travel_meetings_and_offices_are_events_not_deeds(analyzer, text):
    assert holder(analyzer, text).actor == AUTHOR


@pytest.mark.parametrize("text", [
    "Bill Clinton still shows flashes of brilliance against Donald Trump.",
    "A Des Moines Register poll found Donald Trump ahead of Ted Cruz in Iowa.",
])
def test_showing_and_finding_narrate_facts(analyzer, text):
    assert holder(analyzer, text).actor == AUTHOR


def test_a_sentence_about_its_subject_alone_stays_the_authors(analyzer):
    text = "Tom Clarke bought the mine in 2015. For every ton of coal he sells, Mr. Clarke attaches some of the credits."
    assert holder(analyzer, text).actor == AUTHOR


@pytest.mark.parametrize("text, expected", [
    ("KCNA said the drills were a provocation.", "North Korea"),
    ("A State Department spokesperson said the talks would go on.", "United States"),
    ("The Kremlin said the sanctions had failed.", "Russia"),
])
def test_state_media_spokespeople_and_offices_hold_for_their_state(analyzer, text, expected):
    assert holder(analyzer, text).actor == expected


@pytest.mark.parametrize("text, expected", [
    ("White House press secretary Josh Earnest said the bill was a mistake.", "Barack Obama"),
    ('"It is a mistake," said Josh Earnest, the White House press secretary.', "Barack Obama"),
    ("Hillary Clinton spoke. Clinton campaign spokesman Brian Fallon said Trump was lying.", "Hillary Clinton"),
    ('Hillary Clinton spoke. "He is lying," said Brian Fallon, a spokesman for the Clinton campaign.', "Hillary Clinton"),
    ("Sean Spicer, chief strategist for the Republican National Committee, said the polls were wrong.", "Sean Spicer"),
    ("Steve Whitmore, a representative for the Los Angeles Police Department, told reporters the case was closed.", "the Los Angeles Police Department"),
    ("Representative Adam Schiff of California said the hack was a threat.", "Adam Schiff"),
])
def test_a_named_spokesperson_holds_for_the_principal(analyzer, text, expected):
    assert holder(analyzer, text).actor == expected


@pytest.mark.parametrize("text, expected", [
    ("Trump campaign chairman Paul Manafort said the candidate's appeal would transcend race.", "Paul Manafort"),
    ("Donald Trump spoke on Monday. The Trump campaign said the rally would go ahead.", "Donald Trump"),
])
def test_a_campaign_officer_holds_as_themselves_and_the_campaign_for_its_candidate(analyzer, text, expected):
    # Guideline D1: campaign managers and chairmen hold as themselves; T3: a campaign holds for its candidate.
    assert holder(analyzer, text).actor == expected


def test_a_transcript_turn_is_held_by_its_labelled_speaker(analyzer):
    text = (
        "Mike Pence spoke to Fox News host Chris Wallace on Sunday.\n\n"
        '"WALLACE: Let us start with the debate. Why would Trump do that? And will Gennifer Flowers be there?\n\n'
        '"PENCE: Well, look, Hillary Clinton thinks this is a game. Donald Trump was mocking her.\n\n'
        "UPDATE: The campaign said the invitation stands."
    )
    holders = sentence_holders(analyzer, text, "2016-09-25")
    assert holders[1:4] == [("Chris Wallace", "speaker-label")] * 3
    assert holders[4:6] == [("Mike Pence", "speaker-label")] * 2
    # A label the article never writes as a name is no speaker.
    assert holders[6][1] != "speaker-label"


def test_the_white_house_is_the_president_at_home_and_the_state_abroad(analyzer):
    text = "The White House praised Hillary Clinton on Monday. The White House condemned Russia over the hack."
    targets = ["Barack Obama", "United States", "Hillary Clinton", "Russia"]
    document = analyzer.with_targets(targets)(text, metadata={"date": "2016-09-27"})
    domestic, foreign = document.sentences
    assert domestic.attribution.actor == "Barack Obama" and foreign.attribution.actor == "United States"
    # As a target: the president in domestic politics, the state in foreign relations (guideline D2).
    text = "Voters in Ohio criticised the White House on Monday. Moscow criticised the White House on Monday."
    found = stances(analyzer, text, targets)
    assert found[(0, "Barack Obama")] == (["the White House"], ["metonym"]) and (0, "United States") not in found
    assert found[(1, "United States")] == (["the White House"], ["metonym"]) and (1, "Barack Obama") not in found
    # A named administration is its president's: "a Trump administration" is Donald Trump's.
    assert stances(analyzer, "A Trump administration would hurt voters, critics said.", ["Donald Trump"]) == {
        (0, "Donald Trump"): (["Trump administration"], ["metonym"])}
    # ... in foreign relations too: "the Obama administration's waiver on Burma" names Barack Obama.
    found = stances(analyzer, "McConnell backed the Obama administration's waiver on investment in Burma.", ["Barack Obama", "United States"])
    assert found[(0, "Barack Obama")] == (["the Obama administration"], ["metonym"]) and (0, "United States") not in found


# -- targets the registry does not know --------------------------------------------------------


def test_an_unknown_capitalised_target_matches_only_as_written(analyzer):
    text = "It is time to act, the mayor said on Monday. Time named the mayor its person of the year."
    found = stances(analyzer, text, ["Time", "The Nation"])
    assert set(found) == {(1, "Time")}
    # A leading "the" matches in either case; the rest of the name as written.
    assert news_pattern(Target("The Nation", None, ("The Nation",))).findall("the Nation and the nation") == ["the Nation"]
    found = stances(analyzer, "Critics wrote in the Nation that the nation was tired.", ["The Nation"])
    assert len(found[(0, "The Nation")][0]) == 1
    # A target written in lower case still matches in any case.
    assert set(stances(analyzer, "Climate change is real. The mayor fought climate change.", ["climate change"])) == {(0, "climate change"), (1, "climate change")}


def test_a_short_form_names_an_unknown_target_only_after_its_full_name(analyzer):
    text = "The mayor criticised Scientology."
    scientology = Mention(21, 32, "Scientology", "Scientology", "organisation", "ner")
    sentence = Sentence(0, text, 0, len(text), 0, mentions=[scientology])
    (church,) = resolve_targets(["Church of Scientology"])
    found = target_mentions(sentence, church, introduced=True)
    assert [(m.text, m.match) for m in found] == [("Scientology", "alias")]
    # Where the article never names the Church of Scientology in full, "Scientology" is no mention of it.
    assert target_mentions(sentence, church, introduced=False) == []
    # End to end: the article never names Carol Sanders or the Senate Finance Committee, so
    # "Sanders" and "Senate" are other actors' names, not short forms of these targets.
    text = "Bernie Sanders won the primary in Vermont. The mayor praised Sanders and the Senate on Monday."
    assert stances(analyzer, text, ["Carol Sanders", "Senate Finance Committee"]) == {}


def test_the_word_for_an_organisations_kind_is_no_short_form_of_it():
    text = "Coal is not the villain, and Patriot said so."
    coal = Mention(0, 4, "Coal", "Coal", "organisation", "ner")
    patriot = Mention(28, 35, "Patriot", "Patriot", "organisation", "ner")
    sentence = Sentence(0, text, 0, len(text), 0, mentions=[coal, patriot])
    (company,) = resolve_targets(["Patriot Coal"])
    assert [(m.text, m.match) for m in target_mentions(sentence, company)] == [("Patriot", "alias")]


def test_a_place_after_a_locative_preposition_is_a_location_not_a_target(analyzer):
    text = (
        "Thousands of refugees in Syria waited for aid on Monday. "
        "The European Union imposed sanctions on Syria. "
        "The senator spoke at the White House about weapons for Ukraine. "
        "Thousands marched in Paris against the pension reform."
    )
    found = stances(analyzer, text, ["Syria", "United States", "Ukraine", "France"])
    # "in Syria" and "at the White House" say where; "sanctions on Syria" and "for Ukraine" name targets.
    assert set(found) == {(1, "Syria"), (2, "Ukraine")}


def test_the_words_of_a_mention_name_an_unknown_target_whatever_longer_name_it_was_linked_to():
    # A title-case headline gave the entity recogniser a long span, and the document's later
    # "FDIC" was linked to it: the words still name the target.
    text = "Officials at the FDIC hid the breach."
    fdic = Mention(17, 21, "FDIC", "FDIC Accused Of Covering Up China Hacking", "organisation", "ner")
    sentence = Sentence(0, text, 0, len(text), 0, mentions=[fdic])
    (target,) = resolve_targets(["FDIC"])
    assert [(m.text, m.match) for m in target_mentions(sentence, target, introduced=True)] == [("FDIC", "name")]


def test_an_unknown_target_is_named_by_its_acronym_after_its_full_name(analyzer):
    assert acronyms_of("Internal Revenue Service") == ("IRS", "I.R.S.")
    assert acronyms_of("Department of Justice") == ("DOJ", "D.O.J.")  # "DJ" is too short
    assert acronyms_of("Donald Trump") == () and acronyms_of("climate change") == ()
    assert acronyms_of("Hewlett-Packard") == ("HP",) and acronyms_of("Anti-Defamation League") == ("ADL", "A.D.L.")
    text = "The Environmental Protection Agency issued new rules on Monday. Coal companies sued the EPA."
    found = stances(analyzer, text, ["Environmental Protection Agency"])
    assert found[(1, "Environmental Protection Agency")] == (["EPA"], ["alias"])
    # Without the full name in the article, three capitals are no mention of it.
    assert stances(analyzer, "Coal companies sued the EPA.", ["Environmental Protection Agency"]) == {}


# -- 3. holders: people's nouns, attitude and speech verbs, institutions described after their name ------


def test_a_group_of_people_named_by_an_agent_noun_holds_its_view(analyzer):
    text = ("Mr. Clarke took over the mines in 2015. "
            "But environmentalists worry that Mr. Clarke is breathing new life into a polluting industry.")
    assert holder(analyzer, text).actor == "environmentalists"
    # A thing's noun still holds nothing: the author narrates.
    assert holder(analyzer, "The report worries that Mr. Clarke is breathing new life into coal.").actor == AUTHOR


@pytest.mark.parametrize("text, expected", [
    ("Gov. Earl Ray Tomblin lauded Mr. Clarke in his address for helping develop new ideas.", "Earl Ray Tomblin"),
    ("Chris Matthews spoke on Tuesday. He characterized Tim Kaine as a little desperate.", "Chris Matthews"),
    ("Donald Trump openly admires Vladimir Putin as a strong leader.", "Donald Trump"),
    ("Mike Pence echoed statements by Donald Trump that those who question bias are right.", "Mike Pence"),
])
def test_verbs_of_evaluation_and_attitude_name_their_subject_the_holder(analyzer, text, expected):
    attribution = holder(analyzer, text)
    assert (attribution.actor, attribution.method) == (expected, "verb-subject")  # a view reported, not a deed


def test_the_head_noun_of_an_organisations_registry_name_describes_it(analyzer):
    # The registry calls it "IMF"; its alias "International Monetary Fund" ends in "fund".
    text = "The IMF cut its forecast on Tuesday. Overall, the fund predicted that Japan will grow 1.6 percent."
    assert holder(analyzer, text).actor == "IMF"


def test_a_party_in_one_persons_description_is_no_mention_of_it(analyzer):
    # Guidelines D4 and D5: "the GOP nominee" describes a person; the party is that person's affiliation.
    targets = ["Republican Party"]
    assert stances(analyzer, "The GOP presidential nominee argued that the files are off-limits.", targets) == {}
    assert stances(analyzer, "It was the first proposal of its kind from a top GOP contender.", targets) == {}
    assert stances(analyzer, "Analysts said the GOP nominee attacked Hillary Clinton.", targets) == {}  # a name later on
    # A description after a comma is another person's: "sue Saudi Arabia, Democratic nominee Hillary Clinton ..."
    found = stances(analyzer, "Families want to sue Saudi Arabia, Democratic nominee Hillary Clinton said.", ["Saudi Arabia"])
    assert found[(0, "Saudi Arabia")][0] == ["Saudi Arabia"]
    # A plural of members and an event of the party still name it (D3 and rule 11).
    assert stances(analyzer, "Analysts said GOP nominees fared badly.", targets)[(0, "Republican Party")][0] == ["GOP"]
    assert stances(analyzer, "Analysts said they met in the GOP presidential primary.", targets)[(0, "Republican Party")][0] == ["the GOP"]


def test_a_compass_word_before_a_name_makes_another_place(analyzer):
    assert stances(analyzer, "He went hiking in South America, where he met his wife.", ["United States"]) == {}
    assert stances(analyzer, "Trump gained in some polls in the Middle West and Florida.", ["the West"]) == {}
    assert stances(analyzer, "Russian jets flew over Northern Europe again.", ["Europe"]) == {}
    assert stances(analyzer, "Analysts said America and Europe must act.", ["United States", "Europe"]).keys() == {(0, "United States"), (0, "Europe")}


@pytest.mark.parametrize("text, target", [
    ("He was released on US$ 20,000 bail on Thursday.", "United States"),
    ("The explosion went off in front of 131 West 23rd Street, the police said.", "the West"),
    ("A USA TODAY analysis of super PACs shows Democrats ahead.", "United States"),
])
def test_a_name_inside_a_currency_an_address_or_a_longer_name_is_no_mention(analyzer, text, target):
    assert stances(analyzer, text, [target]) == {}


def test_a_name_in_a_headline_in_capitals_is_still_a_mention(analyzer):
    assert stances(analyzer, "TRUMP SAYS RUSSIA IS A FRIEND", ["Russia"]).keys() == {(0, "Russia")}
    assert stances(analyzer, "US EU trade talks stalled again.", ["United States"]).keys() == {(0, "United States")}  # the EU is an actor
    assert stances(analyzer, "Group F: Sweden 1 - 0 Korea Republic", ["Sweden"]).keys() == {(0, "Sweden")}  # a score


def test_a_group_phrases_common_noun_describes_nothing(analyzer):
    # "the Western world" is an alias of the West; "the world" after it is not the West.
    text = "Western countries imposed sanctions. Putin said this would demonstrate to the world the closeness of relations."
    assert (1, "the West") not in stances(analyzer, text, ["the West"], date="2022-12-30")


def test_a_platform_written_where_something_was_said_is_no_target_in_any_form(analyzer):
    assert stances(analyzer, "Follow him on Twitter: @AWRHawkins.", ["Twitter"]) == {}
    assert stances(analyzer, "Twitter gave the student an internship.", ["Twitter"]).keys() == {(0, "Twitter")}


def test_a_targets_name_may_hold_a_demonym_and_describes_it_among_rivals_by_a_word_that_tells_them_apart(analyzer):
    targets = ["Afghan robotics team", "Estonian robotics team"]
    text = ("The Afghan robotics team won silver. The Estonian robotics team won gold. "
            "The six-member Afghan team had been denied visas. The team arrived late.")
    found = stances(analyzer, text, targets, date="2017-07-19")
    assert found[(0, "Afghan robotics team")][0] == ["Afghan robotics team"]  # "Afghan" inside it is no obstacle
    assert found[(2, "Afghan robotics team")][0] == ["The six-member Afghan team"]
    assert not any(index == 3 for index, _ in found)  # "the team" could be either
    assert stances(analyzer, "Russia and West Virginia signed a deal.", ["Virginia"]) == {}  # a name inside a longer one


def test_a_counterpart_is_a_mention_of_the_office_holder_in_the_other_state(analyzer):
    text = 'Putin spoke with Xi on Friday. Putin expressed to his Chinese counterpart his desire to "increase cooperation".'
    found = stances(analyzer, text, ["China"], date="2022-12-30")
    assert found[(1, "China")] == (["his Chinese counterpart"], ["leader"])  # Xi acting for China (D9)


def test_mr_president_addresses_the_last_president_named_other_than_the_speaker(analyzer):
    text = ('Putin spoke with Xi Jinping on Friday. Putin assured that he is waiting for it. '
            '"We are waiting for you, dear Mr. President, dear friend," Putin said.')
    document = analyzer.with_targets(["China"])(text, metadata={"date": "2022-12-30"})
    addressed = [(m.text, m.actor) for m in document.sentences[2].mentions if m.method == "role"]
    assert addressed == [("Mr. President", "Xi Jinping")]
    assert document.sentences[2].stances["China"].mention_texts == ["Mr. President"]  # Xi acting for China (D9)
    assert document.sentences[2].stances["China"].holder == "Vladimir Putin"


def test_a_name_matches_without_its_generational_suffix_and_in_either_spelling(analyzer):
    text = "My father referred to Martin Luther King with contempt. A World Health Organisation report disagreed."
    found = stances(analyzer, text, ["Martin Luther King Jr.", "World Health Organization"])
    assert found[(0, "Martin Luther King Jr.")][0] == ["Martin Luther King"]
    assert found[(1, "World Health Organization")][0] == ["World Health Organisation"]  # the entity's "A" is no part of it
    assert spelling_variants("Ministry of Defence") == {"Ministry of Defense"} and spelling_variants("Jr.") == set()


def test_a_model_source_that_cuts_a_name_short_is_completed_to_the_name():
    # Only the model finds this source (no cue verb of the lexicon); its span stops inside the name.
    text = "Former President Bill Clinton pooh-poohed the consensus on the bill."
    found = model_holder(text, "Former President Bill", "pooh-poohed")
    assert (found.method, found.source_text) == ("model", "Former President Bill Clinton")


def test_two_names_the_entity_recogniser_runs_together_over_the_are_no_longer_name_of_either(analyzer):
    text = ("Mark Rathbun left in 2004. According to Rathbun the Scientology property was returned by mail. "
            "Montalvo later read about Scientology on the Internet.")
    document = analyzer(text, metadata={"date": "2010-10-01"})
    # The entity recogniser reads "Rathbun the Scientology" as one organisation; its last word is no name of it later.
    assert "Rathbun the Scientology" in {m.actor for m in document.sentences[1].mentions}
    assert all(m.actor != "Rathbun the Scientology" for m in document.sentences[-1].mentions)


def test_a_pronoun_takes_a_person_named_before_it_in_its_own_sentence(analyzer):
    # The last holder is Xi, but "he" follows Putin in its own sentence (as in the canonical article's "since Putin
    # decided ... what he called"); a name inside a quotation is no antecedent of the speaker's "he".
    first = "Xi Jinping said the talks were useful. "
    assert holder(analyzer, first + "Voters cheered when Vladimir Putin arrived, and he said the talks went well.").actor == "Vladimir Putin"
    assert holder(analyzer, first + '"We trust Vladimir Putin," he said.').actor == "Xi Jinping"


def test_a_transcript_label_that_opens_two_turns_names_a_speaker_the_article_never_introduces(analyzer):
    text = (
        "Mike Pence spoke on Fox News Sunday.\n\n"
        '"WALLACE: Why would Trump do that?\n\n'
        '"PENCE: Hillary Clinton thinks this is a game.\n\n'
        '"Donald Trump was mocking her.\n\n'
        '"WALLACE: Will Gennifer Flowers be there?\n\n'
        "The debate is on Monday."
    )
    holders = sentence_holders(analyzer, text, "2016-09-25")
    assert holders[1] == holders[4] == ("Wallace", "speaker-label")
    # A quoted paragraph without a label continues the turn before it; a narrated one ends it.
    assert holders[2] == holders[3] == ("Mike Pence", "speaker-label")
    assert holders[5][1] != "speaker-label"
    # Only a word of letters is a name in capitals: "G-III" (a company) stays as written, no "G-Iii".
    assert (as_name("WALLACE"), as_name("G-III"), as_name("CIA")) == ("Wallace", "G-III", "CIA")


def test_a_person_holds_the_pair_toward_the_organisation_in_their_title_or_affiliation(analyzer):
    # The annotators give the speaker a (mostly neutral) view of their own organisation; a person joined to the
    # speaker by "and" is no affiliation, and the author keeps that pair.
    mulgrew = "Michael Mulgrew, president of the United Federation of Teachers, said he hopes the day of action sends a message."
    document = analyzer.with_targets(["United Federation of Teachers"])(mulgrew, metadata={"date": "2016-09-27"})
    assert document.sentences[0].stances["United Federation of Teachers"].holder == "Michael Mulgrew"
    joined = "Hillary Clinton and former Maryland Gov. Martin O'Malley have pledged to act as well."
    document = analyzer.with_targets(["Martin O'Malley"])(joined, metadata={"date": "2016-09-27"})
    assert document.sentences[0].attribution.actor == "Hillary Clinton"
    assert document.sentences[0].stances["Martin O'Malley"].holder == AUTHOR


def test_a_model_source_that_stops_at_an_honorific_takes_the_name_after_it():
    found = model_holder("Mr. Podesta and Todd Stern began arduous negotiations with China.", "Mr", "began")
    assert (found.source_text, found.actor) == ("Mr. Podesta", "John Podesta")
    found = model_holder("Senator Bernie Sanders pooh-poohed the consensus on the bill.", "Senator", "pooh-poohed")
    assert found.source_text == "Senator Bernie Sanders"  # whether it holds is the learned decision's call


def test_a_model_source_that_ends_at_a_possessive_names_its_owner():
    # The model's span stops at the possessive ("Donald Trump's accusation that ..."): the name is the holder, not a
    # description of one, and no unknown actor "Donald Trump's" is made; with the noun inside the span, the name only
    # describes the holder, as before.
    text = "Donald Trump's accusation that Hillary Clinton plays the woman's card touched off a contentious debate."
    found = model_holder(text, "Donald Trump's", "accusation")
    assert (found.actor, found.source_text) == ("Donald Trump", "Donald Trump's")
    assert model_holder(text, "Donald Trump's accusation", "touched").actor != "Donald Trump"


def test_a_deed_aimed_at_states_named_by_their_adjectives_is_held_by_its_actor(analyzer):
    # Guideline rule 8: Russia's incursions are Russia's deed toward Sweden, though only "Swedish" names it.
    found = holder(analyzer, "Russia has made submarine incursions into Swedish and Finnish waters.")
    assert (found.actor, found.method) == ("Russia", "deed")
    assert holder(analyzer, "Russia has made submarine incursions into the waters.").actor == AUTHOR


LEDE = (
    "Former party chairman calls for contingency plan.\n\nA former Democratic National Committee chairman says the party"
    " should come up with a plan for the off-chance that Hillary Clinton leaves the race.\n\n"
    '"Now is the time for all good political leaders to come to the aid of their party," said Don Fowler, who helmed'
    " the committee from 1995 to 1997."
)


def test_a_headline_and_lede_that_describe_a_person_name_the_person_named_just_below(analyzer):
    holders = [(s.attribution.actor, s.attribution.resolution) for s in analyzer(LEDE, metadata={"date": "2016-09-12"}).sentences]
    assert holders == [("Don Fowler", "cataphora"), ("Don Fowler", "cataphora"), ("Don Fowler", "ner")]
    # An unnamed official holds for their organisation (rule 9), not for the person named below.
    official = LEDE.replace("A former Democratic National Committee chairman says", "A State Department official says")
    assert holder(analyzer, official, "2016-09-12", index=1).actor != "Don Fowler"
    # Far from the top of the article a description names nobody below it.
    late = "The party met on Monday. It met again on Tuesday. Both meetings were long.\n\n" + LEDE
    assert holder(analyzer, late, "2016-09-12", index=3).actor != "Don Fowler"


def test_an_organisation_named_by_its_first_word_as_a_subject_is_the_organisation(analyzer):
    text = "The company was a spinoff of the coal mining giant Peabody Energy. In a statement, Peabody said the company was highly successful."
    assert holder(analyzer, text).actor == "Peabody Energy"
    # A noun with its determiner is no name: "the Ohio Republican" is a person, not the Republican National Committee.
    text = "The Republican National Committee met on Monday. Asked about it, the Ohio Republican said the plan was worrisome."
    assert holder(analyzer, text).actor != "Republican National Committee"


def test_a_paragraph_quoted_as_a_block_after_a_speech_verb_and_a_colon_is_the_speakers(analyzer):
    # Scraped pages keep block quotes without quotation marks: "The governor added:" introduces the next paragraph.
    text = (
        "Chris Christie blasted Hillary Clinton on Wednesday.\n\n"
        "The governor added:\n\n"
        "It's typical of Hillary Clinton. She knows nothing, but the mouth never stops.\n\n"
        "Clinton's comments came as the facts emerged."
    )
    holders = sentence_holders(analyzer, text, "2016-09-21")
    assert holders[2] == holders[3] == ("Chris Christie", "carried-over")
    assert holders[4][0] == "author"  # the block ends with its paragraph
    # A colon after other words than the speech verb introduces no quotation: a list, a video, a narration.
    text = "Chris Christie spoke about the shooting and its aftermath:\n\nIt's typical of Hillary Clinton."
    assert sentence_holders(analyzer, text, "2016-09-21")[1][0] == "author"


def test_a_nationality_word_ending_in_s_is_no_mention_of_its_state(analyzer):
    # "Swiss" is an adjective like "Russian" (guideline D3); it once matched as if it were a plural naming the people.
    assert (0, "Switzerland") not in stances(analyzer, "Swiss banks were fined by the regulator.", ["Switzerland"])
    assert (0, "Switzerland") in stances(analyzer, "The regulator criticised Switzerland for its bank secrecy.", ["Switzerland"])


def test_an_entity_is_named_without_an_owners_possessive_or_a_persons_titles(analyzer):
    # The entity recogniser runs an outlet's possessive and a person's titles into the name.
    assert holder(analyzer, "The New Republic’s Jeet Heer sees the piece as a return to aristocratic conservatism.").actor == "Jeet Heer"
    assert holder(analyzer, "However, as Archbishop Aris Shirvanian told the Associated Press, Israel should act.").actor == "Aris Shirvanian"
    text = "Former AG Mukasey at RNC: Clinton email scandal disqualifies her. Michael Mukasey spoke on Monday. Former AG Mukasey said she lied."
    assert holder(analyzer, text).actor == "Michael Mukasey"
    # A title that begins a name stays: "Lady Gaga" is not "Gaga".
    assert holder(analyzer, "Lady Gaga said she supports the plan.").actor == "Lady Gaga"
    # A function word the recogniser opens a name with is not part of it ("Beneath Clinton's wins").
    text = "Beneath Clinton's wins, signs of trouble;\n\nTurnout fell among the voters Mrs. Clinton must win.\n\nHillary Clinton won."
    document = analyzer(text, metadata={"date": "2016-03-04"})
    assert [m.actor for m in document.sentences[1].mentions if m.text == "Clinton"] == ["Hillary Clinton"]


def test_a_surname_takes_the_full_name_around_a_nickname_and_after_a_pronoun_or_a_firm_like_tag(analyzer):
    # 'George "Jay" Keyworth' gives the full name to "Keyworth" and to the "he" that refers back to him.
    text = 'It came from the board\'s longest-serving director, George "Jay" Keyworth. In 2000, Keyworth said she should call Compaq. Keyworth was trusted, and he said the deal was a good one.'
    holders = sentence_holders(analyzer, text, "2016-01-20")
    assert holders[1][0] == holders[2][0] == "George Keyworth"
    # A surname the entity recogniser tags as an organisation, with the given name before it in the source.
    assert holder(analyzer, "Ilya Shapiro argues at The Federalist that the blame belongs to the court.").actor == "Ilya Shapiro"


def test_a_title_case_first_line_gives_no_full_names_and_its_run_on_entity_is_cut_to_the_bodys_name(analyzer):
    # A scraped page's title (a body sentence in title case) runs the name into the verb after it.
    text = (
        "Glenn Beck Blasts Drudge for Mocking His Fast.\n\n"
        "After blasting the Drudge Report, Glenn Beck doubled down on his criticism of Donald Trump.\n\n"
        "At a rally for Ted Cruz yesterday, Beck said the senator was anointed."
    )
    document = analyzer(text, metadata={"date": "2016-05-03"})
    assert [m.actor for m in document.sentences[0].mentions if m.actor_type == "person"][0] == "Glenn Beck"
    assert document.sentences[2].attribution.actor == "Glenn Beck"


def test_a_persons_office_and_unnamed_spokesperson_hold_for_the_person(analyzer):
    # Guideline rule 9: an office and an unnamed spokesperson hold for their principal, a person as an organisation.
    text = "Colin Powell met the press on Monday. Powell’s office said the emails were hacked. Trump's spokeswoman called it a disgrace."
    holders = sentence_holders(analyzer, text, "2016-09-08")
    assert holders[1][0] == "Colin Powell"
    assert holders[2][0] == "Donald Trump"
    assert holder(analyzer, "Congressman Trey Gowdy’s office slammed the lawsuit.", "2015-10-14").actor == "Trey Gowdy"
    # A named spokesperson holds for the principal, an adviser as themselves (D1): the office rule changes neither.
    assert holder(analyzer, "Powell’s chief of staff said the emails were hacked.", "2016-09-08").actor != "Colin Powell"


def test_the_campaign_holds_for_the_candidate_of_the_last_campaign_named(analyzer):
    text = (
        "The Trump campaign unveiled a child care plan on Tuesday. "
        "The campaign has credited Ivanka Trump with inspiring the proposal."
    )
    assert sentence_holders(analyzer, text, "2016-09-14")[1][0] == "Donald Trump"
    # With no campaign named before it, "the campaign" names nobody in particular.
    assert holder(analyzer, "The campaign has credited Ivanka Trump with inspiring the proposal.", "2016-09-14").actor != "Donald Trump"


def test_a_name_the_registry_gives_one_person_names_the_person_the_article_introduced_first(analyzer):
    # "Trump" is the registry's Donald Trump, but in an article about Ivanka Trump it is Ivanka (issue 17: a surname
    # resolves to the person the article has introduced, not to a registry default).
    text = (
        "Ivanka Trump launched a new clothing line on Monday. Trump told Vogue that the line was her best. "
        "Her father, Donald Trump, praised it."
    )
    assert sentence_holders(analyzer, text, "2016-09-14")[1][0] == "Ivanka Trump"
    # An entity the recogniser runs into the name introduces nobody: "Obama" stays Barack Obama.
    text = "Derelict Obama and Clinton;\n\nObama and Clinton continue to ignore the threat."
    document = analyzer(text, metadata={"date": "2016-09-14"})
    assert [m.actor for m in document.sentences[1].mentions if m.text == "Obama"] == ["Barack Obama"]


def test_she_is_no_person_whose_given_name_the_registry_knows_only_for_men(analyzer):
    # George Keyworth is not in the registry; every George in it is a man, so "she" refers to Carly Fiorina.
    text = (
        'Carly Fiorina met the board. Its longest-serving director, George "Jay" Keyworth, spoke first. '
        '"Compaq will come to us," she predicted.'
    )
    assert sentence_holders(analyzer, text, "2016-01-20")[2][0] == "Carly Fiorina"


def test_a_person_named_with_a_quoted_nickname_is_one_mention_without_it(analyzer):
    # The entity recogniser ends the name inside the nickname ('John “Tig'), which made a junk holder.
    document = analyzer("Marine John “Tig” Tiegen said the rescue came too late. Tiegen added that the order to wait was wrong.",
                        metadata={"date": "2016-01-20"})
    assert [(m.text, m.actor) for m in document.sentences[0].mentions] == [("John “Tig” Tiegen", "John Tiegen")]
    assert [s.attribution.actor for s in document.sentences] == ["John Tiegen", "John Tiegen"]


def test_a_relative_pronoun_after_a_list_of_names_takes_the_last_name_before_it():
    # The parse attaches the relative clause to the first name of the list; the model marks "who" as the source.
    text = ("The ceremony featured celebrities like Oprah Winfrey, Will Smith, Patti LaBelle and Stevie Wonder, "
            "who joked of the museum, ''I haven't seen it yet.''")
    assert model_holder(text, "who", "joked").actor == "Stevie Wonder"


def test_a_poll_figure_run_into_a_name_is_no_part_of_it(analyzer):
    text = "Hillary Clinton and Donald Trump debated. The average of polls shows Clinton leading Trump 47.3 percent to 44.1 percent."
    assert (1, "Donald Trump") in stances(analyzer, text, ["Donald Trump", "Hillary Clinton"])


def test_two_demonyms_joined_by_a_hyphen_name_both_states(analyzer):
    # "Russian-Chinese relations" names both parties (the example article's annotators read it so); a demonym alone
    # stays no mention (guideline D3).
    text = 'According to Putin, this would "demonstrate to the world the closeness of Russian-Chinese relations." Russian bombers flew.'
    found = stances(analyzer, text, ["China", "Russia"], "2022-09-27")
    assert found[(0, "China")] == (["Chinese"], ["alias"]) and (0, "Russia") in found
    assert not any(index == 1 for index, _ in found)


def test_according_to_a_surname_names_the_registry_person(analyzer):
    # The "to" of "according to" is no preposition inside the source that would make the name a mere description.
    assert holder(analyzer, "According to Putin, this would be good.").actor == "Vladimir Putin"


def test_a_headline_that_reports_an_actors_words_is_held_by_that_actor(analyzer):
    # The example article's headline: "Putin calls on Xi" is Putin's view of China, as its annotators read it.
    document = analyzer.with_targets(["China", "Russia"])(
        "Russia looks east: Putin calls on Xi to increase military cooperation\n\nThe Russian president spoke with Xi Jinping on Friday.\n",
        metadata={"date": "2022-12-30"})
    headline = document.sentences[0]
    assert headline.kind == "headline"
    assert (headline.attribution.actor, headline.attribution.method, headline.attribution.source_text) == ("Vladimir Putin", "verb-subject", "Putin")
    assert headline.stances["China"].holder == "Vladimir Putin"
    # A metonym holds for its state.
    assert holder(analyzer, "Kremlin says it is ready for talks\n\nOfficials met on Friday.\n", index=0).actor == "Russia"


def test_a_headline_without_a_speaker_stays_the_authors(analyzer):
    for text in ("Ukraine praised as talks open",  # headline passive: Ukraine praises nobody
                 "China sends more gas to Europe",  # a deed, which a headline does not attribute
                 "Beijing and Moscow pledge closer energy ties as Brussels weighs new sanctions"):  # two actors, one holder
        document = analyzer(text + "\n\nOfficials met on Friday.\n")
        assert document.sentences[0].kind == "headline"
        assert (document.sentences[0].attribution.actor, document.sentences[0].attribution.method) == ("author", "none"), text


def test_a_speech_verb_under_a_modal_of_supposition_reports_nobodys_view(analyzer):
    # "He could not explain why ..." is the author's account, and "the government could reverse the rules or decline
    # to appeal" a supposition: nobody expressed a view.
    text = "Trump met reporters. However, he could not explain why a marriage requirement is cited on the campaign's website."
    assert holder(analyzer, text).actor == "author"
    text = "Officials met. If the court rules against it, the Kremlin could reverse the rules or decline to appeal to the Supreme Court."
    assert holder(analyzer, text).actor == "author"
    # The same verbs said without the modal are reports.
    assert holder(analyzer, "Trump met reporters. However, he did not explain why the requirement is cited.").actor == "Donald Trump"
    assert holder(analyzer, "Officials met. The Kremlin reversed the rules and declined to appeal to the Supreme Court.").actor == "Russia"


def test_what_an_actor_reads_or_watches_is_no_deed_toward_it(analyzer):
    # Guideline rule 8 gives a deed aimed at a target to its actor; reading or watching aims at nobody.
    text = "Officials met. Montalvo had read an article in the magazine Freedom Magazine, which attacked Tom Devocht."
    assert holder(analyzer, text).method != "deed"
    text = "Officials met. Bill Clinton watched from the front row, sitting alongside Vice President Joseph R. Biden Jr."
    assert holder(analyzer, text).method != "deed"
    # A deed aimed at another actor keeps its actor.
    found = holder(analyzer, "Officials met. Bill Clinton hugged Joe Biden in the front row.")
    assert (found.actor, found.method) == ("Bill Clinton", "deed")


def test_an_actors_name_run_into_a_persons_name_is_two_mentions(analyzer):
    # Without a comma the entity recogniser reads "the Washington Post Trump" as one organisation.
    text = ("In a March 2016 meeting with the editorial board of the Washington Post Trump said that U.S. involvement "
            "in NATO may need to be diminished.")
    mentions = analyzer(text, metadata={"date": "2016-09-01"}).sentences[0].mentions
    assert [(m.text, m.actor) for m in mentions[:2]] == [("the Washington Post", "The Washington Post"), ("Trump", "Donald Trump")]


def test_a_relative_clauses_speaker_holds_only_what_comes_after_the_pronoun():
    # The model's source is "who" (Stevie Wonder); the guests named before it are the author's narration.
    analyzer = stance.Analyzer(scorer=ConstantScorer(), targets=["Oprah Winfrey", "Will Smith", "Barack Obama"])
    text = "The ceremony featured Oprah Winfrey, Will Smith and Stevie Wonder, who said that Barack Obama had earned a long rest."
    sentence = analyzer(text, metadata={"date": "2016-09-25"}).sentences[0]
    assert (sentence.attribution.actor, sentence.attribution.source_text) == ("Stevie Wonder", "who")
    held = {target: stance.holder for target, stance in sentence.stances.items()}
    assert held == {"Oprah Winfrey": AUTHOR, "Will Smith": AUTHOR, "Barack Obama": "Stevie Wonder"}


def test_a_pronoun_takes_a_person_a_later_sentence_opens_with_over_the_holder_carried_along(analyzer):
    # The reporter's quoted block names its subject at the start of a sentence; "she said" is then the subject's.
    text = ("The Post sent its reporter Anna Keller to Pennsylvania. Keller reports:\n\n"
            "\"The first time she had seen him, at a rally in June, she was just beginning to understand. At the time, "
            "her hips were still sore.\n\n"
            "\"Maria thought the whole thing was outrageous. She was anxious, sure.\n\n"
            "\"It never crossed my mind that I was losing it,\" she said months later.")
    assert holder(analyzer, text, "2016-10-01").actor == "Maria"
    # A name that opens the pronoun's own sentence is inside the holder's quote, not a newer subject.
    text = "Donald Trump said on Sunday that praise from Putin helps him. ''Obama doesn't get along with Putin,'' he said."
    assert holder(analyzer, text, "2016-09-11").actor == "Donald Trump"


@pytest.mark.parametrize("text", [
    "Costa reported from Washington.",
    "Julie Hirschfeld Davis reported from Midway Atoll, and Mark Landler and Coral Davenport from Kaneohe Bay, Hawaii.",
])
def test_a_reporters_credit_line_is_the_authors(analyzer, text):
    # "reported from" a place, with nothing reported: where the journalists were, neither a view nor a deed.
    assert holder(analyzer, text).actor == AUTHOR


def test_a_report_from_a_place_with_what_was_reported_keeps_its_source(analyzer):
    assert holder(analyzer, "Reuters reported from Kyiv that Russia had shelled the town.").actor == "Reuters"


def test_play_in_a_game_report_is_no_deed(analyzer):
    # Rule 8's deeds are between actors; in a match report the players' and teams' moves are the author's narration.
    text = ("Belgium beat Panama 3-0 on Monday. In the 20th minute, the Panama goalkeeper saved a shot. "
            "The referee showed a yellow card in the 40th minute. "
            "In the 69th minute, Romelu Lukaku doubled the lead for Belgium, scoring a header from Kevin De Bruyne's assist.")
    assert holder(analyzer, text, "2018-06-18").actor == AUTHOR
    # The same sentence in an article that reports no game keeps its deed.
    assert holder(analyzer, "Romelu Lukaku doubled the lead for Belgium with a pass from Kevin De Bruyne.", "2018-06-18").actor == "Romelu Lukaku"
