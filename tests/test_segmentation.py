"""Sentence splitting: offsets, news rules, furniture, quotations and bad input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stance
from stance import split_paragraphs, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


def assert_valid(text, sentences):
    previous_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip() and s.text[0] != "\x00" and s.text[-1] != "\x00"
        assert s.start >= previous_end
        previous_end = s.end


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("Gen. Valery Gerasimov arrived on Jan. 5. He spoke.", ["Gen. Valery Gerasimov arrived on Jan. 5.", "He spoke."]),
        ("Ask for No. 5 at the desk.", ["Ask for No. 5 at the desk."]),
        ("The U.S. Treasury acted. It was late.", ["The U.S. Treasury acted.", "It was late."]),
        ("Sanctions hit the U.S. The EU waited.", ["Sanctions hit the U.S.", "The EU waited."]),
        ("Growth was 2.5 per cent. Prices rose.", ["Growth was 2.5 per cent.", "Prices rose."]),
        ("George W. Bush and J. R. R. Tolkien met.", ["George W. Bush and J. R. R. Tolkien met."]),
        ("Read https://example.org/a.b?c=d. Then stop.", ["Read https://example.org/a.b?c=d.", "Then stop."]),
        ("Write to press@kremlin.ru. No reply came.", ["Write to press@kremlin.ru.", "No reply came."]),
        ("Wait... what happened? Nobody knew.", ["Wait... what happened?", "Nobody knew."]),
        ("He paused … then left.", ["He paused … then left."]),
        ("It worked!! Really?! Yes.", ["It worked!!", "Really?!", "Yes."]),
        ("Talks ended at 6 p.m. Sunday in Minsk.", ["Talks ended at 6 p.m. Sunday in Minsk."]),
        ("At 5 a.m. Mr. Li left. He flew home at 9 p.m. The talks were over.", ["At 5 a.m. Mr. Li left.", "He flew home at 9 p.m.", "The talks were over."]),
    ],
)
def test_abbreviations_numbers_urls_and_ellipses(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We are ready." Putin smiled.', ['"We are ready."', "Putin smiled."]),
        ('"We are ready," Putin said. "The West is not."', ['"We are ready," Putin said.', '"The West is not."']),
        ("“Why now?” Putin asked. Nobody answered.", ["“Why now?” Putin asked.", "Nobody answered."]),
        ("«Nous sommes prêts.» Macron left.", ["«Nous sommes prêts.»", "Macron left."]),
        ("'This is great.' she said.", ["'This is great.' she said."]),
        ("The deal — signed in Minsk — held. Then it failed.", ["The deal — signed in Minsk — held.", "Then it failed."]),
        ("He spoke (briefly.) and left.", ["He spoke (briefly.) and left."]),
    ],
)
def test_quotes_brackets_and_dashes(text, expected):
    assert texts(text) == expected


def test_lists_split_before_each_item():
    assert texts("1) Gas deals 2) Naval drills") == ["1) Gas deals", "2) Naval drills"]
    assert texts("• 9. Gas • 10. Oil") == ["• 9. Gas", "• 10. Oil"]


def test_every_line_break_is_a_paragraph_break_except_broken_lines():
    text = "First paragraph here.\nSecond one, wire style.\n\nThird after a blank line.\nFor\n\nRussia, this continues.\nwrapped line ends\nhere in lower case."
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == [
        "First paragraph here.",
        "Second one, wire style.",
        "Third after a blank line.",
        "For\n\nRussia, this continues.",
        "wrapped line ends\nhere in lower case.",
    ]
    assert [s.paragraph for s in split_sentences(text)] == [0, 1, 2, 3, 4]


def test_paragraph_break_is_hard_even_without_punctuation():
    assert texts("No full stop here\nNext paragraph") == ["No full stop here", "Next paragraph"]


def test_windows_line_endings_and_nul_bytes():
    text = "Putin spoke.\r\n\r\nXi replied.\x00 Talks\x00 ended.\r\n"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Putin spoke.", "Xi replied.", "Talks\x00 ended."]
    assert [s.paragraph for s in sentences] == [0, 1, 1]
    assert_valid(text, sentences)


def test_furniture_kinds():
    text = (
        "Russia looks east as talks open\n\n"
        "By Jane Doe and John Roe\n\n"
        "Updated 30 December 2022 Friday 06:30 GMT\n\n"
        "6 Reads\n\n"
        "MOSCOW, Dec 30 (Reuters) - Putin spoke to Xi. He praised the ties.\n\n"
        "Energy lifeline\n\n"
        "Exports rose. Image: Kremlin press service.\n\n"
        "(Reporting by Jane Doe; Editing by John Roe)"
    )
    kinds = [(s.kind, s.text) for s in split_sentences(text)]
    assert kinds == [
        ("headline", "Russia looks east as talks open"),
        ("byline", "By Jane Doe and John Roe"),
        ("timestamp", "Updated 30 December 2022 Friday 06:30 GMT"),
        ("furniture", "6 Reads"),
        ("dateline", "MOSCOW, Dec 30 (Reuters) -"),
        ("body", "Putin spoke to Xi."),
        ("body", "He praised the ties."),
        ("subheading", "Energy lifeline"),
        ("body", "Exports rose."),
        ("furniture", "Image: Kremlin press service."),
        ("byline", "(Reporting by Jane Doe; Editing by John Roe)"),
    ]


def test_dateline_variants():
    for dateline in ["WASHINGTON (AP) —", "KYIV, Ukraine —", "Beijing, March 3 (Xinhua) --"]:
        sentences = split_sentences(f"{dateline} Officials met on Monday.")
        assert [(s.kind, s.text) for s in sentences] == [("dateline", dateline), ("body", "Officials met on Monday.")]


def test_acronym_starting_a_later_paragraph_is_not_a_dateline():
    text = "Leaders met in Brussels. They talked for hours.\n\nNATO - the alliance - said nothing."
    assert [s.kind for s in split_sentences(text)] == ["body", "body", "body"]


def test_multi_sentence_and_multi_paragraph_quotes():
    text = '"We will not look away," he said. "Our support is firm.\n\n"We expect respect. Nobody should doubt it." Then he left.'
    doc = stance.segment(text)
    roles = [(s.text, s.quote_role) for s in doc.sentences]
    assert roles == [
        ('"We will not look away," he said.', "contains"),
        ('"Our support is firm.', "opens"),
        ('"We expect respect.', "inside"),
        ('Nobody should doubt it."', "closes"),
        ("Then he left.", None),
    ]
    continued = doc.sentences[1].quote
    assert text[continued[0] : continued[1]] == '"Our support is firm.\n\n"We expect respect. Nobody should doubt it."'
    assert all(s.quote == continued for s in doc.sentences[1:4])
    assert all(q.closed for q in doc.quotes)


def test_unbalanced_quote_ends_with_its_paragraph():
    text = 'He said "this never closes. Really.\n\nA new paragraph.'
    doc = stance.segment(text)
    assert [(q.text, q.closed) for q in doc.quotes] == [('"this never closes. Really.', False)]
    assert [s.quote_role for s in doc.sentences] == ["opens", "closes", None]


def test_apostrophes_are_not_quotes():
    doc = stance.segment("The Kremlin's view isn't new. Russia's allies' doubts grew.")
    assert doc.quotes == []


def test_single_quotes_inside_double_quotes():
    doc = stance.segment("\"He called it 'a disgrace' today,\" she said.")
    assert [q.text for q in doc.quotes] == ["\"He called it 'a disgrace' today,\"", "'a disgrace'"]
    outer = doc.quotes[0]
    assert doc.sentences[0].quote == (outer.start, outer.end) == (0, 34)


def test_empty_and_whitespace_only_text_gives_nothing():
    for text in ["", "   \n\n\t ", "\x00\r\n", b""]:
        doc = stance.segment(text)
        assert doc.sentences == [] and doc.paragraphs == []


def test_bytes_are_decoded_as_utf8():
    assert texts("Kyiv — Київ. Done.".encode()) == ["Kyiv — Київ.", "Done."]


def test_invalid_utf8_names_the_byte_offset():
    with pytest.raises(ValueError, match="byte offset 5"):
        split_sentences(b"Hello\xff world.", errors="strict")
    assert split_sentences(b"Hello\xff world.", errors="replace")[0].text == "Hello\ufffd world."


@pytest.mark.parametrize("bad", [None, 12, ["a list"], object()])
def test_non_text_raises_type_error(bad):
    with pytest.raises(TypeError, match="expected text as str or UTF-8 bytes"):
        split_sentences(bad)


@pytest.mark.parametrize("bad", [0, -5, 2.5, True, "10"])
def test_bad_max_length_is_rejected_early(bad):
    with pytest.raises(ValueError, match="max_length"):
        split_sentences("Text.", max_length=bad)
    with pytest.raises(ValueError, match="max_length"):
        stance.Analyzer(max_sentence_length=bad)


def test_huge_text_without_punctuation_is_cut_to_the_length_limit():
    text = "word " * 1_000_000  # 5 MB, no punctuation, no line breaks
    sentences = split_sentences(text, max_length=1000)
    assert all(len(s.text) <= 1000 for s in sentences)
    assert "".join(s.text + " " for s in sentences) == text  # nothing dropped
    assert len(sentences) == pytest.approx(5_000_000 / 1000, rel=0.01)


def test_long_run_without_spaces_is_cut_at_the_limit():
    text = "x" * 2500 + " end."
    sentences = split_sentences(text, max_length=1000)
    assert [len(s.text) for s in sentences] == [1000, 1000, 505]
    assert_valid(text, sentences)


def test_example_article_offsets_are_exact(example_text):
    assert_valid(example_text, split_sentences(example_text))


# --- boundaries on news from other sources: glued datelines and dates, list lines, site footers


def kinds(text):
    return [(s.kind, s.text) for s in split_sentences(text)]


@pytest.mark.parametrize(
    "dateline",
    [
        "Evansville, Indiana, United States -",  # city, state and country; hyphen
        "Halden, Norway –",  # city and country; en dash
        "São Paulo, Brazil —",  # em dash; letters outside ASCII
        "Lyon, Rhône, France —",
        "Washington, D.C. --",
        "Springfield, Ill., Sept. 22, 2015 -",  # abbreviated state and a date
    ],
)
def test_title_case_dateline_glued_to_the_first_sentence(dateline):
    text = f"Council approves budget\n\n{dateline} The city council voted on Monday. It meets again in May."
    assert kinds(text) == [
        ("headline", "Council approves budget"),
        ("dateline", dateline),
        ("body", "The city council voted on Monday."),
        ("body", "It meets again in May."),
    ]


@pytest.mark.parametrize(
    "date",
    [
        "Tuesday, September 22, 2015",
        "Wed. 3 June 2020",
        "Updated: 22 Sept. 2015, 10:30 GMT |",
        "March 13, 2019, 4:32 PM EST",
        "2015-09-22",
        "August 17, 2017 --",
    ],
)
def test_date_glued_to_the_first_sentence(date):
    assert kinds(f"{date} The mayor said the budget was balanced.") == [
        ("timestamp", date),
        ("body", "The mayor said the budget was balanced."),
    ]


def test_date_then_dateline_glued_to_the_first_sentence():
    text = "Budget vote\n\nTuesday, September 22, 2015 Evansville, Indiana, United States - The mayor spoke. Others left."
    assert kinds(text) == [
        ("headline", "Budget vote"),
        ("timestamp", "Tuesday, September 22, 2015"),
        ("dateline", "Evansville, Indiana, United States -"),
        ("body", "The mayor spoke."),
        ("body", "Others left."),
    ]


@pytest.mark.parametrize(
    "first_paragraph",
    [
        "Washington, the capital, saw protests on Monday.",  # a place and a comma, no dash
        "Paris, France, and Berlin, Germany - two rival cities - signed a pact.",  # lower case after the dash
        "Kyiv - The capital was calm on Monday.",  # a title-case place needs its region or an agency
        "On September 22, 2015 Putin signed the decree.",  # a date inside the sentence
        "September 11, 2001 Americans remember the attacks.",  # a bare date (no weekday, time or dash)
    ],
)
def test_first_paragraphs_that_keep_their_opening(first_paragraph):
    assert kinds(f"Headline of the story\n\n{first_paragraph}") == [
        ("headline", "Headline of the story"),
        ("body", first_paragraph),
    ]


def test_dateline_rules_apply_only_to_the_first_body_paragraph():
    text = "Talks began in Minsk on Monday. They lasted all day.\n\nKyiv, Ukraine - The talks ended on Tuesday."
    assert [s.kind for s in split_sentences(text)] == ["body", "body", "body"]


def test_unpunctuated_list_line_is_not_a_dateline():
    text = "Candidates:\nJane Doe, Republican - Former state senator\nJohn Roe, Democrat - Teacher"
    assert [s.text for s in split_sentences(text)] == text.split("\n")
    assert "dateline" not in [s.kind for s in split_sentences(text)]


def test_headline_followed_by_body_is_not_split_further():
    text = "Council approves budget for 2016\n\nThe city council voted on Monday to approve the budget."
    assert kinds(text) == [
        ("headline", "Council approves budget for 2016"),
        ("body", "The city council voted on Monday to approve the budget."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The candidates for mayor are:\nJohn Smith\nMaría de la Cruz\nBob Jones\n\nVoting opens on Monday.",  # bare, capitalised
        "The kit contains:\nsolar lamps\nwater filters\nblankets\n\nAid arrived on Monday.",  # bare, lower case
        "Protesters called for\n- free elections\n– an end to the war\n* a new constitution\n• lower taxes",  # bulleted
        "Voters could choose\na) leave the union\nb) stay in the union\n(c) abstain",  # lettered
    ],
)
def test_each_list_line_is_its_own_segment(text):
    assert [s.text for s in split_sentences(text)] == [line for line in text.split("\n") if line]


WRAPPED = (
    "The council voted to approve a budget that includes new funding\n"
    "for parks and the library, officials said\n"
    "on Tuesday after a long meeting that ran past midnight."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (WRAPPED, [WRAPPED]),
        ("The council voted to\napprove the plan.", ["The council voted to\napprove the plan."]),
        # one short line after a colon is no list
        ("He wrote:\nthe end is near\nand nobody cares.", ["He wrote:", "the end is near\nand nobody cares."]),
    ],
)
def test_wrapped_lines_in_lower_case_are_joined(text, expected):
    assert texts(text) == expected


def test_site_footer_lines_are_furniture_of_their_own():
    text = (
        "The mayor spoke. He left.\n"
        "Sources\n"
        "www.example.org/news/council-vote\n"
        "External links\n"
        "evansville.example.gov\n"
        "This article is licensed under the Creative Commons Attribution 2.5 License.\n"
        "Categories: Politics | Indiana\n"
        "Archived\n"
        "Share this:\n"
        "Facebook\n"
        "Twitter"
    )
    assert kinds(text) == [("body", "The mayor spoke."), ("body", "He left.")] + [
        ("furniture", line) for line in text.split("\n")[1:]
    ]


def test_footer_list_ends_at_a_sentence():
    text = "Related articles\nPutin warns the West\nXi visits Moscow\nThe talks began on Monday."
    assert [s.kind for s in split_sentences(text)] == ["furniture", "furniture", "furniture", "body"]


def test_site_footer_glued_to_the_text_on_one_line():
    text = (
        "The council will meet again in May. This article is licensed under the Creative Commons "
        "Attribution 2.5 License. Share this: Facebook Twitter Categories: Politics | Indiana"
    )
    assert kinds(text) == [
        ("body", "The council will meet again in May."),
        ("furniture", "This article is licensed under the Creative Commons Attribution 2.5 License."),
        ("furniture", "Share this: Facebook Twitter"),
        ("furniture", "Categories: Politics | Indiana"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sources said the talks failed.",
        "Related talks will continue next week.",
        "Copyright law was changed on Tuesday.",
        "Subscribers complained about the price.",
        "Tuesday's Morning Email: the president's last speech.",  # a button word, not a label
        "( PHOTOS: the ceremony) The crowd cheered.",  # a label inside brackets
    ],
)
def test_footer_words_inside_sentences_are_body(text):
    assert kinds(f"A first paragraph that is long enough to be body text.\n\n{text}")[1:] == [("body", text)]


def test_quotation_credit_stays_with_the_quotation():
    assert texts('"We will not give up." Ukrainian President Volodymyr Zelensky') == [
        '"We will not give up." Ukrainian President Volodymyr Zelensky'
    ]
    assert texts('"We will not give up," he said. Then he left') == ['"We will not give up," he said.', "Then he left"]
    assert kinds('He said: "We won." Image: Kremlin press service') == [
        ("body", 'He said: "We won."'),
        ("furniture", "Image: Kremlin press service"),
    ]


NEW_RULE_LINES = st.sampled_from(
    [
        "Sources", "Share this:", "Categories: A | B", "Archived", "www.x.org", "- item", "a) item", "flour",
        "Tuesday, September 22, 2015 The mayor spoke.", "Evansville, Indiana - The council met.", "He wrote:",
        '"We won." Jane Doe', "wrapped line ends", "John Smith", "", " ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(NEW_RULE_LINES, st.text(max_size=8)), max_size=30), st.sampled_from(["\n", "\n\n", " ", "\r\n"]))
def test_texts_made_of_list_footer_and_date_lines_keep_every_character(lines, separator):
    text = separator.join(lines)
    sentences = split_sentences(text)
    assert_valid(text, sentences)
    covered = "".join(s.text for s in sentences)
    assert "".join(covered.replace("\x00", " ").split()) == "".join(text.replace("\x00", " ").split())
