"""The actor registry: who is who in news text, and who held which office when.

An :class:`ActorRegistry` holds :class:`Actor` records (countries, their governments, people,
blocs, organisations, media outlets and armed groups), the surface forms news uses for them
("the Kremlin", "the U.S.", "Zelenskyy"), demonyms ("Russian" -> Russia), a hierarchy of parents
(person -> government -> country -> blocs) and dated :class:`Role` terms ("president of Russia
from 2012-05-07"), so that a later stage can turn "the Kremlin said" or "the Russian president
said" into an actor::

    from stance.actors import ActorRegistry, load_actors

    registry = ActorRegistry.default()            # the shipped tables (stance/data/actors)
    registry.lookup("the Kremlin").name           # 'Government of Russia'
    registry.demonym("Ukrainian")                 # 'Ukraine'
    [a.name for a in registry.ancestors("Vladimir Putin")][:2]   # ['Government of Russia', 'Russia']
    registry.holder("Russia", "president", datetime.date(2010, 1, 1)).name   # 'Dmitry Medvedev'
    registry.resolve_role_phrase("the head of the Kremlin").name             # 'Vladimir Putin'

    registry = load_actors("my_actors.yaml")      # the shipped tables extended with your own

Sources
-------
:meth:`ActorRegistry.extend` reads CSV/TSV, YAML and JSON files, a folder of them, a DataFrame,
a dict or a list. Each table or entry is one of six kinds, told apart by its columns (keys):
``iso3`` -> a country (which also creates its government), ``holder`` -> a role term, ``member``
-> a membership (a parent link), ``phrase`` -> a role phrase, ``title`` -> a generic title,
anything else -> an actor. The formats are described in ``docs/actors.md``.

Every error names where the bad value came from (file and line, or entry) and the field.
Within one call of :meth:`extend` the order of entries does not matter: parents, holders and
members are checked after the whole source is read, and a failed call leaves the registry as
it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import json
import math
import re
import unicodedata
from collections import deque
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Union

import pandas as pd

#: Values of :attr:`Actor.type`.
ACTOR_TYPES = ("person", "government", "country", "organisation", "bloc", "media", "group")

#: The roles every country in the shipped tables has (some have others: ``crown_prince``, and
#: the EU, UN and NATO have their own offices). Role ids are free lower-case identifiers.
ROLES = ("head_of_state", "head_of_government", "foreign_minister")

#: Values of :attr:`Actor.status` for countries.
COUNTRY_STATUSES = ("un_member", "un_observer", "limited_recognition")

#: Where the shipped tables live.
DATA_DIR = Path(__file__).parent / "data" / "actors"

#: The prefix of the name of the government actor each country entry creates.
GOVERNMENT_PREFIX = "Government of "

Source = Union[str, Path, dict, list, pd.DataFrame]

# Fields each kind of entry may have; the first ones are required. An actor's `un_member` is
# derived from `status` (to_frame writes it): it is accepted and ignored when read.
_FIELDS = {
    "actor": ("name", "type", "parents", "country", "aliases", "case_sensitive", "demonyms", "status", "note",
              "un_member"),
    "country": ("name", "iso3", "status", "parents", "aliases", "case_sensitive", "demonyms", "capital", "seats", "note"),
    "membership": ("member", "parent", "since", "note"),
    "role": ("country", "role", "holder", "start", "end", "titles", "note"),
    "role_phrase": ("phrase", "country", "role", "note"),
    "title": ("title", "role", "note"),
}
_REQUIRED = {"actor": 2, "country": 2, "membership": 2, "role": 4, "role_phrase": 3, "title": 2}
# The order in which the kinds of one batch are applied: what is referred to comes first.
_KIND_ORDER = ("country", "actor", "membership", "role", "role_phrase", "title")
_SECTIONS = {"actors": "actor", "countries": "country", "memberships": "membership", "roles": "role",
             "role_phrases": "role_phrase", "titles": "title"}
_DATA_SUFFIXES = (".csv", ".tsv", ".yaml", ".yml", ".json")
_ROLE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_MODIFIERS = re.compile(r"^(?:current|incumbent|sitting)\s+", re.IGNORECASE)


class ActorDataError(ValueError):
    """A bad entry in actor data; the message names the source, the place and the field."""


@dataclass(frozen=True)
class Actor:
    """An actor: a country, government, person, bloc, organisation, media outlet or group.

    ``parents`` are the names of the actors directly above it in the hierarchy. ``aliases`` are
    the other surface forms that name it; those listed in ``case_sensitive`` (and every form that
    is all capitals or at most four characters long) match only as written or in capitals.
    ``country`` is the ISO 3166-1 alpha-3 code of the country it belongs to (for a country, its
    own code; for a person, the nationality). ``demonyms`` (countries) are the adjectives and
    nouns for it ("Russian"); ``status`` (countries) is one of :data:`COUNTRY_STATUSES`.
    """

    name: str
    type: str
    parents: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    country: str | None = None
    case_sensitive: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    status: str | None = None
    note: str = ""

    @property
    def un_member(self) -> bool:
        """True for the 193 member states of the United Nations."""
        return self.status == "un_member"


@dataclass(frozen=True)
class Role:
    """One term of office: ``holder`` held ``role`` in ``country`` from ``start`` until ``end``.

    ``country`` is an ISO3 code, or the name of the organisation for its own offices
    (``"European Union"``, ``"United Nations"``, ``"NATO"``). ``end`` is the first day out of
    office (the successor's first day) or ``None`` while in office: the holder is in office on
    the days ``start <= day < end``. ``titles`` are the words news uses for the office there.
    """

    country: str
    role: str
    titles: tuple[str, ...]
    holder: str
    start: dt.date
    end: dt.date | None = None
    note: str = ""

    def active_on(self, day: dt.date) -> bool:
        """True when the holder was in office on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


# ---------------------------------------------------------------------------------------------
# Text keys


@functools.lru_cache(maxsize=1 << 16)
def _clean(text: str) -> str:
    """Unify quote marks and spaces: the form an alias is compared in."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u2018\u2019\u02bc\u0060\u00b4]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def _strip_the(text: str) -> str:
    return _THE.sub("", text, count=1)


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """The case- and accent-free key of a form: 'The Élysée' and 'elysee' share 'elysee'."""
    text = unicodedata.normalize("NFKD", _clean(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\u2010-\u2015-]", " ", text).replace(".", "")
    return re.sub(r"\s+", " ", text).strip()


def _key(form: str) -> str:
    """The key under which a form claims its actor: folded, without a leading 'the'."""
    return _fold(_strip_the(_clean(form)))


def _is_case_sensitive(form: str, marked: Iterable[str] = ()) -> bool:
    """All-caps forms ('US', 'AP'), short ones ('Iran', 'Rome') and marked ones match as written."""
    bare = _strip_the(_clean(form))
    if not any(c.islower() for c in bare) or len(bare) <= 4:
        return True
    return any(_strip_the(_clean(m)) == bare for m in marked)


# ---------------------------------------------------------------------------------------------
# Reading sources into entries


@dataclass
class _Entry:
    kind: str
    data: dict[str, Any]
    where: str

    def fail(self, field: str | None, message: str) -> ActorDataError:
        place = self.where if field is None else f"{self.where}, field {field!r}"
        return ActorDataError(f"{place}: {message}")

    def text(self, field: str, required: bool = False) -> str:
        value = self.data.get(field)
        if _missing(value):
            if required:
                raise self.fail(field, "missing")
            return ""
        if not isinstance(value, (str, int, float)):
            raise self.fail(field, f"expected text, got {type(value).__name__}")
        return _clean(str(value))

    def items(self, field: str) -> tuple[str, ...]:
        """A list field: a list, or text separated by ';'."""
        value = self.data.get(field)
        if _missing(value):
            return ()
        if isinstance(value, str):
            value = value.split(";")
        elif not isinstance(value, (list, tuple)):
            raise self.fail(field, f"expected a list or text separated by ';', got {type(value).__name__}")
        out = []
        for item in value:
            if not isinstance(item, str):
                raise self.fail(field, f"expected text items, got {item!r}")
            if _clean(item):
                out.append(_clean(item))
        return tuple(dict.fromkeys(out))

    def date(self, field: str, required: bool) -> dt.date | None:
        value = self.data.get(field)
        if _missing(value) or value == "":
            if required:
                raise self.fail(field, "missing")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise self.fail(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _kind_of(keys: Iterable[str]) -> str:
    keys = set(keys)
    for key, kind in (("iso3", "country"), ("holder", "role"), ("member", "membership"), ("phrase", "role_phrase")):
        if key in keys:
            return kind
    return "title" if "title" in keys and "name" not in keys else "actor"


def _check_columns(kind: str, columns: Iterable[str], where: str) -> None:
    unknown = [c for c in columns if c not in _FIELDS[kind] and not c.startswith("__")]
    if unknown:
        raise ActorDataError(f"{where}: unknown field {unknown[0]!r} for a {kind.replace('_', ' ')} "
                             f"(allowed: {', '.join(_FIELDS[kind])})")


def _entry(data: dict[str, Any], where: str, kind: str | None = None, label: bool = True) -> _Entry:
    """An entry of ``kind`` (found from its keys when None); ``where`` gains the entry's name."""
    kind = kind or _kind_of(data)
    name = data.get("name") or data.get("holder") or data.get("member") or data.get("phrase") or data.get("title")
    if label and isinstance(name, str) and name.strip():
        where = f"{where} ({name.strip()!r})"
    _check_columns(kind, data, where)
    return _Entry(kind, data, where)


def _read_table(rows: Iterable[dict[str, Any]], columns: list[str], where: str, place: str, first: int) -> list[_Entry]:
    kind = _kind_of(columns)
    _check_columns(kind, columns, where)
    return [_entry(row, f"{where} {place} {number}", kind) for number, row in enumerate(rows, first)]


def _read_csv(path: Path) -> list[_Entry]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t" if path.suffix == ".tsv" else ",")
        columns = [c.strip() for c in reader.fieldnames or []]
        if not columns:
            raise ActorDataError(f"{path.name}: empty file (a header line is needed)")
        reader.fieldnames = columns
        kind = _kind_of(columns)
        _check_columns(kind, columns, path.name)
        entries = []
        for row in reader:
            if None in row:
                raise ActorDataError(f"{path.name} line {reader.line_num}: more cells than header columns")
            if any(v and v.strip() for v in row.values()):
                entries.append(_entry(row, f"{path.name} line {reader.line_num}", kind))
        return entries


def _yaml_loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe YAML that records the line of every mapping and of each of its keys."""

    def mapping(loader, node):
        value = loader.construct_mapping(node, deep=True)
        value["__line__"] = node.start_mark.line + 1
        value["__keylines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        return value

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return Loader


def _read_document(data: Any, source: str) -> list[_Entry]:
    """Entries from parsed YAML/JSON or an in-memory dict or list (see :meth:`ActorRegistry.extend`)."""
    if isinstance(data, (list, tuple)):
        return [_from_item(item, source, f"item {i}") for i, item in enumerate(data, 1)]
    if not isinstance(data, dict):
        raise ActorDataError(f"{source}: expected a mapping or a list of entries, got {type(data).__name__}")
    keys = [k for k in data if not str(k).startswith("__")]
    if not keys or not all(k in _SECTIONS for k in keys):
        return _named_entries(data, source, "entry", None)
    entries = []
    for key in keys:
        section, kind = data[key], _SECTIONS[key]
        if isinstance(section, dict):
            entries += _named_entries(section, source, f"section {key!r} entry", kind)
        elif isinstance(section, (list, tuple)):
            entries += [_from_item(item, source, f"section {key!r} item {i}", kind) for i, item in enumerate(section, 1)]
        else:
            raise ActorDataError(f"{_place(source, f'section {key!r}', data, key)}: must be a list or a mapping")
    return entries


def _line_of(item: Any, key: Any = None) -> int | None:
    """The YAML line of a mapping (or of one of its keys), when the parser recorded it."""
    if isinstance(item, dict) and "__line__" in item:
        return item.get("__keylines__", {}).get(key) if key is not None else item["__line__"]
    return None


def _place(source: str, fallback: str, item: Any, key: Any = None) -> str:
    """``source line N`` where the YAML parser recorded the line, else ``source fallback``."""
    line = _line_of(item, key)
    return f"{source} line {line}" if line else f"{source} {fallback}"


def _from_item(item: Any, source: str, place: str, kind: str | None = None) -> _Entry:
    if isinstance(item, (Actor, Role)):
        item = _record_to_dict(item)
    if not isinstance(item, dict):
        raise ActorDataError(f"{source} {place}: expected a mapping of fields, got {item!r}")
    return _entry(_plain(item), _place(source, place, item), kind)


def _named_entries(mapping: dict, source: str, place: str, kind: str | None) -> list[_Entry]:
    """``{name: {fields}}``: each key is an entry's name."""
    entries = []
    for name, values in mapping.items():
        if str(name).startswith("__"):
            continue
        line = _line_of(mapping, name)
        where = f"{source} line {line} ({str(name)!r})" if line else f"{source} {place} {str(name)!r}"
        values = {} if values is None else values
        if not isinstance(values, dict):
            raise ActorDataError(f"{where}: expected a mapping of fields, got {values!r}")
        data = _plain(values)
        if "name" in data and data["name"] != name:
            raise ActorDataError(f"{where}, field 'name': {data['name']!r} differs from the key {name!r}")
        entries.append(_entry({"name": name, **data}, where, kind, label=False))
    return entries


def _plain(item: dict) -> dict:
    return {k: v for k, v in item.items() if not str(k).startswith("__")}


def _record_to_dict(record: Actor | Role) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _read_source(source: Source) -> list[_Entry]:
    if isinstance(source, pd.DataFrame):
        rows = [{k: (None if _missing(v) else v) for k, v in row.items()} for row in source.to_dict("records")]
        return _read_table(rows, [str(c) for c in source.columns], "DataFrame", "row", 0)
    if isinstance(source, (dict, list, tuple, Actor, Role)):
        if isinstance(source, (Actor, Role)):
            source = [source]
        return _read_document(source, type(source).__name__)
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _DATA_SUFFIXES)
        return [entry for p in files for entry in _read_source(p)]
    if not path.exists():
        raise FileNotFoundError(f"no actor data at {path}")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _read_csv(path)
    if suffix in (".yaml", ".yml"):
        import yaml

        with open(path, encoding="utf-8") as handle:
            try:
                data = yaml.load(handle, Loader=_yaml_loader())
            except yaml.YAMLError as error:
                raise ActorDataError(f"{path.name}: not valid YAML: {error}") from None
        return _read_document(data if data is not None else [], path.name)
    if suffix == ".json":
        with open(path, encoding="utf-8") as handle:
            try:
                data = json.load(handle)
            except json.JSONDecodeError as error:
                raise ActorDataError(f"{path.name}: not valid JSON: {error}") from None
        return _read_document(data, path.name)
    raise ValueError(f"{path.name}: unknown actor data format {suffix!r} (use {', '.join(_DATA_SUFFIXES)})")


