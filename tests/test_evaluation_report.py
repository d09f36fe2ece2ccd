"""evaluate(), Report, baselines, compare() and the annotation loop."""

import json

import matplotlib
import numpy as np
import pandas as pd
import pytest

import stance
from stance.evaluation import (
    column_baseline,
    compare,
    evaluate,
    majority_baseline,
    read_annotation_sheet,
    sample_for_annotation,
    sheet_agreement,
    vader_baseline,
    write_annotation_sheet,
)

matplotlib.use("Agg")

ROWS = pd.DataFrame(
    {
        "id": [f"r{i}" for i in range(8)],
        "text": [
            "Putin praised the friendship with China.",
            "Kyiv condemned the Kremlin's attacks.",
            "The talks were held on Friday.",
            "Beijing welcomed the excellent deal.",
            "Washington criticised the terrible decision.",
            "The summit ended.",
            "Moscow hailed its great partner.",
            "Brussels attacked the awful plan.",
        ],
        "target": ["China", "Russia", "Russia", "Russia", "Russia", "China", "China", "Russia"],
        "label": ["FAVOR", "against", "NONE", "favor", "against", "neutral", "pro", "con"],
    }
)


def keyword_system(rows):
    """A toy system with probabilities: favor on praise words, against on blame words."""
    out = []
    for text in rows["text"]:
        if any(w in text for w in ("praised", "welcomed", "hailed")):
            out.append({"label": "favor", "p_against": 0.1, "p_neutral": 0.1, "p_favor": 0.8})
        elif any(w in text for w in ("condemned", "criticised")):
            out.append({"label": "against", "p_against": 0.7, "p_neutral": 0.2, "p_favor": 0.1})
        else:
            out.append({"label": "neutral", "p_against": 0.3, "p_neutral": 0.4, "p_favor": 0.3})
    return pd.DataFrame(out)


def test_report_figures_match_hand_counts():
    report = evaluate(keyword_system, ROWS, task="stance", n_resamples=200)
    # keyword_system misses only r7 ("attacked" is not a blame word): 7 of 8 right
    assert report.summary().loc["accuracy", "value"] == pytest.approx(7 / 8)
    low, high = report.summary().loc["accuracy", ["low", "high"]]
    assert low <= 7 / 8 <= high
    assert list(report.errors()["id"]) == ["r7"]
    assert report.errors().iloc[0]["predicted"] == "neutral"
    confusion = report.confusion()
    assert confusion.loc["against", "neutral"] == 1 and int(np.trace(confusion.to_numpy())) == 7
    assert set(report.per_target().index) == {"China", "Russia"}
    assert report.per_target().loc["China", "accuracy"] == 1.0
    assert {"accuracy", "macro_f1", "f_avg", "ece"} <= set(report.summary().index)


def test_reports_are_deterministic_and_serialise():
    first = evaluate(keyword_system, ROWS, n_resamples=200, seed=3)
    second = evaluate(keyword_system, ROWS, n_resamples=200, seed=3)
    assert first.to_json() == second.to_json()
    data = json.loads(first.to_json())
    assert data["n_evaluated"] == 8 and data["summary"]["accuracy"]["value"] == pytest.approx(7 / 8)


def test_batches_give_the_same_result_as_one_call():
    small = evaluate(keyword_system, ROWS, batch_size=3, n_resamples=100)
    large = evaluate(keyword_system, ROWS, batch_size=100, n_resamples=100)
    pd.testing.assert_frame_equal(small.rows, large.rows)


def test_abstentions_are_counted_not_dropped():
    def shy(rows):
        return [None if "summit" in t else "neutral" for t in rows["text"]]

    report = evaluate(shy, ROWS, n_resamples=50)
    assert len(report.rows) == 7
    assert list(report.unevaluated["id"]) == ["r5"]
    assert report.unevaluated.iloc[0]["reason"] == "system returned no prediction"


