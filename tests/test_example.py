"""The bundled example article splits as a careful reader would split it."""

import stance


def test_example_article_segments(example_text):
    doc = stance.Analyzer()(example_text)
    expected = [
        (0, "headline", None, "Beijing and Moscow pledge closer energy "),
        (1, "byline", None, "By Anna Keller"),
        (2, "timestamp", None, "Updated 14 March 2024 09:15 GMT"),
        (3, "dateline", None, "MOSCOW, March 14 (Stance Wire) -"),
        (3, "body", "contains", "Russian President Vladimir Putin said on"),
        (4, "body", "opens", '"Our countries do not accept dictates fr'),
        (4, "body", "closes", "We are building a fairer order together,"),
        (5, "body", "contains", 'Li said China valued what he called "mut'),
        (5, "body", None, "He added that Beijing was ready to buy m"),
        (6, "body", None, "The Kremlin has long accused the West of"),
        (6, "body", None, "Kremlin spokesman Dmitry Peskov said the"),
        (7, "body", None, "Washington reacted coolly."),
        (7, "body", "contains", '"We are watching these deals very closel'),
        (7, "body", "contains", '"Any company that helps Moscow evade san'),
        (8, "body", None, "Kyiv was more blunt."),
        (8, "body", "contains", "Ukrainian Foreign Minister Dmytro Kuleba "),
        (9, "body", None, "According to diplomats in Brussels, the "),
        (9, "body", None, "EU foreign policy chief Josep Borrell sai"),
        (10, "body", "contains", '"But we will not look away," he said.'),
        (10, "body", "opens", '"Our support for Ukraine is not negotiab'),
        (11, "body", "inside", '"We expect our partners, including China'),
        (11, "body", "closes", "Nobody should doubt it.\""),
        (12, "body", None, "Analysts said the talks in Moscow mostly"),
        (12, "body", "contains", "Dr. Elena Marsh, a researcher at the Ins"),
        (13, "byline", None, "(Reporting by Anna Keller; Editing by To"),
    ]
    assert [(s.paragraph, s.kind, s.quote_role) for s in doc.sentences] == [row[:3] for row in expected]
    for sentence, row in zip(doc.sentences, expected):
        assert sentence.text.startswith(row[3])
    # the quotation that runs over paragraphs 10 and 11 is one span
    start, end = doc.sentences[19].quote
    assert doc.sentences[21].quote == (start, end)
    assert example_text[start:end].startswith('"Our support') and example_text[start:end].endswith('doubt it."')
    # "U.S.", "Dr.", "Jan." and "4.5" did not split their sentences
    assert doc.sentences[12].text.endswith("a U.S. State Department spokesperson said.")
    assert doc.sentences[23].text.endswith("grown by only 4.5 per cent since Jan. 2023.")
