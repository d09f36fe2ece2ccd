"""The news stance corpus format, its loader and the end-to-end metric, on small files the tests write."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import REPO

import stance
from stance.evaluation import evaluate
from stance.evaluation.loaders import load, load_news_stance

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(REPO / "training"))
import build_news_stance as build
from corpus_worker import LexiconScorer

ARTICLE = (
    "Putin said he praised China's help.\n\n"
    "Merkel said she condemned Russia. Analysts said the talks in Berlin were long. Russia welcomed the talks.\n\n"
    "Zelensky said he met Russia's envoy. Scholz said he praised the alliance."
)


def triple(sentence: str, holder: str, target: str, label: str, mention: str, evidence: str = "", doc: str = "a1") -> dict:
    start = ARTICLE.index(sentence)
    return {"doc": doc, "start": start, "end": start + len(sentence), "sentence": sentence, "holder": holder, "target": target,
            "label": label, "evidence": evidence, "mention": mention}


GOLD = [
    triple("Putin said he praised China's help.", "Vladimir Putin", "China", "favor", "China", "praised China's help"),
    triple("Merkel said she condemned Russia.", "Angela Merkel", "Russia", "against", "Russia", "condemned Russia"),
    triple("Zelensky said he met Russia's envoy.", "Volodymyr Zelensky", "Russia", "neutral", "Russia"),
    triple("Scholz said he praised the alliance.", "Olaf Scholz", "NATO", "favor", "the alliance", "praised the alliance"),
]


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_the_loader_gives_the_standard_frame_with_holders_and_offsets(tmp_path):
    rows = load_news_stance(write(tmp_path / "dev.jsonl", GOLD), texts={"a1": ARTICLE})
    assert list(rows.columns[:7]) == ["id", "text", "target", "label", "task", "dataset", "split"]
    assert rows["split"].unique().tolist() == ["dev"] and rows["dataset"].unique().tolist() == ["news_stance"]
    first = rows.iloc[3]
    assert first["holder"] == "Olaf Scholz" and first["text"][first["target_start"] : first["target_end"]] == "the alliance"
    assert ARTICLE[first["start"] : first["end"]] == first["text"]
    assert load(tmp_path / "dev.jsonl")["doc"].tolist() == ["a1"] * 4  # the format is recognised by its fields


@pytest.mark.parametrize(
    "change, message",
    [
        ({"label": "supportive"}, "unknown label|not a known"),
        ({"start": 5000, "end": 5035}, "outside the text"),
        ({"sentence": "Putin said he praised China's help!"}, r"help\.\", not \"Putin said he praised China's help!"),
        ({"mention": "Beijing"}, "the mention 'Beijing' is not in the sentence"),
        ({"evidence": "loves China"}, "the evidence 'loves China' is not in the sentence"),
        ({"doc": "elsewhere"}, "article 'elsewhere' is not among the texts"),
        ({"end": 3}, "do not fit a sentence"),
    ],
)
def test_bad_records_are_refused_naming_the_line(tmp_path, change, message):
    records = [GOLD[1], {**GOLD[0], **change}]
    with pytest.raises(ValueError, match=message) as error:
        load_news_stance(write(tmp_path / "dev.jsonl", records), texts={"a1": ARTICLE})
    assert "line 2" in str(error.value)


def test_a_duplicate_triple_names_both_lines(tmp_path):
    with pytest.raises(ValueError, match=r"line 3: the triple .* is also on line 1"):
        load_news_stance(write(tmp_path / "dev.jsonl", [GOLD[0], GOLD[1], GOLD[0]]))


def test_end_to_end_figures_count_missed_and_extra_mentions(tmp_path):
    rows = load_news_stance(write(tmp_path / "dev.jsonl", GOLD), texts={"a1": ARTICLE})
    analyzer = stance.Analyzer(scorer=LexiconScorer(), attribution_model=None, targets=["Ukraine"])
    report = evaluate(analyzer, rows, task="news_stance", texts={"a1": ARTICLE}, n_resamples=50)
    assert analyzer.target_names == ["Ukraine"]  # its own targets are put back
    assert report.rows["predicted"].tolist() == ["favor", "against", "neutral", "neutral"]  # NATO ("the alliance") is not found
    assert report.rows["scored"].tolist() == [True, True, True, False]
    summary = report.summary()["value"]
    # gold pairs: China s0, Russia s1, Russia s4, NATO s5; system pairs: China s0, Russia s1, Russia s4 ("Russia
    # welcomed the talks." is held by Russia, which is then no mention of itself: guidelines rule 10)
    assert summary["mention precision"] == pytest.approx(1.0) and summary["mention recall"] == pytest.approx(3 / 4)
    assert summary["holder accuracy"] == pytest.approx(1.0)
    assert summary["stance macro_f1"] == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)
    assert summary["stance f_avg"] == pytest.approx((2 / 3 + 1) / 2)


def test_a_target_spelled_in_two_cases_is_one_target(tmp_path):
    # check_targets refuses a target given twice in two cases; the evaluation names it as first written
    records = [GOLD[0], {**GOLD[1], "target": "russia"}, GOLD[2]]
    rows = load_news_stance(write(tmp_path / "dev.jsonl", records), texts={"a1": ARTICLE})
    analyzer = stance.Analyzer(scorer=LexiconScorer(), attribution_model=None)
    report = evaluate(analyzer, rows, task="news_stance", texts={"a1": ARTICLE}, n_resamples=20)
    assert report.rows["target"].tolist() == ["China", "russia", "russia"]
    assert report.rows["predicted"].tolist() == ["favor", "against", "neutral"] and report.rows["scored"].all()


def test_holder_accuracy_counts_each_triples_own_holder(tmp_path):
    # The author holds the pair of a target named inside the holder's description (rule 10), though the sentence
    # has another holder: right per triple, wrong per sentence.
    article = "A lawyer for Donald Trump said the bathroom law should stand."
    record = {"doc": "a2", "start": 0, "end": len(article), "sentence": article, "holder": "author", "target": "Donald Trump",
              "label": "neutral", "evidence": "", "mention": "Donald Trump"}
    texts = {"a1": ARTICLE, "a2": article}
    rows = load_news_stance(write(tmp_path / "dev.jsonl", GOLD + [record]), texts=texts)
    analyzer = stance.Analyzer(scorer=LexiconScorer(), attribution_model=None)
    report = evaluate(analyzer, rows, task="news_stance", texts=texts, n_resamples=20)
    summary = report.summary()["value"]
    assert report.rows["system_holder"].tolist()[-1] == "author"
    assert summary["holder accuracy"] == pytest.approx(1.0) and summary["sentence holder accuracy"] == pytest.approx(4 / 5)


def test_a_repeated_paragraph_is_judged_by_the_systems_answer_for_its_first_copy(tmp_path):
    paragraph = "Merkel said she condemned Russia over the war."
    article = f"{paragraph}\n\nThe talks ended.\n\n{paragraph}"
    second = article.rindex(paragraph)
    records = [{"doc": "a3", "start": start, "end": start + len(paragraph), "sentence": paragraph, "holder": "Angela Merkel",
                "target": "Russia", "label": "against", "evidence": "condemned Russia", "mention": "Russia"} for start in (0, second)]
    rows = load_news_stance(write(tmp_path / "dev.jsonl", records), texts={"a3": article})
    analyzer = stance.Analyzer(scorer=LexiconScorer(), attribution_model=None)
    document = analyzer(article)
    assert document.sentences[-1].repeat_of == 0 and not document.sentences[-1].stances  # scored once
    report = evaluate(analyzer, rows, task="news_stance", texts={"a3": article}, n_resamples=20)
    assert report.rows["predicted"].tolist() == ["against", "against"] and report.rows["scored"].all()
    assert report.summary()["value"]["mention recall"] == pytest.approx(1.0)


def test_row_level_systems_are_measured_on_the_gold_triples(tmp_path):
    rows = load_news_stance(write(tmp_path / "dev.jsonl", GOLD))
    report = evaluate(lambda batch: ["neutral"] * len(batch), rows, task="news_stance", name="all-neutral", n_resamples=50)
    summary = report.summary()["value"]
    assert summary["stance accuracy"] == pytest.approx(0.25) and summary["stance f_avg"] == 0.0
    assert "mention precision" not in summary.index and not report.end_to_end
    with pytest.raises(ValueError, match="needs texts="):
        evaluate(stance.Analyzer(attribution=False, scorer=None), rows, task="news_stance")


class HolderScorer:
    """Favor when Putin holds the view, else neutral, always with probability 0.8: a scorer that reads the holder."""

    tasks = ("stance",)

    def predict(self, pairs, tasks=("stance",), batch_size=64):
        return [{"stance": {"against": 0.1, "neutral": 0.1, "favor": 0.8} if p.holder == "Vladimir Putin" else
                 {"against": 0.1, "neutral": 0.8, "favor": 0.1}} for p in pairs]


def test_a_scorer_on_the_gold_triples_reads_their_holders_and_is_calibrated(tmp_path):
    rows = load_news_stance(write(tmp_path / "dev.jsonl", GOLD))
    report = evaluate(HolderScorer(), rows, task="news_stance", name="holder scorer", n_resamples=50)
    assert report.rows["predicted"].tolist() == ["favor", "neutral", "neutral", "neutral"]
    assert report.has_probabilities and report.rows["p_favor"].tolist() == pytest.approx([0.8, 0.1, 0.1, 0.1])
    # two of four right, each at confidence 0.8: one bin, |0.5 - 0.8|
    assert report.summary().loc["stance ece", "value"] == pytest.approx(0.3)
    assert "stance ece" not in evaluate(lambda batch: ["neutral"] * len(batch), rows, task="news_stance", n_resamples=50).summary().index


def test_triples_are_grouped_by_the_kind_of_their_holder(tmp_path):
    from stance.evaluation.news_stance import holder_kind

    assert [holder_kind("Vladimir Putin", "Russia"), holder_kind("the Kremlin", "Russia"), holder_kind("author", "Russia"),
            holder_kind("Xi Jinping", "Russia"), holder_kind("Some Blogger", "Some Blogger")] == ["self", "self", "author", "other", "self"]
    rows = load_news_stance(write(tmp_path / "dev.jsonl", [*GOLD, triple("Russia welcomed the talks.", "Russia", "Russia", "favor", "Russia")]))
    table = evaluate(HolderScorer(), rows, task="news_stance", n_resamples=10).by_holder()
    # Olaf Scholz is under Germany, a NATO member: NATO is his own side
    assert table["n"].to_dict() == {"other": 3, "self": 2} and table.loc["self", "accuracy"] == 0.0


def test_stance_eval_runs_the_news_stance_task_from_the_shell(tmp_path, capsys):
    from stance.cli import main

    data = tmp_path / "shared"
    (data / "articles").mkdir(parents=True)
    (data / "articles" / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    records = [{**record, "doc": "articles/a1"} for record in GOLD]
    path = write(tmp_path / "dev.jsonl", records)
    assert main(["eval", str(path), "--task", "news_stance", "--texts", str(data), "--system", "majority", "--resamples", "20"]) == 0
    out = capsys.readouterr().out
    assert "4 triples in 1 articles" in out and "stance macro_f1" in out


def test_the_corpus_files_are_what_their_annotation_passes_and_adjudications_build():
    corpus = REPO / "data" / "news_stance"
    for name, build_split in build.BUILT.items():
        committed = [json.loads(line) for line in (corpus / name).read_text(encoding="utf-8").splitlines()]
        assert committed == build_split(), name


def test_adjudication_decides_the_doubly_labelled_units_and_leaves_the_rest_to_the_first_pass():
    def triple(start, holder, target, label="neutral", **extra):
        return {"doc": "d", "start": start, "end": start + 5, "sentence": "s", "holder": holder, "target": target, "label": label,
                "evidence": "", "mention": "m", **extra}

    first = [triple(0, "author", "Russia"), triple(0, "Obama", "China", "against"), triple(10, "author", "Iran")]
    second = [triple(0, "author", "Russia"), triple(0, "United States", "China", "against"), {**triple(20, "", ""), "none": True}]
    decisions = [
        {"doc": "d", "start": 0, "holder": "Obama", "target": "China", "decision": "drop"},
        {"doc": "d", "start": 0, "holder": "United States", "target": "China", "decision": "keep", "final_holder": "United States",
         "final_target": "China", "label": "against", "evidence": ""},
    ]
    kept = build.adjudicated(first, second, decisions, unit=lambda r: (r["doc"], r["start"]))
    assert sorted(kept) == [("d", 0, "United States", "China"), ("d", 0, "author", "Russia"), ("d", 10, "author", "Iran")]
    with pytest.raises(ValueError, match="duplicates"):  # two decisions may not give the same triple
        build.adjudicated(first, second, [{**decisions[1], "holder": "Obama", "final_holder": "author", "final_target": "Russia"}],
                          unit=lambda r: (r["doc"], r["start"]))


def test_holders_are_compared_without_middle_initials_unless_the_registry_names_them():
    from stance.evaluation.news_stance import _holder_key

    assert _holder_key("Benjamin J. Rhodes") == _holder_key("Benjamin Rhodes") == "benjamin rhodes"
    assert _holder_key("Laurence H. Tribe") == _holder_key("Laurence Tribe")
    # Two presidents the registry knows stay two holders.
    assert _holder_key("George H. W. Bush") != _holder_key("George W. Bush")
    assert _holder_key("J. K. Rowling") == "j. k. rowling"  # initials that open a name stay
