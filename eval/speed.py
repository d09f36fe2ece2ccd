"""Side by side on the PolNeAR dev articles: ``stance`` against the pipeline a user would write instead.

Systems, each timed end to end over the same articles (after one warm-up article; model loading,
and the ONNX export on a first run, are not timed):

* ``stance (torch)`` and ``stance (onnx)``: the default ``Analyzer`` (fast preset) with that backend,
  scoring stance toward two targets (Donald Trump, Hillary Clinton) as ``eval/corpus.py`` does:
  segmentation, parsing, actor mentions, the attribution model and rules, the scorer;
* ``spaCy + HF pipeline, per sentence`` and ``..., batch 32``: spaCy ``en_core_web_sm`` for sentences
  and entities, then a Hugging Face ``pipeline("text-classification")`` called on the tone of
  every sentence and on (target, sentence) for each target one of the sentence's entities names,
  one input per call or 32 per call. Its model is a ``BertForSequenceClassification`` built from
  the shipped scorer's MiniLM encoder and its stance head (saved to a temporary folder), so it
  does the same model work per pair as ``stance`` (its labels are not meant to be read).

Sentences per second use one count for every system, the sentences ``stance`` finds in the
articles, so the ratios are ratios of time. The torch thread count and the CPU's native bfloat16
support are printed with the table: the torch backend runs in bfloat16 where the CPU has it
(``--precision float32`` turns it off, as on an AVX2-only CPU).

Usage (from the repository root):
    .venv/bin/python eval/speed.py [--data ../shared/data/polnear/dev] [--limit N] [--backends torch,onnx] [--precision auto]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from corpus import TARGETS  # noqa: E402
from data_folder import add_data_argument, data_missing  # noqa: E402

import stance  # noqa: E402
from stance.evaluation.loaders import polnear_documents  # noqa: E402

#: Inputs per call of the batched peer pipeline.
PEER_BATCH = 32


def peer_model(folder: Path) -> Path:
    """Save to ``folder`` a ``BertForSequenceClassification`` with the shipped scorer's encoder and stance head, and its tokenizer."""
    import torch
    from transformers import BertForSequenceClassification
    from transformers.utils import logging as transformers_logging

    from stance.scoring.base import HEADS
    from stance.scoring.model import PRESETS, ScoringModel

    transformers_logging.disable_progress_bar()
    scorer = ScoringModel.load(PRESETS["fast"], backend="torch")
    config = scorer.network.bert.config
    config.num_labels = len(HEADS["stance"])
    config.id2label = dict(enumerate(HEADS["stance"]))
    config.label2id = {label: k for k, label in config.id2label.items()}
    torch.manual_seed(0)  # the pooler, which the scorer does not have, starts from a fixed random state
    peer = BertForSequenceClassification(config).eval()
    missing, _ = peer.bert.load_state_dict(scorer.network.bert.state_dict(), strict=False)
    if any(not key.startswith("pooler.") for key in missing):
        raise RuntimeError(f"the peer model lacks encoder weights: {missing}")
    head = scorer.network.heads["stance"]
    with torch.no_grad():  # the stance head reads [CLS ; mention]: its [CLS] half
        peer.classifier.weight.copy_(head.weight[:, : config.hidden_size])
        peer.classifier.bias.copy_(head.bias)
    peer.save_pretrained(folder)
    scorer.tokenizer.save_pretrained(folder)
    return folder


def peer_pipeline(folder: Path, batch_size: int | None) -> Callable[[list[str]], int]:
    """The user's pipeline: spaCy sentences and entities, then the classifier (``batch_size`` inputs per call, or one per call); returns the sentence count."""
    from transformers import pipeline

    from stance.attribution.parsing import load_spacy

    nlp = load_spacy(lookup_ruler=False)  # spaCy's pipeline as a user loads it
    classifier = pipeline("text-classification", model=str(folder), tokenizer=str(folder), device=-1)
    surnames = {target: target.split()[-1] for target in TARGETS}

    def run(texts: list[str]) -> int:
        inputs: list[Any] = []
        sentences = 0
        for doc in nlp.pipe(texts):
            for sentence in doc.sents:
                sentences += 1
                inputs.append(sentence.text)
                named = {entity.text for entity in sentence.ents}
                inputs += [{"text": target, "text_pair": sentence.text} for target, surname in surnames.items() if any(surname in name for name in named)]
        if batch_size is None:
            for item in inputs:
                classifier(item, truncation=True)
        else:
            classifier(inputs, batch_size=batch_size, truncation=True)
        return sentences

    return run


def stance_pipeline(backend: str, precision: str) -> tuple[Callable[[list[str]], int], str]:
    """The default Analyzer with ``backend`` scoring :data:`TARGETS`; returns its runner and what runs its two networks."""
    analyzer = stance.Analyzer(targets=list(TARGETS), backend=backend, precision=precision)

    def run(texts: list[str]) -> int:
        return sum(len(document.sentences) for document in analyzer.pipe(texts, batch_size=16))

    return run, f"attribution model on {analyzer.get_stage('attribution').model.backend}, scorer on {analyzer.scorer.backend}"


def timed(run: Callable[[list[str]], int], texts: list[str]) -> float:
    """Seconds ``run`` takes over ``texts``, after one warm-up article."""
    run(texts[:1])
    start = time.perf_counter()
    run(texts)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    import torch

    from stance.networks.inference import PRECISIONS, cpu_has_bfloat16

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser, "polnear", "dev", what="PolNeAR dev folder")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N articles (a quick run)")
    parser.add_argument("--backends", default="torch,onnx", help="stance backends to time, comma-separated, from auto, torch, onnx (default: torch,onnx)")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto", help="the torch backend's precision (float32: as on a CPU without native bfloat16; the onnx backend runs its export as it is)")
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    texts = [article["text"] for article in polnear_documents(args.data)][: args.limit]
    sentences = sum(len(stance.segment(text).sentences) for text in texts)
    seconds: dict[str, float] = {}
    engines: dict[str, str] = {}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        run, engines[f"stance ({backend})"] = stance_pipeline(backend, args.precision if backend != "onnx" else "auto")
        seconds[f"stance ({backend})"] = timed(run, texts)
    with tempfile.TemporaryDirectory() as folder:
        model = peer_model(Path(folder))
        for name, batch_size in ((f"spaCy + HF pipeline, batch {PEER_BATCH}", PEER_BATCH), ("spaCy + HF pipeline, per sentence", None)):
            seconds[name] = timed(peer_pipeline(model, batch_size), texts)
    print(f"{len(texts)} PolNeAR dev articles, {sentences} sentences (stance's segmentation); torch threads: {torch.get_num_threads()}, "
          f"native bfloat16: {'yes' if cpu_has_bfloat16() else 'no'}, torch precision: {args.precision}")
    ours = [name for name in seconds if name.startswith("stance")]
    header = f"{'system':<36} {'seconds':>8} {'sentences/s':>12}" + "".join(f" {'speed-up of ' + name:>28}" for name in ours)
    print(header)
    for name, value in seconds.items():
        ratios = "".join(f" {value / seconds[own]:>27.2f}x" for own in ours)
        print(f"{name:<36} {value:>8.1f} {sentences / value:>12.1f}{ratios}")
    for name, engine in engines.items():
        print(f"{name}: {engine}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
