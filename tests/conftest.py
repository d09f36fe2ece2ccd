"""Shared test fixtures: paths to the repository's example and the optional labelled data, and the shipped actor registry."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "wire_report.txt"
DATA = Path(os.environ.get("STANCE_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def data_dir() -> Path:
    """The labelled data folder; tests that need it skip when it is absent."""
    if not DATA.is_dir():
        pytest.skip(f"labelled data not found at {DATA} (set STANCE_DATA)")
    return DATA


@pytest.fixture(scope="session")
def shipped():
    """The shipped actor registry (read once)."""
    from stance.actors import ActorRegistry

    return ActorRegistry.default()


def names(actors) -> list[str]:
    """The names of ``actors``, in order."""
    return [a.name for a in actors]


class SourceModel:
    """A stand-in attribution model: the source and cue are the first occurrences of two words in each body sentence."""

    def __init__(self, source: str, cue: str):
        self.source, self.cue = source, cue

    def predict_by_index(self, requests, batch_size=32):
        from stance.attribution.model import SpanPrediction

        found = []
        for document, indices in requests:
            predictions = {}
            for index in indices:
                sentence = document.sentences[index]
                source, cue = sentence.text.find(self.source), sentence.text.find(self.cue)
                if source >= 0 and cue >= 0:
                    at, cue_at = sentence.start + source, sentence.start + cue
                    predictions[index] = SpanPrediction((at, at + len(self.source)), 0.9, (cue_at, cue_at + len(self.cue)), 0.9, 0.9)
            found.append(predictions)
        return found
