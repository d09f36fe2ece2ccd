"""eval/network_budget.py counts what the networks read, and leaves them as they were."""

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from stance.scoring.base import Pair

SCRIPT = Path(__file__).resolve().parent.parent / "eval" / "network_budget.py"


@pytest.fixture(scope="module")
def budget():
    spec = importlib.util.spec_from_file_location("network_budget", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_counting_batches_counts_every_input_and_token_and_restores_the_loops(budget):
    import stance.attribution.model as tagger_module
    import stance.scoring.model as scorer_module
    from stance.scoring.model import ScoringModel, encode_pairs

    scorer = ScoringModel.load()
    pairs = [Pair("Putin praised China on Friday.", "China", (14, 19)), Pair("The talks ended.", "", None)]
    before = (tagger_module.batched, scorer_module.batched)
    counts: Counter = Counter()
    with budget.counting_batches(counts):
        scorer.predict(pairs, ("stance", "tone"))
    tokens = sum(len(e) for e in encode_pairs(scorer.tokenizer, pairs, scorer.max_tokens, scorer.reads_holder))
    assert counts == Counter({("scorer", "inputs"): 2, ("scorer", "tokens"): tokens})
    assert (tagger_module.batched, scorer_module.batched) == before

