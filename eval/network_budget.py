"""How fast the shipped networks can possibly run on this CPU: their arithmetic against the CPU's own matrix-product
speed, for the whole pipeline and for the scorers alone.

1. **Work per sentence**: the 84 PolNeAR dev articles go through the default ``Analyzer`` with two targets (Donald
   Trump, Hillary Clinton), as in ``eval/corpus.py``, while every batch the attribution tagger and the scorer run is
   counted (inputs and tokens, unpadded). The tokens times the layers times the multiply-adds of a layer's matrix
   products give the network arithmetic per sentence (attention scores, softmax, layer norms and the heads are not
   counted, so it is a lower bound).
2. **Work per scored pair**: the NewsMTSC dev pairs that ``eval/scoring.py`` and ``eval/presets.py`` time, encoded
   by each preset as it reads them (the fast MiniLM and, where installed, the accurate MPNet).
3. **The CPU's speed** at each network's shapes (a batch of 2,560 tokens through one layer's four attention products
   and two feed-forward products) with ``torch`` in bfloat16 and float32, on the threads torch uses here, and for
   scale one large square product; each the fastest of five rounds, so that the ceilings are the machine's best.
4. **The ceilings**: the arithmetic over that speed is the least time the networks need, and so the most sentences
   (or pairs) per second anything running these networks can reach here, before parsing, mentions, rules and storage
   take their share.

Usage (from the repository root):
    .venv/bin/python eval/network_budget.py [--data ../shared/data]
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
TOKENS_PER_BATCH = 2560  # 64 inputs of 40 tokens, the scorer's batch of typical news sentences
PRECISIONS = ("bfloat16", "float32")


def layer_flops(hidden: int, feed_forward: int) -> int:
    """Floating-point operations of one token through one transformer layer's matrix products (2 per multiply-add)."""
    return 2 * (4 * hidden * hidden + 2 * hidden * feed_forward)


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


def layer_rate(precision: str, hidden: int, feed_forward: int) -> float:
    """GFLOP/s of one layer's matrix products at :data:`TOKENS_PER_BATCH` tokens, weighted as the layer has them."""
    import torch

    dtype = getattr(torch, precision)
    shapes = [(hidden, hidden)] * 4 + [(hidden, feed_forward), (feed_forward, hidden)]
    seconds = sum(2 * TOKENS_PER_BATCH * inner * columns / (matmul_rate(TOKENS_PER_BATCH, inner, columns, dtype) * 1e9) for inner, columns in shapes)
    return TOKENS_PER_BATCH * layer_flops(hidden, feed_forward) / seconds / 1e9


def shape(encoder_config: Any) -> tuple[int, int, int]:
    """(layers, hidden size, feed-forward size) of a Hugging Face encoder configuration."""
    return encoder_config.num_hidden_layers, encoder_config.hidden_size, encoder_config.intermediate_size


def pipeline_table(analyzer: Any, documents: list[Any], rates: dict[tuple[str, int, int], float]) -> None:
    """Part 1: what the tagger and the scorer read per sentence of ``documents``, and the ceiling it sets."""
    counts: Counter = Counter()
    with counting_batches(counts):
        sentences = sum(len(document.sentences) for document in analyzer.pipe(documents))
    networks = {"tagger": shape(analyzer.get_stage("attribution").model.model.config),
                "scorer": shape(analyzer.scorer.network.bert.config)}
    print(f"The default pipeline on {len(documents)} PolNeAR dev articles ({sentences} sentences, targets {', '.join(TARGETS)})\n")
    print(f"{'network':8} {'layers':>6} {'inputs':>7} {'tokens/sentence':>16} {'GFLOP/sentence':>15}")
    flops: dict[str, float] = {}
    for name, (layers, hidden, feed_forward) in networks.items():
        flops[name] = counts[(name, "tokens")] * layers * layer_flops(hidden, feed_forward) / sentences
        print(f"{name:8} {layers:>6} {counts[(name, 'inputs')]:>7} {counts[(name, 'tokens')] / sentences:>16.1f} {flops[name] / 1e9:>15.3f}")
    print(f"{'both':8} {'':>6} {'':>7} {'':>16} {sum(flops.values()) / 1e9:>15.3f}\n")
    print(f"{'precision':10} {'networks ms/sentence':>21} {'ceiling sentences/s':>20}")
    for precision in PRECISIONS:
        seconds = sum(flops[name] / (rate_for(rates, precision, *networks[name][1:]) * 1e9) for name in networks)
        print(f"{precision:10} {seconds * 1e3:>21.1f} {1 / seconds:>20.0f}")


