"""Attribution on PolNeAR dev: source precision / recall / F1 of each system, and speed.

Systems, each mapping an article's text to a Document whose sentences carry attributions:

* ``parse rules``: ``Analyzer(attribution_model=None)``: speech/attitude verb subjects,
  "according to", quote carry-over, on spaCy's parse;
* ``model``: the shipped attribution model alone (its source span for each body sentence);
* ``model + rules``: the default ``Analyzer()``;
* ``oracle``: each sentence gets the source of the gold content that starts in it (the ceiling
  for one holder per sentence with stance's segmentation; not a system).

The metric is the span metric of :mod:`stance.evaluation.attribution`, micro-averaged over the
84 dev articles, with 95% bootstrap intervals over articles (1,000 resamples, seed 0).
Speed: milliseconds per body sentence for spaCy parsing alone and for the whole analysis.

Usage (from the repository root):
    .venv/bin/python eval/attribution.py [--data ../shared/data/polnear/dev] [--systems ...] [--backend ...] [--precision ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, add_engine_arguments, data_missing, engine  # noqa: E402

import pandas as pd  # noqa: E402

import stance  # noqa: E402
from stance.evaluation import evaluate  # noqa: E402
from stance.evaluation.loaders import load_polnear  # noqa: E402

SYSTEMS = ("parse rules", "model", "model + rules", "oracle")


def model_only(options: dict[str, str]) -> callable:
    """The attribution model's source spans, without the parse rules (``options``: how the model runs)."""
    from stance.attribution.model import AttributionModel

    model = AttributionModel.load(**options)

    def system(text: str) -> stance.Document:
        document = stance.segment(text)
        body = [s.index for s in document.sentences if s.kind == "body"]
        for index, prediction in zip(body, model.predict(document, body)):
            if prediction is not None and prediction.source is not None:
                document.sentences[index].attribution = stance.Attribution(source=prediction.source, cue=prediction.cue, method="model")
        return document

    return system


def oracle(rows: pd.DataFrame) -> callable:
    """Each sentence gets the source of the gold content that starts in it."""
    by_text = {text: gold for text, gold in rows.groupby("text")}

    def system(text: str) -> stance.Document:
        document = stance.segment(text)
        gold = [(spans[0][0], source) for source, spans in zip(by_text[text]["source"], by_text[text]["content_spans"]) if source and spans]
        for sentence in document.sentences:
            starts = [source for start, source in gold if sentence.start <= start < sentence.end]
            if starts:
                sentence.attribution = stance.Attribution(source=starts[0], method="oracle")
        return document

    return system


def speed(rows: pd.DataFrame, options: dict[str, str]) -> dict[str, float]:
    """Milliseconds per body sentence: spaCy parsing alone, the parse rules, and the default Analyzer."""
    from stance.attribution.parsing import load_spacy, parse_sentences

    texts = list(dict.fromkeys(rows["text"]))
    documents = [stance.segment(t) for t in texts]
    bodies = [[s.index for s in d.sentences if s.kind == "body"] for d in documents]
    n = sum(len(b) for b in bodies)
    nlp = load_spacy()
    start = time.perf_counter()
    for document, body in zip(documents, bodies):
        parse_sentences(document, nlp, body)
    parse = time.perf_counter() - start
    figures = {"sentences": n, "parse_ms": 1000 * parse / n}
    for name, analyzer in (("rules", stance.Analyzer(attribution_model=None, scorer=None)), ("default", stance.Analyzer(scorer=None, **options))):
        start = time.perf_counter()
        for text in texts:
            analyzer(text)
        figures[f"{name}_added_ms"] = 1000 * (time.perf_counter() - start - parse) / n
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser, "polnear", "dev", what="PolNeAR dev folder")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from: {', '.join(SYSTEMS)}")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    add_engine_arguments(parser)
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    rows = load_polnear(args.data)
    makers = {
        "parse rules": lambda: stance.Analyzer(attribution_model=None, scorer=None),
        "model": lambda: model_only(engine(args)),
        "model + rules": lambda: stance.Analyzer(scorer=None, **engine(args)),
        "oracle": lambda: oracle(rows),
    }
    table = []
    for name in [s.strip() for s in args.systems.split(",") if s.strip()]:
        report = evaluate(makers[name](), rows, task="attribution", name=name, n_resamples=args.resamples)
        summary = report.summary() * 100
        table.append({"system": name, **{m: f"{summary.loc[m, 'value']:.1f} [{summary.loc[m, 'low']:.1f}, {summary.loc[m, 'high']:.1f}]" for m in ("precision", "recall", "f1")}})
    print(f"PolNeAR dev: {rows['doc_id'].nunique()} articles, {len(rows)} gold attributions "
          f"({rows['source'].isna().sum()} without a source in the text); % with 95% bootstrap intervals over articles")
    print(pd.DataFrame(table).to_string(index=False))
    if not args.no_speed:
        figures = speed(rows, engine(args))
        print(f"\nSpeed on {figures['sentences']} body sentences (segmentation, mentions and attribution over spaCy parsing):")
        print(f"  spaCy parsing alone         {figures['parse_ms']:.2f} ms/sentence")
        print(f"  + parse rules               {figures['rules_added_ms']:.2f} ms/sentence added")
        print(f"  + model and rules (default) {figures['default_added_ms']:.2f} ms/sentence added")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
