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
