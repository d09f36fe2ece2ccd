"""Pack a base encoder small enough to carry to a GPU machine that cannot download it, and unpack it there.

The GPU machines lent to this project take at most 64 MiB of files per call and reach no
package index, while all-mpnet-base-v2 is 438 MB. Training only needs the encoder for the texts
it trains and evaluates on, so ``pack``:

1. keeps the vocabulary rows of the tokens those texts use (WordPiece picks the longest known
   prefix, so a vocabulary holding every piece of a text tokenizes that text exactly as the full
   one does) and rewrites ``tokenizer.json``/``vocab.txt`` to match;
2. stores every large matrix as int8 with one float32 scale per row (at most half a step of
   error per weight, about 0.4% of the row's largest weight), the rest as float16;
3. compresses the result with LZMA and splits it into parts of ``--part-mb``.

``unpack`` rebuilds an ordinary model folder (float32 safetensors) from the parts. The models
trained on it keep only adapters, transformer layers and heads, never the embeddings, so they
load over the full, exact base encoder afterwards. Usage::

    python training/pack_encoder.py texts ../shared/data texts.txt   # every input train_scoring.py builds
    python training/pack_encoder.py pack BASE_DIR OUT_DIR --texts texts.txt --part-mb 50
    python training/pack_encoder.py unpack OUT_DIR MODEL_DIR     # on the GPU machine
"""

from __future__ import annotations

import argparse
import json
import lzma
import shutil
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

PACKED = "packed.safetensors.xz"


def training_texts(data: Path) -> list[str]:
    """Every text ``train_scoring.py --unlabelled`` tokenizes: marked sentences (training, dev, unlabelled) and targets."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pandas as pd
    from train_scoring import load_data, unlabelled_rows

    from stance.scoring.targets import pairs_from_rows
    from stance.scoring.model import MARK_CLOSE, MARK_OPEN, marked_text

    train_rows, dev = load_data(data)
    pairs = pairs_from_rows(pd.concat([train_rows, *dev.values(), unlabelled_rows(data)], ignore_index=True))
    texts = {marked_text(p) for p in pairs} | {p.target for p in pairs if p.target} | {MARK_OPEN, MARK_CLOSE}
    return sorted(" ".join(text.split()) for text in texts)


def kept_token_ids(base: Path, texts: list[str]) -> list[int]:
    """Ids of every token the texts use, and of the special tokens, in vocabulary order."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    spec = json.loads((base / "tokenizer.json").read_text(encoding="utf-8"))
    ids = set(tokenizer.all_special_ids) | {added["id"] for added in spec.get("added_tokens", [])}
    for start in range(0, len(texts), 4096):
        for row in tokenizer(texts[start : start + 4096], add_special_tokens=False)["input_ids"]:
            ids.update(row)
    return sorted(ids)


def prune_tokenizer(base: Path, out: Path, kept: list[int]) -> None:
    """Write tokenizer files whose vocabulary is ``kept`` (renumbered in order)."""
    new_id = {old: new for new, old in enumerate(kept)}
    spec = json.loads((base / "tokenizer.json").read_text(encoding="utf-8"))
    old_vocab = spec["model"]["vocab"]
    spec["model"]["vocab"] = {token: new_id[i] for token, i in old_vocab.items() if i in new_id}
    for added in spec.get("added_tokens", []):
        added["id"] = new_id[added["id"]]
    for special in (spec.get("post_processor") or {}).get("special_tokens", {}).values():
        special["ids"] = [new_id[i] for i in special["ids"]]
    (out / "tokenizer.json").write_text(json.dumps(spec), encoding="utf-8")
    by_id = sorted(spec["model"]["vocab"].items(), key=lambda item: item[1])
    (out / "vocab.txt").write_text("".join(token + "\n" for token, _ in by_id), encoding="utf-8")
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        if (base / name).is_file():
            shutil.copy(base / name, out / name)


def pack(base: Path, out: Path, texts: list[str], part_mb: int) -> None:
    """Prune, quantise, compress and split ``base`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    kept = kept_token_ids(base, texts)
    prune_tokenizer(base, out, kept)
    config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    config["vocab_size"] = len(kept)
    (out / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    packed = {}
    for name, tensor in load_file(str(base / "model.safetensors")).items():
        if name.endswith("word_embeddings.weight"):
            tensor = tensor[torch.tensor(kept)]
        if tensor.is_floating_point() and tensor.dim() == 2 and min(tensor.shape) >= 64:
            scale = tensor.abs().amax(dim=1).clamp(min=1e-12) / 127
            packed[name + ".int8"] = torch.round(tensor / scale[:, None]).to(torch.int8)
            packed[name + ".scale"] = scale.float()
        else:
            packed[name] = tensor.half() if tensor.is_floating_point() else tensor
    raw = out / "packed.safetensors"
    save_file({k: v.contiguous() for k, v in packed.items()}, str(raw))
    data = lzma.compress(raw.read_bytes(), preset=6)
    raw.unlink()
    size = part_mb * 1024 * 1024
    for k, start in enumerate(range(0, len(data), size)):
        (out / f"{PACKED}.{k:03d}").write_bytes(data[start : start + size])
    print(f"{base.name}: kept {len(kept)} of {len(json.loads((base / 'tokenizer.json').read_text())['model']['vocab'])} tokens, {len(data) / 1e6:.1f} MB packed")


def unpack(packed_dir: Path, out: Path) -> None:
    """Rebuild a model folder (config, tokenizer, float32 safetensors) from :func:`pack`'s parts."""
    out.mkdir(parents=True, exist_ok=True)
    data = b"".join(part.read_bytes() for part in sorted(packed_dir.glob(f"{PACKED}.*")))
    raw = out / "packed.safetensors"
    raw.write_bytes(lzma.decompress(data))
    packed = load_file(str(raw))
    raw.unlink()
    state = {}
    for name, tensor in packed.items():
        if name.endswith(".int8"):
            state[name[: -len(".int8")]] = tensor.float() * packed[name[: -len(".int8")] + ".scale"][:, None]
        elif not name.endswith(".scale"):
            state[name] = tensor.float() if tensor.is_floating_point() else tensor
    save_file(state, str(out / "model.safetensors"))
    for path in packed_dir.iterdir():
        if not path.name.startswith(PACKED):
            shutil.copy(path, out / path.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    packing = verbs.add_parser("pack")
    packing.add_argument("base", type=Path)
    packing.add_argument("out", type=Path)
    packing.add_argument("--texts", type=Path, required=True, help="a UTF-8 file, one text per line")
    packing.add_argument("--part-mb", type=int, default=50)
    listing = verbs.add_parser("texts")
    listing.add_argument("data", type=Path)
    listing.add_argument("out", type=Path)
    unpacking = verbs.add_parser("unpack")
    unpacking.add_argument("packed", type=Path)
    unpacking.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.verb == "texts":
        texts = training_texts(args.data)
        args.out.write_text("\n".join(texts), encoding="utf-8")
        print(f"{len(texts)} texts -> {args.out}")
    elif args.verb == "pack":
        pack(args.base, args.out, args.texts.read_text(encoding="utf-8").splitlines(), args.part_mb)
    else:
        unpack(args.packed, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
