"""Regression checks on the shared labelled data (skipped when it is not available).

The figures themselves are measured by eval/sentence_boundaries.py; these tests only guard the
required floor so that a change that breaks it cannot land unnoticed.
"""

import json

import stance


def test_all_golden_rules_pass(data_dir):
    rows = [json.loads(line) for line in (data_dir / "sentence_boundaries" / "golden_rules.jsonl").open(encoding="utf-8")]
    failed = [r["rule_id"] for r in rows if [s.text for s in stance.split_sentences(r["text"])] != r["expected_sentences"]]
    assert len(rows) == 48
    assert failed == []


def test_gum_news_dev_boundary_f1_meets_the_floor(data_dir):
    true_positives = predicted = gold = 0
    for line in (data_dir / "sentence_boundaries" / "gum_news_dev.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        gold_starts = {start for start, _ in row["sentence_char_spans"][1:]}
        predicted_starts = {s.start for s in stance.split_sentences(row["text"])[1:]}
        true_positives += len(gold_starts & predicted_starts)
        predicted += len(predicted_starts)
        gold += len(gold_starts)
    f1 = 2 * true_positives / (predicted + gold)
    assert f1 >= 0.985


def test_canonical_article_holders(data_dir):
    """Every body sentence of the canonical example goes to the holder a careful reader names."""
    text = (data_dir / "articles" / "russia_looks_east.txt").read_text(encoding="utf-8")
    # The lede ("Isolated from Western countries after sending the army to Ukraine, Putin has taken his political
    # alliances ... to Asia, and especially China") narrates Putin's deeds toward other actors: his (guidelines rule 8),
    # as the news stance corpus labels it. "The Kremlin" and "Beijing" hold for their states (rule 9).
    putin, xi = "Vladimir Putin", "Xi Jinping"
    expected = [
        putin, putin, putin, putin, putin, putin, putin, "Russia", "author", putin, putin, putin, xi,
        f"{putin} and {xi}", "author", "China", "China", putin, "author", "author", "China",
    ]
    doc = stance.Analyzer(attribution_model=None)(text)  # the parse rules alone get every sentence right
    assert [s.attribution.actor for s in doc.sentences if s.kind == "body"] == expected
    # The default adds the PolNeAR model, which differs on two body sentences here (see the
    # attribution model card): in "... which the Russians expect ..." it marks "the Russians", whom the
    # resolver gives to Russia (a people speaks for its state; the news stance annotators read Russia
    # there too); and in "... since Putin decided ... what he called ..." the model marks "he", which the
    # resolver gives to Putin, named before it in its own sentence (the news stance annotators give that
    # sentence to Putin as well; before the own-sentence rule it went to Xi, the last single holder).
    default = [s.attribution.actor for s in stance.Analyzer()(text).sentences if s.kind == "body"]
    known = {0: putin, 1: putin, 8: "Russia", 14: putin}
    assert default == [known.get(k, actor) for k, actor in enumerate(expected)]
    nested = {s.index: s.attribution.nested.actor for s in doc.sentences if s.attribution and s.attribution.nested}
    assert xi in nested.values()  # "Vladimir Putin acknowledged that Xi Jinping had expressed his concern"
