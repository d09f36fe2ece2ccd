"""The :class:`ActorRegistry`: actors, their surface forms, demonyms and hierarchy (with the
office lookups of :mod:`stance.actors.offices`), and :func:`load_actors`."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections import deque
from dataclasses import replace
from typing import Any, Iterable, Iterator

import pandas as pd

from stance.actors.offices import Offices
from stance.actors.readers import _Entry, _entry, _read_source, _record_to_dict
from stance.actors.records import (
    _ISO3,
    _KIND_ORDER,
    _ROLE_ID,
    ACTOR_TYPES,
    COUNTRY_STATUSES,
    DATA_DIR,
    GENDERS,
    GOVERNMENT_ADJECTIVES,
    GOVERNMENT_PREFIX,
    Actor,
    ActorDataError,
    Role,
    Source,
    _clean,
    _fold,
    _is_case_sensitive,
    _key,
    _strip_the,
)


class ActorRegistry(Offices):
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
        case and with or without accents ("elysee" -> the Élysée); an acronym written with periods is its form
        without them ("F.B.I.", "C.I.A."). A state's name or demonym before
        "government" names that state's government ("the Russian government", "UK Government",
        "the U.S. federal government").
        """
        if not isinstance(alias, str):
            return None
        form = _strip_the(_clean(alias))
        if not form:
            return None
        exact, folded = self._index()["aliases"]
        name = exact.get(form) or folded.get(_fold(form))
        if name is None and _DOTTED_ACRONYM.fullmatch(form):  # "F.B.I." is the FBI, as newspapers of record write it
            name = exact.get(form.replace(".", ""))
        government = _GOVERNMENT_SUFFIX.search(form) if name is None else None
        if government is not None and government.start() > 0:  # "anti-government" names no state: "anti" is looked up, once
            return self._government_named(form[: government.start()])
        return self._actors.get(name) if name else None

    def _government_named(self, state: str) -> Actor | None:
        """The government of the state that ``state`` names or describes ("Russian", "U.S. federal"), or None."""
        words = state.split()
        if len(words) > 1 and words[-1].lower() in GOVERNMENT_ADJECTIVES:
            words = words[:-1]
        state = " ".join(words)
        actor = self.lookup(state) or self._actors.get(self.demonym(state) or "")
        return self.government_of(actor.name) if actor is not None and actor.type == "country" else None

    def people_named(self, name: str) -> list[Actor]:
        """The people a bare name may refer to, for a later stage to choose from by context.

        First the person whose canonical name or explicit alias ``name`` is (as :meth:`lookup`
        finds it), then, in table order, every other person whose derived surname it is: the
        last word of the canonical name, a trailing "Jr." or "Sr." skipped ("Donald Trump Jr."
        -> "Trump"). So ``people_named("Clinton")`` is Bill, Hillary and Chelsea Clinton while
        ``lookup("Clinton")`` is None, and ``people_named("Obama")`` is Barack Obama (whose
        explicit alias "Obama" is) and then Michelle Obama. Derived surnames are matched like
        other forms (case- and accent-free unless they are short); they never make
        :meth:`lookup` find anyone. A leading "Mr." keeps the men, "Mrs.", "Ms." or "Miss" the
        women (and people of unknown gender): ``people_named("Mrs. Trump")`` is Melania and
        Ivanka Trump. Empty when no person has the name.
        """
        if not isinstance(name, str):
            return []
        form = _strip_the(_clean(name))
        honorific = _HONORIFIC.match(form)
        gender = None
        if honorific:
            form = form[honorific.end():]
            gender = "male" if _fold(honorific.group(1)) == "mr" else "female"
        if not form:
            return []
        found = self.lookup(form)
        candidates = [found] if found is not None and found.type == "person" else []
        exact, folded = self._index()["surnames"]
        for person in exact.get(form, []) or folded.get(_fold(form), []):
            if self._actors[person] not in candidates:
                candidates.append(self._actors[person])
        return [p for p in candidates if gender is None or p.gender in (gender, None)]

    def given_name_gender(self, name: str) -> str | None:
        """The gender of a person the registry does not know, read from the first word of ``name``: the gender
        of every registry person whose name begins with that word ("George Keyworth": male, as George W. Bush and
        the other Georges are), None where they differ, have none or no one has that first word."""
        words = name.split() if isinstance(name, str) else []
        return self._index()["given_names"].get(_fold(words[0])) if len(words) > 1 else None

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

    def is_part_of(self, name: str, whole: str) -> bool:
        """True when ``name`` is ``whole`` or an actor under it ("Vladimir Putin" and "the Kremlin" are part of Russia)."""
        return name == whole or whole in {actor.name for actor in self.ancestors(name)}

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


    def foreign_in(self, mentions: Iterable[Any], country: str) -> bool:
        """True when ``mentions`` name a state, government or person of another country than
        ``country`` (an ISO3 code): the sentence is about foreign relations."""
        for mention in mentions:
            if mention.actor in self._actors:
                other = self.country_of(mention.actor)
                if other is not None and other.country != country and mention.actor_type in ("country", "government", "person"):
                    return True
        return False

    # -- tables ------------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per actor; list fields are joined with ';' as in the CSV files, so the frame
        written with ``to_csv(index=False)`` reads back with :meth:`extend`."""
        columns = ["name", "type", "parents", "country", "aliases", "case_sensitive", "demonyms", "status", "gender",
                   "note"]
        rows = []
        for actor in self._actors.values():
            row = {c: getattr(actor, c) for c in columns}
            for c in ("parents", "aliases", "case_sensitive", "demonyms"):
                row[c] = ";".join(row[c])
            rows.append(row)
        frame = pd.DataFrame(rows, columns=columns)
        frame.insert(len(columns) - 1, "un_member", frame["status"].eq("un_member"))
        return frame

    def fingerprint(self) -> str:
        """A short hash of the actor table (:meth:`to_frame`): equal tables, equal fingerprints."""
        return hashlib.sha256(self.to_frame().to_csv().encode()).hexdigest()[:16]

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
        gender = entry.text("gender") or None
        if gender is not None and (kind != "person" or gender not in GENDERS):
            raise entry.fail("gender", f"{gender!r} is no gender of a {kind} (people: {', '.join(GENDERS)} or empty)")
        aliases = tuple(a for a in entry.items("aliases") if a != name)
        demonyms = entry.items("demonyms")
        marked = entry.items("case_sensitive")
        forms = {_clean(f) for f in (name, *aliases, *demonyms)}
        for form in marked:
            if form not in forms:
                raise entry.fail("case_sensitive", f"{form!r} is not the name, an alias or a demonym of {name!r}")
        return Actor(name, kind, entry.items("parents"), aliases, country, marked, demonyms, status,
                     entry.text("note"), gender)

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
            surnames_exact: dict[str, list[str]] = {}
            surnames_folded: dict[str, list[str]] = {}
            for actor in self._actors.values():
                surname = _surname(actor) if actor.type == "person" else None
                if surname is not None:
                    table, key = ((surnames_exact, surname) if _is_case_sensitive(surname)
                                  else (surnames_folded, _fold(surname)))
                    table.setdefault(key, []).append(actor.name)
            given: dict[str, set[str | None]] = {}
            for actor in self._actors.values():
                if actor.type == "person" and " " in actor.name:
                    given.setdefault(_fold(actor.name.split()[0]), set()).add(actor.gender)
            starts = {_fold(key).split(" ", 1)[0] for key in (*exact, *folded)} | {"the"}
            self._derived = {
                "aliases": (exact, folded),
                "alias_starts": starts,
                "demonyms": (demonyms_exact, demonyms_folded),
                "surnames": (surnames_exact, surnames_folded),
                "given_names": {name: genders.pop() for name, genders in given.items() if len(genders) == 1 and None not in genders},
                "governments": governments,
                "owners": {r.country for r in self._roles},
            }
        return self._derived


_SUFFIXES = frozenset({"jr", "sr"})
#: "government" as the last word of a form, after a space or a hyphen ("the Russian government", "UK-government").
_GOVERNMENT_SUFFIX = re.compile(r"[\s\u2010-\u2015-]+government$", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(Mr|Mrs|Ms|Miss)\.?\s+", re.IGNORECASE)
_DOTTED_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}(?:-(?:[A-Z]\.)+)?")
_ROMAN = re.compile(r"^[IVXLC]+$")


def _surname(person: Actor) -> str | None:
    """The surname derived from a person's canonical name: its last word, a trailing "Jr." or
    "Sr." skipped; None for a one-word name or one that ends in a regnal number ("Charles III")."""
    words = person.name.replace(",", " ").split()
    while len(words) > 1 and _fold(words[-1]) in _SUFFIXES:
        words.pop()
    if len(words) < 2 or _ROMAN.match(words[-1]):
        return None
    return words[-1]


def _overlap(a: Role, b: Role) -> bool:
    far = dt.date.max
    return a.start < (b.end or far) and b.start < (a.end or far)



_SHIPPED: ActorRegistry | None = None


def load_actors(source: Source | None = None, *, shipped: bool = True, override: bool = False) -> ActorRegistry:
    """The shipped registry (or an empty one with ``shipped=False``) extended with ``source``
    (anything :meth:`ActorRegistry.extend` reads)."""
    registry = ActorRegistry.default() if shipped else ActorRegistry.empty()
    if source is not None:
        registry.extend(source, override=override)
    return registry
