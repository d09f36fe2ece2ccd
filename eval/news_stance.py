"""News stance on the project's own labelled news: the shipped presets end to end, next to three baselines.

Reads the news stance corpus (``data/news_stance/dev.jsonl`` by default; see its DATA_CARD.md)
and the articles it labels from the shared data folder, then prints, for each system, stance
macro-F1 and F_avg over the gold (sentence, holder, target) triples, and for the two presets
(run end to end with ``stance.Analyzer``) the precision and recall of the (sentence, target)
pairs they score and the accuracy of their sentence holders; 95% bootstrap intervals over
articles. Each preset's model is also measured on the gold pairs themselves (the annotated
holder, target and mention: the model alone, without the pipeline's mention and holder errors;
with its calibration error, ECE). The baselines see the gold triples: all-neutral, VADER on the
sentence, and the fast model's target-sentiment head read as stance (negative -> against,
positive -> favor). ``--model NAME=FOLDER`` adds any saved scoring model the same two ways (the
starting line of a new model: the previous weights). Then the presets' per-label tables and
confusion matrices, and the example article's favor/against triples with each system's label.

Usage (from the repository root):
    .venv/bin/python eval/news_stance.py [--split dev] [--data ../shared/data] [--resamples 1000] [--no-accurate] [--model NAME=FOLDER ...] [--backend ...] [--precision ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, add_engine_arguments, data_missing, engine  # noqa: E402

import pandas as pd  # noqa: E402

import stance  # noqa: E402
from stance.evaluation import evaluate, vader_baseline  # noqa: E402
from stance.evaluation.loaders import load_news_stance, news_stance_dates, news_stance_texts  # noqa: E402
from stance.evaluation.news_stance import sentiment_as_stance  # noqa: E402
from stance.scoring.model import PRESETS, ScoringModel  # noqa: E402

CORPUS = REPO_ROOT / "data" / "news_stance"
METRICS = ("stance macro_f1", "stance f_avg", "stance ece", "mention precision", "mention recall", "holder accuracy", "sentence holder accuracy")
#: The project's canonical example article (its favor/against triples are listed one by one).
EXAMPLE = "articles/russia_looks_east"


def cell(summary: pd.DataFrame, metric: str) -> str:
    """``value [low, high]`` in percent, or a dash where the system has no such figure."""
    if metric not in summary.index:
        return "-"
    value, low, high = summary.loc[metric, ["value", "low", "high"]] * 100
    return f"{value:.1f} [{low:.1f}, {high:.1f}]"


def example_table(rows: pd.DataFrame, reports: list) -> pd.DataFrame:
    """The example article's favor/against gold triples with each report's label (a row per triple)."""
    chosen = (rows["doc"] == EXAMPLE) & (rows["label"] != "neutral")
    table = rows.loc[chosen, ["text", "holder", "target", "label"]].copy()
    table["text"] = table["text"].str.replace(r"\s+", " ", regex=True).str.slice(0, 60)
    for report in reports:
        table[report.system] = report.rows.loc[chosen, "predicted"].to_numpy()
    return table.rename(columns={"label": "gold"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser)
    parser.add_argument("--split", default="dev", help="which file of data/news_stance to read (default: dev)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    parser.add_argument("--no-accurate", action="store_true", help="leave out the accurate preset (it needs its encoder parts)")
    parser.add_argument("--model", action="append", default=[], metavar="NAME=FOLDER", help="also measure this saved scoring model (repeatable)")
    add_engine_arguments(parser)
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    models = {preset: PRESETS[preset] for preset in (["fast"] if args.no_accurate else ["fast", "accurate"])}
    for item in args.model:
        name, _, folder = item.partition("=")
        if not name or not folder:
            parser.error(f"--model {item!r}: expected NAME=FOLDER")
        models[name] = Path(folder)
    texts = news_stance_texts(args.data)
    rows = load_news_stance(CORPUS / f"{args.split}.jsonl", texts=texts)
    print(f"News stance {args.split}: {len(rows)} triples in {rows['doc'].nunique()} articles, {rows['target'].nunique()} targets; "
          f"labels {rows['label'].value_counts().to_dict()}\n")
    options = {"texts": texts, "dates": news_stance_dates(args.data), "n_resamples": args.resamples, "task": "news_stance"}
    fast = ScoringModel.load(PRESETS["fast"], **engine(args))
    reports = [
        evaluate(lambda batch: ["neutral"] * len(batch), rows, name="all-neutral", **options),
        evaluate(vader_baseline("stance"), rows, name="VADER (sentence)", **options),
        evaluate(sentiment_as_stance(fast), rows, name="target sentiment as stance (fast)", **options),
    ]
    end_to_end = []
    for name, folder in models.items():
        model = ScoringModel.load(folder, **engine(args))
        reports.append(evaluate(model, rows, name=f"{name} on the gold pairs", **options))
        end_to_end.append(evaluate(stance.Analyzer(scorer=model, **engine(args)), rows, name=f"{name} end to end", **options))
    reports += end_to_end
    summaries = [report.summary() for report in reports]
    table = pd.DataFrame([{"system": r.system, **{m: cell(summary, m) for m in METRICS}} for r, summary in zip(reports, summaries)]).set_index("system")
    print(f"% with 95% bootstrap intervals over articles ({args.resamples} resamples, seed 0)")
    print(table.to_string())
    for report in end_to_end:
        print(f"\n{report.system}: per label")
        print((report.per_class().round(3)).to_string())
        print("confusion (rows gold, columns predicted)")
        print(report.confusion().to_string())
    print("\nMacro-F1 by the gold holder's kind (author; self: the holder is the target or part of it, rule 5; other)")
    print(pd.DataFrame({r.system: r.by_holder()["macro_f1"] for r in reports[3:]}).T.mul(100).round(1).to_string())
    print("triples: " + ", ".join(f"{kind} {n}" for kind, n in reports[3].by_holder()["n"].items()) if len(reports) > 3 else "")
    if EXAMPLE in set(rows["doc"]):
        shown = reports[3:]
        example = example_table(rows, shown)
        print(f"\nExample article ({EXAMPLE}): its {len(example)} favor/against triples, labelled right by")
        print(", ".join(f"{r.system}: {int((example[r.system] == example['gold']).sum())}" for r in shown))
        print(example.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
