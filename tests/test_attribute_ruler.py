"""The lookup attribute ruler (stance.attribution.ruler) gives exactly spaCy's attribute ruler's annotations."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from stance.attribution.parsing import load_spacy
from stance.attribution.ruler import LookupAttributeRuler, supports, use_lookup_ruler

#: Sentences that exercise the shipped ruler's word rules, those that read the dependency label
#: ("I", "it", auxiliaries, "do"/"have" as main verbs, "but" as an adverb, "there is"), two-token
#: rules ("ain't", "gon na"), rules with two patterns ("gets", "got") and whitespace tokens.
SENTENCES = [
    "Putin said on Tuesday that Russia had fired 40 missiles at Ukraine.",
    "I told him it was over, but he did not listen.",
    "There is no doubt that they have done their homework, and they do it well.",
    "\"We ain't gonna stop,\" she said. \"It gets worse,\" he added, and then got up.",
    "The    Kremlin's   spokesman,  Dmitry Peskov,  declined to comment.",
    "You know what I mean?  Whoever wins, you'd have had a choice.",
    "According to the Associated Press, Hillary Clinton's campaign had raised $ 143 million.",
    "Which of them did it? None but the president himself could say.",
    "GOP leaders, who'd expected a win, weren't pleased: 'It's over,' one said.",
]


def annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    return load_spacy(), load_spacy(lookup_ruler=False)


def test_load_spacy_uses_the_lookup_ruler_and_can_leave_spacys(pipelines):
    fast, plain = pipelines
    assert isinstance(fast.get_pipe("attribute_ruler"), LookupAttributeRuler)
    assert type(plain.get_pipe("attribute_ruler")) is AttributeRuler
    assert fast.pipe_names == plain.pipe_names


def test_the_shipped_pipeline_annotates_every_token_as_spacys_does(pipelines):
    fast, plain = pipelines
    for fast_doc, plain_doc in zip(fast.pipe(SENTENCES), plain.pipe(SENTENCES)):
        assert annotations(fast_doc) == annotations(plain_doc)


def test_the_lookup_finds_the_matchers_matches(pipelines):
    fast, plain = pipelines
    for doc in plain.pipe(SENTENCES, disable=["attribute_ruler", "lemmatizer", "ner"]):
        assert fast.get_pipe("attribute_ruler").match(doc) == plain.get_pipe("attribute_ruler").match(doc)


RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": "run", "DEP": {"IN": ["ROOT", "conj"]}}]], "attrs": {"POS": "VERB", "LEMMA": "run"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"LOWER": "ca"}, {"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "can"}, "index": 0},
    {"patterns": [[{"DEP": "det"}, {"TAG": "NN"}]], "attrs": {"MORPH": "Definite=Def"}, "index": 1},
    {"patterns": [[{"ORTH": "Dogs"}], [{"ORTH": "Cats"}]], "attrs": {"LEMMA": "pet"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
]


def test_a_ruler_of_every_supported_kind_of_rule_matches_as_spacys():
    nlp = spacy.blank("en")
    words = ["The", "dog", "ca", "n't", "run", "and", "Dogs", "run", "  ", "Cats", "cant", "the", "run"]
    tags = ["DT", "NN", "MD", "RB", "VB", "CC", "NNS", "VBP", "_SP", "NNS", "VB", "DT", "NN"]
    deps = ["det", "nsubj", "aux", "neg", "ROOT", "cc", "nsubj", "conj", "dep", "dep", "dep", "det", "dobj"]
    heads = [1, 4, 4, 4, 4, 4, 7, 4, 7, 7, 7, 12, 10]
    plain = AttributeRuler(nlp.vocab)
    fast = LookupAttributeRuler(nlp.vocab)
    assert supports(RULES)
    for ruler in (plain, fast):
        ruler.add_patterns(RULES)
    docs = [Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads) for _ in range(2)]
    assert fast.match(docs[0]) == plain.match(docs[1]) != []
    fast(docs[0])
    plain(docs[1])
    assert annotations(docs[0]) == annotations(docs[1])


def test_rules_the_lookup_cannot_evaluate_stay_with_spacy():
    assert not supports([{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}])
    assert not supports([{"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}}])
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}])
    assert type(use_lookup_ruler(nlp).get_pipe("attribute_ruler")) is AttributeRuler