def test_baselines_sit_in_one_table():
    majority = evaluate(majority_baseline(ROWS), ROWS, n_resamples=100)
    assert set(majority.rows["predicted"]) == {"against"}  # against and favor tie at 3: label order decides
    vader = evaluate(vader_baseline("stance"), ROWS, n_resamples=100)
    stored = evaluate(column_baseline("label"), ROWS, name="gold", n_resamples=100)
    table = compare([stored, majority, vader])
    assert list(table.index) == ["gold", "majority(against)", "vader"]
    assert table.loc["gold", "accuracy"] == 1.0
    assert table.loc["majority(against)", "p_vs_first"] < 0.05
    assert not vader.has_probabilities and "ece" not in vader.summary().index
    assert "ece" not in table.columns  # only systems with probabilities get calibration figures


def test_majority_breaks_ties_in_label_order():
    assert majority_baseline(["favor", "against"])(ROWS.head(1)) == ["against"]


def test_bad_system_output_and_labels_give_clear_errors():
    with pytest.raises(ValueError, match="returned 1 predictions for a batch of 8"):
        evaluate(lambda rows: ["favor"], ROWS)
    with pytest.raises(ValueError, match="unknown stance label 'maybe'.*system output for row id r0"):
        evaluate(lambda rows: ["maybe"] * len(rows), ROWS)
    with pytest.raises(ValueError, match=r"no column\(s\) \['label'\]"):
        evaluate(keyword_system, ROWS.drop(columns="label"))
    with pytest.raises(ValueError, match="unknown task"):
        evaluate(keyword_system, ROWS, task="emotion")
    with pytest.raises(ValueError, match="has no scorer"):
        evaluate(stance.Analyzer(attribution=False, scorer=None), ROWS)


def test_actor_task_with_the_analyzer_and_aliases():
    rows = pd.DataFrame({"text": ["The weather was fine.", "Markets rose."], "actor": ["author", "Author"]})
    report = evaluate(stance.Analyzer(), rows, task="actor", n_resamples=50)
    assert report.summary().loc["accuracy", "value"] == 1.0


def test_plots_return_axes():
    report = evaluate(keyword_system, ROWS, n_resamples=50)
    assert report.plot_confusion().get_xlabel() == "predicted"
    assert report.plot_reliability().get_ylabel() == "accuracy"
    with pytest.raises(ValueError, match="gave no probabilities"):
        evaluate(majority_baseline(ROWS), ROWS, n_resamples=50).plot_reliability()


def test_sampling_strategies():
    rows = ROWS.assign(predicted=["favor"] * 5 + ["against"] * 2 + ["neutral"], confidence=np.linspace(0.9, 0.2, 8))
    stratified = sample_for_annotation(rows, 3, seed=1)
    assert sorted(stratified["predicted"]) == ["against", "favor", "neutral"]
    assert sample_for_annotation(rows, 3, seed=1).equals(stratified)
    assert list(sample_for_annotation(rows, 2, strategy="uncertain")["id"]) == ["r7", "r6"]
    assert len(sample_for_annotation(rows, 50, strategy="random")) == 8
    with pytest.raises(ValueError, match="unknown strategy"):
        sample_for_annotation(rows, 2, strategy="best")


def test_a_missing_prediction_column_says_how_to_add_it(tmp_path):
    with pytest.raises(ValueError, match=r"needs a 'predicted' column: the system's predicted label .*rows\.assign\(predicted=\.\.\.\).*label_column="):
        write_annotation_sheet(ROWS, tmp_path / "sheet.csv", strategy="stratified")
    with pytest.raises(ValueError, match=r"needs a 'confidence' column: .*rows\.assign\(confidence=\.\.\.\).*confidence_column="):
        write_annotation_sheet(ROWS, tmp_path / "sheet.csv", strategy="uncertain")
    assert not (tmp_path / "sheet.csv").exists()
    sheet = write_annotation_sheet(ROWS, tmp_path / "sheet.csv", n=3, label_column="label")  # the docs' other way
    assert len(sheet) == 3


