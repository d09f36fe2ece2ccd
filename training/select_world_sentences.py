"""Choose the sentences of the news stance corpus's foreign-affairs train supplement (data/news_stance/train_world.jsonl).

The train split's 168 articles are US election news in which foreign states are rare; the example article and the
questions users ask ("Russia's stance toward the West") are about states. This script lists the body sentences of
eight or more words, in the PolNeAR training articles the corpus has not labelled (an article whose text repeats a
labelled one's counts as labelled), that name a state other than the United States, a bloc, or one of a few leaders
and groups of the 2016 news (:data:`EXTRA_WORDS`), by the actor registry's names, aliases, capitals and seats. Each
chosen sentence was then labelled in full, every target it names, to the guidelines (the data card says how).

Usage (from the repository root):
    .venv/bin/python training/select_world_sentences.py OUT.json [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import stance  # noqa: E402
from stance.evaluation.loaders import news_stance_texts  # noqa: E402

ACTORS = REPO_ROOT / "stance" / "data" / "actors"
#: Leaders and groups of the 2015-2016 news named without their state.
EXTRA_WORDS = ("Kremlin", "Putin", "Xi Jinping", "Assad", "Netanyahu", "Merkel", "Erdogan", "Kim Jong Un", "Kim Jong-un", "Castro",
               "Rouhani", "Khamenei", "Pena Nieto", "Peña Nieto", "Trudeau", "Cameron", "Hollande", "Abe", "Modi", "ISIS", "Islamic State")
#: Registry words left out because in US news they mostly name something else (a state of the US, a person, a city).
AMBIGUOUS = ("Georgia", "Jordan", "Chad", "Washington", "Guinea", "Niger", "Lebanon", "Victoria")
#: The least number of words of a chosen sentence.
MIN_WORDS = 8


def trigger_words() -> set[str]:
    """The names, aliases, capitals and seats of every state but the United States and of every bloc, with :data:`EXTRA_WORDS`."""
    words = set(EXTRA_WORDS)
    with open(ACTORS / "countries.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["name"] != "United States":
                words.update(w.strip() for field in ("name", "aliases", "capital", "seats") for w in row[field].split(";"))
    with open(ACTORS / "organisations.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["type"] == "bloc":
                words.update(w.strip() for w in [row["name"], *row["aliases"].split(";")])
    return {w for w in words if (len(w) > 2 or w in ("UN", "EU")) and w not in AMBIGUOUS}


def select(data: Path) -> list[dict]:
    """The chosen sentences, by article id and offset: ``{"doc", "start", "end", "sentence", "cues"}``."""
    texts = news_stance_texts(data)
    labelled = set(json.loads((REPO_ROOT / "data" / "news_stance" / "annotation" / "articles.json").read_text())["train"])
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, trigger_words()), key=len, reverse=True)) + r")\b")
    seen = {hashlib.sha1(texts[doc].encode()).hexdigest() for doc in labelled if doc in texts}
    chosen = []
    for doc in sorted(d for d in texts if d.startswith("polnear_train/") and d not in labelled):
        digest = hashlib.sha1(texts[doc].encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        for sentence in stance.segment(texts[doc]).sentences:
            cues = sorted(set(pattern.findall(sentence.text)))
            if sentence.kind == "body" and len(sentence.text.split()) >= MIN_WORDS and cues:
                chosen.append({"doc": doc, "start": sentence.start, "end": sentence.end, "sentence": sentence.text, "cues": cues})
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data", help="the shared data folder (default: %(default)s)")
    args = parser.parse_args(argv)
    chosen = select(args.data)
    args.out.write_text(json.dumps(chosen, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(chosen)} sentences in {len({c['doc'] for c in chosen})} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
