"""The record model: dict/JSON round trips and DataFrame flattening."""

import json

import pandas as pd

import stance
from stance import Attribution, Document, Score, Sentence, Stance


def test_document_json_round_trip_keeps_every_record(example_text):
    doc = stance.Analyzer()(example_text, id="wire", metadata={"outlet": "Stance Wire", "date": "2024-03-14"})
    doc.sentences[4].attribution = Attribution(actor="Vladimir Putin", actor_type="person", source=(161, 193), cue=(194, 198), method="verb-subject", confidence=0.9)
    doc.sentences[4].sentiment = Score("neutral", {"negative": 0.1, "neutral": 0.8, "positive": 0.1})
    doc.sentences[4].stances["China"] = Stance("favor", {"against": 0.1, "neutral": 0.2, "favor": 0.7}, 0.6, [(228, 233)], Score("positive", {"positive": 1.0}))

    restored = Document.from_json(doc.to_json())

    assert restored == doc
    assert restored.sentences[4].attribution.source == (161, 193)
    assert restored.sentences[4].stances["China"].mentions == [(228, 233)]


def test_to_dict_is_plain_json():
    sentence = Sentence(index=0, text="Hi.", start=0, end=3, paragraph=0, quote=(0, 3), quote_role="contains")
    data = sentence.to_dict()
    assert json.loads(json.dumps(data))["quote"] == [0, 3]
    assert Sentence.from_dict(json.loads(json.dumps(data))) == sentence


def test_to_frame_has_one_row_per_sentence_with_metadata(example_text):
    analyzer = stance.Analyzer()
    docs = [analyzer(example_text, id="a", metadata={"outlet": "X"}), analyzer("One. Two.", id="b")]
    frame = stance.to_frame(docs)
    assert len(frame) == len(docs[0].sentences) + 2
    assert list(frame["doc_id"].unique()) == ["a", "b"]
    assert frame.loc[frame.doc_id == "a", "meta_outlet"].eq("X").all()
    assert frame.loc[frame.doc_id == "b", "text"].tolist() == ["One.", "Two."]
    assert docs[0].to_frame().equals(stance.to_frame(docs[0]))


def test_to_frame_of_empty_documents_has_the_columns():
    frame = stance.to_frame([stance.Analyzer()("   ")])
    assert isinstance(frame, pd.DataFrame)
    assert frame.empty
    assert {"doc_id", "start", "end", "kind", "text"} <= set(frame.columns)


def test_in_quote_follows_quote_role():
    base = dict(index=0, text="x", start=0, end=1, paragraph=0)
    assert not Sentence(**base).in_quote
    assert not Sentence(**base, quote=(0, 1), quote_role="contains").in_quote
    assert Sentence(**base, quote=(0, 9), quote_role="opens").in_quote