# ---------------------------------------------------------------------------------------------
# The registry


class ActorRegistry:
    """Actors, their surface forms, demonyms, hierarchy and dated offices.

    Build one with :meth:`default` (the shipped tables), :meth:`empty` or :func:`load_actors`,
    and grow it with :meth:`add`, :meth:`add_role` and :meth:`extend`. Lookups are exact
    (:meth:`lookup`, :meth:`demonym`); no guessing from context is done here.
    """

    def __init__(self) -> None:
        self._actors: dict[str, Actor] = {}
        self._where: dict[str, str] = {}
        self._claims: dict[str, tuple[str, bool]] = {}  # alias key -> (actor, soft)
        self._demonym_claims: dict[str, str] = {}  # demonym key -> actor
        self._iso: dict[str, str] = {}  # ISO3 -> country actor
        self._roles: list[Role] = []
        self._role_where: list[str] = []
        self._phrases: dict[str, tuple[str, str]] = {}  # role phrase key -> (owner, role)
        self._titles: dict[str, str] = {}  # generic title key -> role
        self._derived: dict[str, Any] = {}

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def empty(cls) -> ActorRegistry:
        """A registry with nothing in it."""
        return cls()

    @classmethod
    def default(cls) -> ActorRegistry:
        """The shipped tables in ``stance/data/actors``: read once, then copied on every call,
        so that a caller may extend its copy without touching anyone else's."""
        global _SHIPPED
        if _SHIPPED is None:
            _SHIPPED = cls.empty().extend(DATA_DIR)
        return _SHIPPED.copy()

    def copy(self) -> ActorRegistry:
        """An independent copy (actors and roles are immutable and shared)."""
        other = type(self)()
        for name, value in vars(self).items():
            setattr(other, name, value.copy())
        other._derived = {}
        return other

    def add(self, actor: Actor | dict, *, override: bool = False) -> None:
        """Add one actor (an :class:`Actor` or a dict of its fields; a dict with ``iso3`` adds a
        country and its government). With ``override`` an actor of the same name is replaced
        and aliases it shares with others move to it; otherwise both are errors."""
        data = _record_to_dict(actor) if isinstance(actor, Actor) else dict(actor)
        self._commit([_entry(data, f"add({data.get('name')!r})", label=False)], override)

    def add_role(self, role: Role | dict, *, override: bool = False) -> None:
        """Add one term of office; its holder must exist. A term that overlaps another of the
        same office is an error unless ``override`` (the later start then wins)."""
        data = _record_to_dict(role) if isinstance(role, Role) else dict(role)
        self._commit([_entry(data, f"add_role({data.get('holder')!r})", "role", label=False)], override)

    def add_alias(self, name: str, *aliases: str, override: bool = False) -> None:
        """Give actor ``name`` more aliases (an alias another actor has is an error unless
        ``override``, which moves it)."""
        actor = self.get(name)
        staged = self.copy()
        where = f"add_alias({name!r})"
        staged._put(replace(actor, aliases=tuple(dict.fromkeys(actor.aliases + tuple(map(_clean, aliases))))),
                    _Entry("actor", {}, where), override=override, replacing=True)
        self._adopt(staged)

    def extend(self, source: Source, *, override: bool = False) -> ActorRegistry:
        """Add everything in ``source`` and return the registry.

        ``source`` is a file (``.csv``, ``.tsv``, ``.yaml``/``.yml``, ``.json``), a folder of
        such files, a DataFrame, a dict ``{name: {type: ..., aliases: [...], parents: [...]}}``,
        a dict of sections (``actors``, ``countries``, ``memberships``, ``roles``,
        ``role_phrases``, ``titles``) or a list of entries. Without ``override`` a name or alias
        that is already taken is an error; with it the later entry wins. Nothing is added when
        any entry is bad.
        """
        self._commit(_read_source(source), override)
        return self

    def remove(self, name: str) -> None:
        """Remove actor ``name``: its aliases and demonyms are freed, it is dropped from its
        children's parents, and its terms of office (held or owned) go with it."""
        actor = self.get(name)
        self._release(actor)
        del self._actors[name]
        self._where.pop(name, None)
        for other in list(self._actors.values()):
            if name in other.parents:
                self._actors[other.name] = replace(other, parents=tuple(p for p in other.parents if p != name))
        owner = actor.country if actor.type == "country" and actor.country else name
        kept = [(r, w) for r, w in zip(self._roles, self._role_where) if r.holder != name and r.country != owner]
        self._roles = [r for r, _ in kept]
        self._role_where = [w for _, w in kept]
        self._phrases = {k: v for k, v in self._phrases.items() if v[0] != owner}
        self._derived = {}

    def remove_alias(self, alias: str) -> None:
        """Free one surface form: it no longer looks anything up. A canonical name cannot be
        removed this way (use :meth:`remove`)."""
        key = _key(alias)
        claim = self._claims.get(key)
        if claim is None:
            raise KeyError(f"{alias!r} is not an alias of any actor")
        owner = self._actors[claim[0]]
        if _key(owner.name) == key:
            raise ValueError(f"{alias!r} is the name of {owner.name!r}; use remove() to drop the actor")
        self._drop_key(owner.name, key)
        del self._claims[key]
        self._derived = {}

    # -- lookups -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(list(self._actors.values()))

    def __contains__(self, name: object) -> bool:
        if isinstance(name, Actor):
            name = name.name
        return isinstance(name, str) and name in self._actors

    def __repr__(self) -> str:
        return f"<ActorRegistry: {len(self._actors)} actors, {len(self._roles)} roles>"

    def get(self, name: str) -> Actor:
        """The actor with canonical name ``name``; a KeyError suggests close names or the
        actor an alias belongs to."""
        actor = self._actors.get(name)
        if actor is not None:
            return actor
        hint = ""
        found = self.lookup(name) if isinstance(name, str) else None
        if found is not None:
            hint = f"; {name!r} is an alias of {found.name!r}"
        else:
            close = difflib.get_close_matches(str(name), list(self._actors), n=3, cutoff=0.75)
            if close:
                hint = "; did you mean " + " or ".join(repr(c) for c in close) + "?"
        raise KeyError(f"no actor named {name!r}{hint}")

    def lookup(self, alias: str) -> Actor | None:
        """The actor a surface form names, or None.

        A leading "the" is optional. Forms that are all capitals or at most four characters
        long ("US", "AP", "Iran") and those marked ``case_sensitive`` ("Turkey", "the Guardian")
        match only as written or in capitals ("IRAN" in a headline); other forms match in any
        case and with or without accents ("elysee" -> the Élysée).
        """
        if not isinstance(alias, str):
            return None
        form = _strip_the(_clean(alias))
        if not form:
            return None
        exact, folded = self._index()["aliases"]
        name = exact.get(form) or folded.get(_fold(form))
        return self._actors.get(name) if name else None

    def may_start_alias(self, word: str) -> bool:
        """False when no alias can begin with ``word``: a quick test before looking up the phrases it starts."""
        return _fold(word).split(" ", 1)[0] in self._index()["alias_starts"]

    def case_sensitive(self, alias: str) -> bool:
        """True when ``alias`` (a form of some actor) matches only as written or in capitals."""
        actor = self.lookup(alias)
        return _is_case_sensitive(alias, actor.case_sensitive if actor else ())

    def aliases(self) -> dict[str, str]:
        """Every surface form -> the name of its actor: canonical names, aliases, and each form
        with a leading "the" also without it. For building a phrase matcher."""
        out: dict[str, str] = {}
        for actor in self._actors.values():
            for form in (actor.name, *actor.aliases):
                if self._claims.get(_key(form), ("",))[0] != actor.name:
                    continue
                out.setdefault(form, actor.name)
                bare = _strip_the(form)
                if bare != form:
                    out.setdefault(bare, actor.name)
        return out

    def demonym(self, word: str) -> str | None:
        """The name of the actor (a country) a demonym belongs to: "Russian" -> "Russia"."""
        if not isinstance(word, str) or not word.strip():
            return None
        form = _clean(word)
        exact, folded = self._index()["demonyms"]
        return exact.get(form) or folded.get(_fold(form))

    def ancestors(self, name: str) -> list[Actor]:
        """All actors above ``name``, parents first (breadth-first), each once."""
        start = self.get(name)
        seen = {start.name}
        out = []
        queue = deque(start.parents)
        while queue:
            parent = queue.popleft()
            if parent in seen or parent not in self._actors:
                continue
            seen.add(parent)
            out.append(self._actors[parent])
            queue.extend(self._actors[parent].parents)
        return out

    def country_of(self, name: str) -> Actor | None:
        """The country ``name`` is (or is under in the hierarchy), or None; None also for an
        unknown name."""
        actor = self._actors.get(name)
        if actor is None:
            return None
        if actor.type == "country":
            return actor
        return next((a for a in self.ancestors(name) if a.type == "country"), None)

    def government_of(self, name: str) -> Actor | None:
        """The government of the country ``name`` is or belongs to ("Russia", "Vladimir Putin"
        -> Government of Russia), or None."""
        actor = self._actors.get(name)
        if actor is not None and actor.type == "government":
            return actor
        country = self.country_of(name)
        return self._index()["governments"].get(country.name) if country else None

    # -- offices -----------------------------------------------------------------------------

    def roles(self, country: str | None = None, role: str | None = None, holder: str | None = None) -> list[Role]:
        """The terms of office, filtered by country (any form :meth:`holder` accepts), role id
        and holder name."""
        owner = self._owner(country) if country is not None else None
        if country is not None and owner is None:
            return []
        return [r for r in self._roles
                if (owner is None or r.country == owner) and (role is None or r.role == role)
                and (holder is None or r.holder == holder)]

    def holder(self, country: str, role_or_title: str, on: dt.date | str | None = None) -> Actor | None:
        """The person who held an office on a date (``None``: the latest known term).

        ``country`` is a name, alias, ISO3 code or demonym ("Russia", "RUS", "Russian", "the
        Kremlin"), or an organisation with offices ("EU"). ``role_or_title`` is a role id
        ("head_of_state"), a title used for the office there ("president", "chancellor",
        "secretary of state") or a generic title ("head of state", "foreign minister", "top
        diplomat"). Where a country has no head of government of its own, the head of state is
        returned for it (presidential systems).
        """
        owner = self._owner(country)
        if owner is None:
            return None
        return self._pick(self._terms(owner, role_or_title), _as_date(on))

    def resolve_role_phrase(self, phrase: str, on: dt.date | str | None = None) -> Actor | None:
        """The person an office phrase names on a date: "the Russian president", "Russia's
        foreign minister", "the president of the United States", "the US secretary of state",
        "the head of the Kremlin", "the Kremlin leader", "the EU's top diplomat", "the pope".
        None when the phrase names no known office."""
        if not isinstance(phrase, str):
            return None
        text = _strip_the(_clean(phrase).strip(" ,.;:\"'"))
        while _MODIFIERS.match(text):
            text = _MODIFIERS.sub("", text, count=1)
        if not text:
            return None
        day = _as_date(on)
        key = _fold(text)
        if key in self._phrases:
            owner, role = self._phrases[key]
            return self._pick(self._terms(owner, role), day)
        owners = {r.country for r in self._roles if r.country not in self._iso and key in self._title_keys(r)}
        if len(owners) == 1:
            return self._pick(self._terms(owners.pop(), text), day)
        for match in re.finditer(r"\s+of\s+", text):
            found = self._try_office(text[match.end():], text[: match.start()], day)
            if found is not None:
                return found
        possessive = re.match(r"^(.+?)(?:'s|')\s+(.+)$", text)
        if possessive:
            found = self._try_office(possessive.group(1), possessive.group(2), day)
            if found is not None:
                return found
        words = text.split(" ")
        for split in range(1, len(words)):
            found = self._try_office(" ".join(words[:split]), " ".join(words[split:]), day)
            if found is not None:
                return found
        return None

    # -- tables ------------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per actor; list fields are joined with ';' as in the CSV files, so the frame
        written with ``to_csv(index=False)`` reads back with :meth:`extend`."""
        columns = ["name", "type", "parents", "country", "aliases", "case_sensitive", "demonyms", "status", "note"]
        rows = []
        for actor in self._actors.values():
            row = {c: getattr(actor, c) for c in columns}
            for c in ("parents", "aliases", "case_sensitive", "demonyms"):
                row[c] = ";".join(row[c])
            rows.append(row)
        frame = pd.DataFrame(rows, columns=columns)
        frame.insert(len(columns) - 1, "un_member", frame["status"].eq("un_member"))
        return frame

    def roles_frame(self) -> pd.DataFrame:
        """One row per term of office, in the columns of ``roles.csv``."""
        columns = ["country", "role", "titles", "holder", "start", "end", "note"]
        rows = [{**_record_to_dict(r), "titles": ";".join(r.titles)} for r in self._roles]
        return pd.DataFrame(rows, columns=columns)

    # -- internals: applying entries ---------------------------------------------------------

    def _commit(self, entries: list[_Entry], override: bool) -> None:
        """Apply a batch to a copy, check it as a whole, then adopt the copy."""
        staged = self.copy()
        staged._apply(entries, override)
        self._adopt(staged)

    def _adopt(self, other: ActorRegistry) -> None:
        for name, value in vars(other).items():
            setattr(self, name, value)
        self._derived = {}

    def _apply(self, entries: list[_Entry], override: bool) -> None:
        by_kind = {kind: [e for e in entries if e.kind == kind] for kind in _KIND_ORDER}
        touched: list[tuple[str, _Entry]] = []
        for entry in by_kind["country"]:
            touched += self._add_country(entry, override)
        for entry in by_kind["actor"]:
            actor = self._actor_from(entry)
            self._put(actor, entry, override=override)
            touched.append((actor.name, entry))
        for name, entry in touched:
            for parent in self._actors[name].parents if name in self._actors else ():
                if parent not in self._actors:
                    raise entry.fail("parents", f"unknown parent {parent!r}{self._suggest(parent)}")
        for entry in by_kind["membership"]:
            self._add_membership(entry)
        if touched or by_kind["membership"]:
            self._check_cycles()
        self._derived = {}
        for entry in by_kind["role"]:
            self._add_role(entry, override)
        for entry in by_kind["role_phrase"]:
            owner = self._owner_for(entry)
            role = entry.text("role", required=True)
            if not _ROLE_ID.match(role):
                raise entry.fail("role", f"{role!r} is not a role id (lower case letters, digits and '_')")
            self._phrases[_fold(_strip_the(entry.text("phrase", required=True)))] = (owner, role)
        for entry in by_kind["title"]:
            role = entry.text("role", required=True)
            if not _ROLE_ID.match(role):
                raise entry.fail("role", f"{role!r} is not a role id (lower case letters, digits and '_')")
            self._titles[_fold(entry.text("title", required=True))] = role
        # A capital yields only to explicit aliases of the same load; once loaded it is an alias
        # like any other.
        self._claims = {key: (owner, False) for key, (owner, _) in self._claims.items()}
        self._derived = {}

    def _actor_from(self, entry: _Entry) -> Actor:
        name = entry.text("name", required=True)
        kind = entry.text("type", required=True)
        if kind not in ACTOR_TYPES:
            raise entry.fail("type", f"unknown type {kind!r} (one of {', '.join(ACTOR_TYPES)})")
        country = entry.text("country") or None
        if country is not None and not _ISO3.match(country):
            raise entry.fail("country", f"{country!r} is not an ISO 3166-1 alpha-3 code (three capital letters)")
        status = entry.text("status") or None
        if status is not None and status not in COUNTRY_STATUSES:
            raise entry.fail("status", f"unknown status {status!r} (one of {', '.join(COUNTRY_STATUSES)})")
        aliases = tuple(a for a in entry.items("aliases") if a != name)
        demonyms = entry.items("demonyms")
        marked = entry.items("case_sensitive")
        forms = {_clean(f) for f in (name, *aliases, *demonyms)}
        for form in marked:
            if form not in forms:
                raise entry.fail("case_sensitive", f"{form!r} is not the name, an alias or a demonym of {name!r}")
        return Actor(name, kind, entry.items("parents"), aliases, country, marked, demonyms, status,
                     entry.text("note"))

    def _add_country(self, entry: _Entry, override: bool) -> list[tuple[str, _Entry]]:
        """A country entry adds the country and its government ("Government of X"), whose
        aliases are the seats of government (explicit) and the capitals (yielding)."""
        name = entry.text("name", required=True)
        iso3 = entry.text("iso3", required=True)
        if not _ISO3.match(iso3):
            raise entry.fail("iso3", f"{iso3!r} is not an ISO 3166-1 alpha-3 code (three capital letters)")
        data = {**entry.data, "type": "country", "country": iso3}
        for extra in ("iso3", "capital", "seats"):
            data.pop(extra, None)
        country = self._actor_from(_Entry("actor", data, entry.where))
        self._put(country, entry, override=override)
        capitals = entry.items("capital")
        seats = entry.items("seats")
        government = Actor(GOVERNMENT_PREFIX + name, "government", (name,), seats + capitals, iso3)
        self._put(government, entry, override=override, soft=set(capitals) - set(seats))
        return [(country.name, entry), (government.name, entry)]

    def _put(self, actor: Actor, entry: _Entry, *, override: bool, replacing: bool = False,
             soft: set[str] = frozenset()) -> None:
        """Store ``actor``, claiming its name, aliases, demonyms and ISO code."""
        old = self._actors.get(actor.name)
        if old is not None and not replacing:
            if not override:
                raise entry.fail("name", f"actor {actor.name!r} already exists ({self._where[actor.name]}); "
                                         "pass override=True to replace it")
        if old is not None:
            self._release(old)
        aliases = [form for form in (actor.name, *actor.aliases)
                   if self._claim(form, actor.name, entry, override, form in soft)]
        demonyms = [d for d in actor.demonyms if self._claim_demonym(d, actor.name, entry, override)]
        if actor.type == "country" and actor.country:
            other = self._iso.get(actor.country)
            if other not in (None, actor.name):
                if not override:
                    raise entry.fail("iso3", f"code {actor.country!r} already belongs to {other!r} "
                                             f"({self._where[other]}); pass override=True to move it")
            self._iso[actor.country] = actor.name
        self._actors[actor.name] = replace(actor, aliases=tuple(a for a in aliases if a != actor.name),
                                           demonyms=tuple(demonyms))
        self._where[actor.name] = entry.where
        self._derived = {}

    def _claim(self, form: str, name: str, entry: _Entry, override: bool, soft: bool) -> bool:
        """Claim one surface form for actor ``name``; False when it yields to another claim."""
        key = _key(form)
        if not key:
            raise entry.fail("aliases", f"empty alias {form!r}")
        held = self._claims.get(key)
        if held is None or held[0] == name:
            self._claims[key] = (name, soft and (held is None or held[1]))
            return True
        owner, owner_soft = held
        if soft:
            return False  # a capital yields to any other claim
        if not (owner_soft or override):
            what = "the name" if _key(self._actors[owner].name) == key else "an alias"
            field = "name" if form == name else "aliases"
            raise entry.fail(field, f"{form!r} is already {what} of {owner!r} ({self._where[owner]}); "
                                    "pass override=True to move it")
        self._drop_key(owner, key)
        self._claims[key] = (name, False)
        return True

    def _claim_demonym(self, form: str, name: str, entry: _Entry, override: bool) -> bool:
        key = _fold(form)
        owner = self._demonym_claims.get(key)
        if owner not in (None, name):
            if not override:
                raise entry.fail("demonyms", f"{form!r} is already a demonym of {owner!r} ({self._where[owner]}); "
                                             "pass override=True to move it")
            loser = self._actors[owner]
            self._actors[owner] = replace(loser, demonyms=tuple(d for d in loser.demonyms if _fold(d) != key))
        self._demonym_claims[key] = name
        return True

    def _drop_key(self, name: str, key: str) -> None:
        """Take the forms with ``key`` from actor ``name``'s aliases (its name stays)."""
        actor = self._actors[name]
        self._actors[name] = replace(actor, aliases=tuple(a for a in actor.aliases if _key(a) != key))

    def _release(self, actor: Actor) -> None:
        for form in (actor.name, *actor.aliases):
            if self._claims.get(_key(form), ("",))[0] == actor.name:
                del self._claims[_key(form)]
        for form in actor.demonyms:
            if self._demonym_claims.get(_fold(form)) == actor.name:
                del self._demonym_claims[_fold(form)]
        if actor.country and self._iso.get(actor.country) == actor.name:
            del self._iso[actor.country]

    def _add_membership(self, entry: _Entry) -> None:
        member = entry.text("member", required=True)
        parent = entry.text("parent", required=True)
        for field, name in (("member", member), ("parent", parent)):
            if name not in self._actors:
                raise entry.fail(field, f"unknown actor {name!r}{self._suggest(name)}")
        entry.date("since", required=False)
        actor = self._actors[member]
        if parent not in actor.parents:
            self._actors[member] = replace(actor, parents=actor.parents + (parent,))

    def _check_cycles(self) -> None:
        state: dict[str, int] = {}  # 1: on the path, 2: done
        for root in self._actors:
            if state.get(root):
                continue
            path = [root]
            stack = [iter(self._actors[root].parents)]
            state[root] = 1
            while stack:
                parent = next(stack[-1], None)
                if parent is None:
                    state[path.pop()] = 2
                    stack.pop()
                elif parent in self._actors and state.get(parent) == 1:
                    cycle = path[path.index(parent):] + [parent]
                    raise ActorDataError(f"{self._where[parent]}, field 'parents': cycle in the hierarchy: "
                                         + " -> ".join(cycle))
                elif parent in self._actors and not state.get(parent):
                    state[parent] = 1
                    path.append(parent)
                    stack.append(iter(self._actors[parent].parents))

    def _owner_for(self, entry: _Entry) -> str:
        """The office owner a role or role phrase entry names; an organisation that has no
        offices yet becomes an owner."""
        text = entry.text("country", required=True)
        owner = self._owner(text, define=True)
        if owner is None:
            raise entry.fail("country", f"unknown country or organisation {text!r}{self._suggest(text)}")
        return owner

    def _add_role(self, entry: _Entry, override: bool) -> None:
        owner = self._owner_for(entry)
        role = entry.text("role", required=True)
        if not _ROLE_ID.match(role):
            raise entry.fail("role", f"{role!r} is not a role id (lower case letters, digits and '_')")
        holder = entry.text("holder", required=True)
        if holder not in self._actors:
            raise entry.fail("holder", f"unknown actor {holder!r}{self._suggest(holder)}")
        start = entry.date("start", required=True)
        end = entry.date("end", required=False)
        if end is not None and end <= start:
            raise entry.fail("end", f"{end} is not after the start {start}")
        titles = entry.items("titles")
        if not titles:  # the titles of the office's latest known term
            same = [r for r in self._roles if r.country == owner and r.role == role]
            titles = max(same, key=lambda r: r.start).titles if same else ()
        term = Role(owner, role, titles, holder, start, end, entry.text("note"))
        if not override:
            for other, where in zip(self._roles, self._role_where):
                if other.country == owner and other.role == role and _overlap(term, other):
                    raise entry.fail("start", f"the term {start} to {end or 'now'} overlaps {other.holder}'s "
                                              f"{other.start} to {other.end or 'now'} ({where}); "
                                              "pass override=True to add it anyway")
        self._roles.append(term)
        self._role_where.append(entry.where)

    def _suggest(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self._actors), n=2, cutoff=0.8)
        return "; did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""

    # -- internals: derived indexes and offices ----------------------------------------------

    def _index(self) -> dict[str, Any]:
        if not self._derived:
            exact: dict[str, str] = {}
            folded: dict[str, str] = {}
            for actor in self._actors.values():
                for form in (actor.name, *actor.aliases):
                    if self._claims.get(_key(form), ("",))[0] != actor.name:
                        continue
                    bare = _strip_the(form)
                    if _is_case_sensitive(form, actor.case_sensitive):
                        exact.setdefault(bare, actor.name)
                        exact.setdefault(bare.upper(), actor.name)
                    else:
                        folded.setdefault(_fold(bare), actor.name)
            demonyms_exact: dict[str, str] = {}
            demonyms_folded: dict[str, str] = {}
            governments: dict[str, Actor] = {}
            for actor in self._actors.values():
                for form in actor.demonyms:
                    if _is_case_sensitive(form, actor.case_sensitive):
                        demonyms_exact.setdefault(form, actor.name)
                        demonyms_exact.setdefault(form.upper(), actor.name)
                    else:
                        demonyms_folded.setdefault(_fold(form), actor.name)
                if actor.type == "government":
                    for parent in actor.parents:
                        governments.setdefault(parent, actor)
            starts = {_fold(key).split(" ", 1)[0] for key in (*exact, *folded)} | {"the"}
            self._derived = {
                "aliases": (exact, folded),
                "alias_starts": starts,
                "demonyms": (demonyms_exact, demonyms_folded),
                "governments": governments,
                "owners": {r.country for r in self._roles},
            }
        return self._derived

    def _owner(self, text: Any, define: bool = False) -> str | None:
        """The key of an office owner in roles: a country's ISO3 code or an organisation's name
        (with ``define``, the actor's own name when nothing above it owns offices)."""
        if isinstance(text, Actor):
            text = text.name
        if not isinstance(text, str) or not text.strip():
            return None
        text = _clean(text)
        if text in self._iso:
            return text
        actor = self._actors.get(text) or self.lookup(text)
        if actor is None:
            name = self.demonym(text)
            actor = self._actors.get(name) if name else None
        if actor is None:
            return None
        owners = self._index()["owners"]
        for candidate in [actor, *self.ancestors(actor.name)]:
            if candidate.type == "country" and candidate.country in self._iso:
                return candidate.country
            if candidate.name in owners:
                return candidate.name
        return actor.name if define else None

    @staticmethod
    def _title_keys(role: Role) -> set[str]:
        return {_fold(t) for t in role.titles}

    def _terms(self, owner: str, role_or_title: str) -> list[Role]:
        """The terms of ``owner`` an office word names: role id, local title, generic title."""
        if not isinstance(role_or_title, str):
            return []
        key = _fold(role_or_title.replace("_", " "))
        own = [r for r in self._roles if r.country == owner]
        role_ids = {r.role for r in own} | set(ROLES)
        role = key.replace(" ", "_")
        if role not in role_ids:
            titled = [r for r in own if key in self._title_keys(r)]
            if titled:
                return titled
            role = self._titles.get(key, "")
        terms = [r for r in own if r.role == role]
        if not terms and role == "head_of_government":
            terms = [r for r in own if r.role == "head_of_state"]
        return terms

    def _pick(self, terms: list[Role], day: dt.date | None) -> Actor | None:
        """The holder among ``terms`` on ``day``: the main roles first, then the latest start."""
        if day is not None:
            terms = [t for t in terms if t.active_on(day)]
        if not terms:
            return None
        rank = {role: i for i, role in enumerate(ROLES)}
        if day is None:
            best = max(terms, key=lambda t: t.start)
        else:
            best = min(terms, key=lambda t: (rank.get(t.role, len(ROLES)), -t.start.toordinal()))
        return self._actors.get(best.holder)

    def _try_office(self, owner_text: str, title: str, day: dt.date | None) -> Actor | None:
        owner = self._owner(owner_text.strip())
        if owner is None:
            return None
        return self._pick(self._terms(owner, title.strip()), day)


def _overlap(a: Role, b: Role) -> bool:
    far = dt.date.max
    return a.start < (b.end or far) and b.start < (a.end or far)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(str(value))


_SHIPPED: ActorRegistry | None = None


def load_actors(source: Source | None = None, *, shipped: bool = True, override: bool = False) -> ActorRegistry:
    """The shipped registry (or an empty one with ``shipped=False``) extended with ``source``
    (anything :meth:`ActorRegistry.extend` reads)."""
    registry = ActorRegistry.default() if shipped else ActorRegistry.empty()
    if source is not None:
        registry.extend(source, override=override)
    return registry
