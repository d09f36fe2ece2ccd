"""How fast the default pipeline's networks can possibly run on this CPU: their arithmetic per sentence against the
CPU's own matrix-product speed.

1. **Work per sentence**: the 84 PolNeAR dev articles go through the default ``Analyzer`` with two targets (Donald
   Trump, Hillary Clinton), as in ``eval/corpus.py``, while every batch the attribution tagger and the scorer run is
   counted (inputs and tokens, unpadded). The tokens times the layers times the multiply-adds of a MiniLM layer's
   matrix products (hidden size 384, feed-forward 1,536) give the network arithmetic per sentence (attention scores,
   softmax, layer norms and the heads not counted, so it is a lower bound).
2. **The CPU's speed** at the same matrix shapes (a batch of 2,560 tokens through a MiniLM layer's four 384 x 384 and
   two 384 x 1,536 products) with ``torch`` in bfloat16 and float32, on the threads torch uses here, and for scale
   one large square product; each the fastest of five rounds, so that the ceiling below is the machine's best.
3. **The ceiling**: the arithmetic per sentence over that speed is the least time the networks need per sentence,
   and so the most sentences per second any pipeline running these networks can reach here, before parsing,
   mentions, rules and storage take their share.

Usage (from the repository root):
    .venv/bin/python eval/network_budget.py [--data ../shared/data/polnear/dev]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, data_missing  # noqa: E402

TARGETS = ("Donald Trump", "Hillary Clinton")
HIDDEN, FEED_FORWARD = 384, 1536
#: Floating-point operations of one token through one MiniLM layer's matrix products (2 per multiply-add).
FLOPS_PER_TOKEN_LAYER = 2 * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FEED_FORWARD)
TOKENS_PER_BATCH = 2560  # 64 inputs of 40 tokens, the scorer's batch of typical news sentences


@contextlib.contextmanager
def counting_batches(counts: Counter) -> Iterator[None]:
    """While inside, count the inputs and tokens of every batch loop the tagger and the scorer run (``counts``, keyed
    ``("tagger" | "scorer", "inputs" | "tokens")``); the loops themselves run as they are."""
    import stance.attribution.model as tagger_module
    import stance.scoring.model as scorer_module

    originals = {name: module.batched for name, module in (("tagger", tagger_module), ("scorer", scorer_module))}

    def counted(name: str) -> Any:
        def run(lengths: Any, *args: Any, **kwargs: Any) -> None:
            counts[(name, "inputs")] += len(lengths)
            counts[(name, "tokens")] += sum(lengths)
            originals[name](lengths, *args, **kwargs)
        return run

    tagger_module.batched, scorer_module.batched = counted("tagger"), counted("scorer")
    try:
        yield
    finally:
        tagger_module.batched, scorer_module.batched = originals["tagger"], originals["scorer"]


def matmul_rate(rows: int, inner: int, columns: int, dtype: Any, repeats: int = 20, rounds: int = 5) -> float:
    """GFLOP/s of ``torch.nn.functional.linear`` on a ``rows x inner`` input and a ``columns x inner`` weight: the
    fastest of ``rounds`` rounds of ``repeats`` products (the machine's best, as a ceiling should be)."""
    import torch

    generator = torch.Generator().manual_seed(0)
    inputs = torch.randn(rows, inner, generator=generator).to(dtype)
    weight = torch.randn(columns, inner, generator=generator).to(dtype)
    for _ in range(3):
        torch.nn.functional.linear(inputs, weight)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeats):
            torch.nn.functional.linear(inputs, weight)
        best = min(best, (time.perf_counter() - start) / repeats)
    return 2 * rows * inner * columns / best / 1e9


def layer_rate(dtype: Any) -> float:
    """GFLOP/s of a MiniLM layer's matrix products at :data:`TOKENS_PER_BATCH` tokens, weighted as the layer has them."""
    shapes = [(HIDDEN, HIDDEN)] * 4 + [(HIDDEN, FEED_FORWARD), (FEED_FORWARD, HIDDEN)]
    seconds = sum(2 * TOKENS_PER_BATCH * inner * columns / (matmul_rate(TOKENS_PER_BATCH, inner, columns, dtype) * 1e9) for inner, columns in shapes)
    return TOKENS_PER_BATCH * FLOPS_PER_TOKEN_LAYER / seconds / 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser, "polnear", "dev", what="PolNeAR dev folder")
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2

    import torch

    import stance
    from stance.evaluation.loaders import polnear_documents
    from stance.networks.inference import cpu_has_bfloat16

    analyzer = stance.Analyzer(targets=list(TARGETS))
    documents = list(polnear_documents(args.data))
    counts: Counter = Counter()
    with counting_batches(counts):
        sentences = sum(len(document.sentences) for document in analyzer.pipe(documents))
    layers = {"tagger": analyzer.get_stage("attribution").model.config["layers"],
              "scorer": analyzer.scorer.network.bert.config.num_hidden_layers}

    print(f"{len(documents)} articles, {sentences} sentences, targets {', '.join(TARGETS)}; torch threads {torch.get_num_threads()}, "
          f"native bfloat16: {'yes' if cpu_has_bfloat16() else 'no'}\n")
    print(f"{'network':8} {'layers':>6} {'inputs':>7} {'tokens/sentence':>16} {'GFLOP/sentence':>15}")
    total = 0.0
    for name, depth in layers.items():
        flops = counts[(name, "tokens")] * depth * FLOPS_PER_TOKEN_LAYER / sentences
        total += flops
        print(f"{name:8} {depth:>6} {counts[(name, 'inputs')]:>7} {counts[(name, 'tokens')] / sentences:>16.1f} {flops / 1e9:>15.3f}")
    print(f"{'both':8} {'':>6} {'':>7} {'':>16} {total / 1e9:>15.3f}\n")

    print(f"{'precision':10} {'square 2048 GFLOP/s':>20} {'MiniLM layer GFLOP/s':>21} {'networks ms/sentence':>21} {'ceiling sentences/s':>20}")
    for label, dtype in (("bfloat16", torch.bfloat16), ("float32", torch.float32)):
        square, layer = matmul_rate(2048, 2048, 2048, dtype, repeats=3), layer_rate(dtype)
        milliseconds = total / (layer * 1e9) * 1e3
        print(f"{label:10} {square:>20.0f} {layer:>21.0f} {milliseconds:>21.1f} {1e3 / milliseconds:>20.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