def test_annotation_round_trip_and_agreement(tmp_path):
    rows = ROWS.assign(predicted="favor", confidence=0.5)
    sheet = write_annotation_sheet(rows, tmp_path / "a.csv", n=8, strategy="random")
    assert "predicted" not in sheet  # blind by default
    assert (sheet["label"] == "").all()
    filled_a = pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False)
    filled_b = filled_a.copy()
    filled_a["label"] = ["favor", "against", "neutral", "favor", "against", "neutral", "favor", ""]
    filled_b["label"] = ["favor", "against", "neutral", "favor", "favor", "neutral", "", ""]
    filled_a.to_csv(tmp_path / "a.csv", index=False)
    filled_b.to_csv(tmp_path / "b.csv", index=False)

    read = read_annotation_sheet(tmp_path / "a.csv")
    assert len(read) == 7 and read.attrs["unlabelled"] == 1
    agreement = sheet_agreement(tmp_path / "a.csv", tmp_path / "b.csv")
    assert agreement["n"] == 6
    assert agreement["percent_agreement"] == pytest.approx(5 / 6)
    assert -1 <= agreement["cohen_kappa"] < 1


def test_attribution_task_scores_a_document_system():
    text = "Putin said the talks went well. Markets fell. Xi said nothing new."
    # gold: content of sentence 1 held by "Putin" (0, 5); content of sentence 3 held by "Xi" (46, 48)
    gold = pd.DataFrame(
        {
            "doc_id": ["a", "a"],
            "text": [text, text],
            "source": [(0, 5), (46, 48)],
            "content_spans": [[(11, 30)], [(54, 65)]],
        }
    )

    def putin_only(article):
        doc = stance.segment(article)
        doc.sentences[0].attribution = stance.Attribution(actor="Vladimir Putin", source=(0, 5))
        doc.sentences[1].attribution = stance.Attribution(actor="Vladimir Putin", source=(0, 5))  # wrong: author's
        return doc

    report = evaluate(putin_only, gold, task="attribution", n_resamples=50)
    summary = report.summary()
    # recall: 1 of 2 gold contents found; precision: 1 of 2 attributed sentences right
    assert summary.loc["recall", "value"] == pytest.approx(0.5)
    assert summary.loc["precision", "value"] == pytest.approx(0.5)
    assert json.loads(report.to_json())["counts"]["gold_matched"] == 1
    assert evaluate(stance.Analyzer(attribution=False), gold, task="attribution", n_resamples=10).summary().loc["f1", "value"] == 0.0
    # the parse rules find both speakers: every gold attribution found, every attribution right
    assert evaluate(stance.Analyzer(), gold, task="attribution", n_resamples=10).summary().loc["f1", "value"] == 1.0


def test_cli_eval_end_to_end(tmp_path, capsys):
    from stance.cli import main

    data = tmp_path / "labelled.csv"
    ROWS.assign(mine=["favor", "against", "neutral", "favor", "against", "neutral", "favor", "neutral"]).rename(
        columns={"text": "sentence", "label": "gold"}
    ).to_csv(data, index=False)
    status = main(
        ["eval", str(data), "--text-column", "sentence", "--label-column", "gold", "--system", "column:mine", "--system", "majority",
         "--resamples", "100", "--json", str(tmp_path / "report.json"), "--plots", str(tmp_path / "plots")]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "8 rows from" in out and "column:mine" in out and "majority" in out
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved[0]["summary"]["accuracy"]["value"] == pytest.approx(7 / 8)
    assert (tmp_path / "plots" / "column_mine_confusion.png").is_file()


def test_cli_eval_reports_bad_labels(tmp_path, capsys):
    from stance.cli import main

    data = tmp_path / "labelled.csv"
    ROWS.assign(label=["favor"] * 7 + ["sort of"]).to_csv(data, index=False)
    assert main(["eval", str(data)]) == 2
    err = capsys.readouterr().err
    assert "row 7" in err and "'label'" in err and "sort of" in err


def test_macro_f1_averages_over_the_gold_classes():
    rows = pd.DataFrame({"text": ["a", "b", "c", "d"], "label": ["favor", "favor", "against", "against"]})
    report = evaluate(lambda r: ["favor", "neutral", "against", "against"], rows, n_resamples=20)
    # favor: P 1, R 1/2, F1 2/3; against: P 1, R 1, F1 1; neutral has no gold rows and is not averaged
    assert report.summary().loc["macro_f1", "value"] == pytest.approx((2 / 3 + 1) / 2)
