"""A faster attribute ruler: spaCy's ``AttributeRuler`` whose matches are found by table lookup.

The attribute ruler of ``en_core_web_sm`` maps each token's tag (and, for some words, its
lowercase form and dependency label) to its coarse part of speech, morphology and lemma with
179 Matcher patterns. spaCy's ``Matcher`` tries every pattern at every token, which took longer
than the dependency parser itself (0.7 to 0.9 ms a sentence here, docs/speed.md). Its patterns
are all fixed sequences of one or two tokens, each token tested for equality, membership or a
regular expression on a few attributes, so which pattern tokens a token satisfies depends on
those attributes alone: :class:`LookupAttributeRuler` works that out once per distinct
combination and finds the same matches as the ``Matcher``, in the same order, which spaCy's own
``set_annotations`` then applies. The annotations are therefore those of spaCy's attribute
ruler, token for token (0.2 ms a sentence).

A pattern set that uses anything else (operators such as ``"OP"``, comparisons, other
attributes) is left to spaCy: :func:`use_lookup_ruler` replaces the ruler only where
:func:`supports` says every pattern is of this form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler

#: Token attributes a pattern may test, and how to read them from a token.
ATTRIBUTES = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "POS": "pos_", "ORTH": "text", "IS_SPACE": "is_space"}
#: The tests a pattern may make besides equality: membership, and a regular expression searched in the value.
TESTS = ("IN", "NOT_IN", "REGEX")
#: A token's value of an attribute that no equality or membership test names: it fails every equality and ``IN``
#: test and passes every ``NOT_IN``, as any other such value does.
OTHER = object()

FACTORY = "stance_lookup_attribute_ruler"


def supports(patterns: Iterable[dict[str, Any]]) -> bool:
    """True when every pattern is made of fixed sequences of tokens, each tested only with equality or :data:`TESTS` on :data:`ATTRIBUTES`."""
    for pattern in patterns:
        for spec in (spec for sequence in pattern["patterns"] for spec in sequence):
            for name, test in spec.items():
                if name.upper() not in ATTRIBUTES or isinstance(test, (list, set, tuple)):
                    return False
                if isinstance(test, dict) and (len(test) != 1 or next(iter(test)) not in TESTS):
                    return False
    return True


class LookupAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` with :meth:`match` done by lookup (see the module docstring).

    A token is described by its :meth:`_key`: for each attribute the patterns test, its value
    where a pattern names that value (else :data:`OTHER`) and the outcome of each regular
    expression tested on it. Tokens with the same key satisfy the same pattern tokens, which
    :meth:`_satisfied_by` works out once per key (a bounded table: the named values are few).
    """

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._build_tables()

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        """Add patterns as spaCy does (its ``Matcher`` keeps them too) and rebuild the tables."""
        super().add(patterns, attrs, index)
        self._build_tables()

    def clear(self) -> None:
        super().clear()
        self._build_tables()

    def _build_tables(self) -> None:
        """Each pattern token as ((pattern number, sequence, position, length), {attribute: test}); the values named
        and the regular expressions tested for each attribute; an empty lookup table."""
        self._specs: list[tuple[tuple[int, int, int, int], dict[str, Any]]] = []
        self._named: dict[str, set[Any]] = {}
        self._regexes: dict[str, dict[str, re.Pattern]] = {}
        for number in range(len(self.attrs)):
            for which, sequence in enumerate(self.matcher.get(str(number))[1]):
                for position, spec in enumerate(sequence):
                    tests = {name.upper(): test for name, test in spec.items()}
                    self._specs.append(((number, which, position, len(sequence)), tests))
                    for name, test in tests.items():
                        self._named.setdefault(name, set())
                        self._regexes.setdefault(name, {})
                        if isinstance(test, dict) and "REGEX" in test:
                            self._regexes[name][test["REGEX"]] = re.compile(test["REGEX"])
                        else:
                            self._named[name].update(next(iter(test.values())) if isinstance(test, dict) else [test])
        self._getters = {name: ATTRIBUTES[name] for name in sorted(self._named)}
        self._satisfied: dict[tuple[Any, ...], frozenset[tuple[int, int, int, int]]] = {}

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """The matches spaCy's ``Matcher`` finds, as ``AttributeRuler.match`` returns them (sorted by pattern number)."""
        satisfied = [self._satisfied_by(token) for token in doc]
        matches = set()
        for start, found in enumerate(satisfied):
            for number, which, position, length in found:
                if position == 0 and start + length <= len(doc) and all((number, which, later, length) in satisfied[start + later] for later in range(1, length)):
                    matches.add((number, self.vocab.strings[str(number)], start, start + length))
        return sorted(matches)

    def _satisfied_by(self, token: Any) -> frozenset[tuple[int, int, int, int]]:
        """The (pattern number, sequence, position, length) of every pattern token that ``token`` satisfies."""
        key = self._key(token)
        found = self._satisfied.get(key)
        if found is None:
            described = dict(zip(self._getters, key))
            found = self._satisfied[key] = frozenset(where for where, tests in self._specs if self._passes(tests, described))
        return found

    def _key(self, token: Any) -> tuple[Any, ...]:
        """For each attribute tested: its value or :data:`OTHER`, and which regular expressions are found in it."""
        key = []
        for name, getter in self._getters.items():
            value = getattr(token, getter)
            regexes = self._regexes[name]
            found = frozenset(text for text, regex in regexes.items() if regex.search(value)) if regexes else frozenset()
            key.append((value if value in self._named[name] else OTHER, found))
        return tuple(key)

    @staticmethod
    def _passes(tests: dict[str, Any], described: dict[str, tuple[Any, frozenset[str]]]) -> bool:
        """True when a token ``described`` as in :meth:`_key` passes every test of one pattern token."""
        for name, test in tests.items():
            value, found = described[name]
            kind, expected = next(iter(test.items())) if isinstance(test, dict) else ("==", test)
            if kind == "REGEX":
                passed = expected in found
            elif kind == "==":
                passed = value is not OTHER and value == expected
            else:
                passed = (value is not OTHER and value in expected) == (kind == "IN")
            if not passed:
                return False
        return True


@Language.factory(FACTORY)
def make_lookup_attribute_ruler(nlp: Language, name: str) -> LookupAttributeRuler:
    """spaCy factory for :class:`LookupAttributeRuler` (its patterns are added after creation, as for spaCy's ruler)."""
    return LookupAttributeRuler(nlp.vocab, name)


def use_lookup_ruler(nlp: Language, name: str = "attribute_ruler") -> Language:
    """Replace the attribute ruler ``name`` of ``nlp`` by a :class:`LookupAttributeRuler` with the same patterns, where :func:`supports` them (in place)."""
    if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), AttributeRuler):
        return nlp
    patterns = nlp.get_pipe(name).patterns
    if supports(patterns):
        nlp.replace_pipe(name, FACTORY).add_patterns(patterns)
    return nlp