def scoring_table(news: Any, rates: dict[tuple[str, int, int], float]) -> None:
    """Part 2: what each preset reads per NewsMTSC dev pair, and the ceiling it sets on pairs per second."""
    from stance.scoring.model import PRESETS, ScoringModel, encode_pairs
    from stance.scoring.targets import pairs_from_rows

    pairs = pairs_from_rows(news)
    print(f"\nThe scorers alone on the {len(pairs)} NewsMTSC dev pairs (as eval/scoring.py times them)\n")
    print(f"{'preset':9} {'layers':>6} {'hidden':>6} {'tokens/pair':>12} {'GFLOP/pair':>11} " + " ".join(f"{p + ' pairs/s':>17}" for p in PRECISIONS))
    for preset in ("fast", "accurate"):
        try:
            model = ScoringModel.load(PRESETS[preset])
        except (OSError, ImportError) as error:  # the accurate preset's encoder parts are optional
            print(f"{preset:9} not measured: {str(error).splitlines()[0]}")
            continue
        layers, hidden, feed_forward = shape(model.network.bert.config)
        tokens = sum(len(e) for e in encode_pairs(model.tokenizer, pairs, model.max_tokens, model.reads_holder)) / len(pairs)
        flops = tokens * layers * layer_flops(hidden, feed_forward)
        ceilings = " ".join(f"{rate_for(rates, p, hidden, feed_forward) * 1e9 / flops:>17.0f}" for p in PRECISIONS)
        print(f"{preset:9} {layers:>6} {hidden:>6} {tokens:>12.1f} {flops / 1e9:>11.3f} {ceilings}")


def rate_for(rates: dict[tuple[str, int, int], float], precision: str, hidden: int, feed_forward: int) -> float:
    """The measured layer rate for these shapes, measured now if it was not yet."""
    key = (precision, hidden, feed_forward)
    if key not in rates:
        rates[key] = layer_rate(precision, hidden, feed_forward)
    return rates[key]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser)
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2

    import pandas as pd
    import torch

    import stance
    from stance.evaluation.benchmarks import development_sets
    from stance.evaluation.loaders import polnear_documents
    from stance.networks.inference import cpu_has_bfloat16

    print(f"torch threads {torch.get_num_threads()}, native bfloat16: {'yes' if cpu_has_bfloat16() else 'no'}\n")
    rates: dict[tuple[str, int, int], float] = {}
    analyzer = stance.Analyzer(targets=list(TARGETS))
    for precision in PRECISIONS:  # the MiniLM shapes of the tagger and the fast scorer, before the pipeline runs
        rate_for(rates, precision, 384, 1536)
    pipeline_table(analyzer, list(polnear_documents(args.data / "polnear" / "dev")), rates)
    news = pd.concat([s.dev for s in development_sets(args.data) if s.name.startswith("NewsMTSC")], ignore_index=True)
    scoring_table(news, rates)

    print(f"\nMatrix products, GFLOP/s (best of five rounds): " + "; ".join(
        f"{precision} square 2048 {matmul_rate(2048, 2048, 2048, getattr(torch, precision), repeats=3):.0f}" for precision in PRECISIONS))
    for (precision, hidden, feed_forward), rate in sorted(rates.items()):
        print(f"  a layer of hidden size {hidden} (feed-forward {feed_forward}), {precision}: {rate:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
