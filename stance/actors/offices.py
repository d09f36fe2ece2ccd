"""Offices: who held which role where on a date, and the phrases news uses for them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from stance.actors.records import _MODIFIERS, ROLES, Actor, Role, _clean, _fold, _strip_the, as_date


class Offices:
    """The office lookups of :class:`~stance.actors.registry.ActorRegistry` (a mixin over its tables)."""

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
        return self._pick(self._terms(owner, role_or_title), as_date(on))

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
        day = as_date(on)
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

    def counterpart(self, phrase: str, person: str | None, on: dt.date | str | None = None) -> Actor | None:
        """The person a "counterpart" phrase names ("his Chinese counterpart", "her Russian counterpart"): the holder,
        in the state of the phrase's demonym, of the office ``person`` held on the date in their own state (head of
        state, of government or foreign minister). None where the phrase names no state, or ``person`` held none
        of those offices."""
        if person is None or not re.search(r"(?i)\bcounterparts?\b", phrase):
            return None
        country = next((found for found in map(self.demonym, re.findall(r"[A-Za-z]+", phrase)) if found), None)
        home = self.country_of(person) if country else None
        if home is None:
            return None
        day = as_date(on)
        for role in ROLES:
            holder = self.holder(home.name, role, day)
            if holder is not None and holder.name == person:
                return self.holder(country, role, day)
        return None

    def president_named_by(self, text: str, government: str, on: dt.date | str | None = None, context: Iterable[Any] = ()) -> Actor | None:
        """The person a "White House" or "administration" phrase of ``government`` names (news stance
        guideline D2): an administration named for its president names that person ("the Obama
        administration" -> Barack Obama, "a Trump administration" -> Donald Trump), in foreign relations too;
        "the White House" or "the administration" names the head of state on the date in its country's
        domestic politics. None for other phrases, for other governments than the United States', without
        a date, and for an unnamed phrase where ``context`` (the sentence's mentions) names another
        country's state, government or person: in foreign relations it names the state (:meth:`foreign_in`)."""
        country = self.country_of(government)
        if country is None or country.country != "USA" or not re.search(r"(?i)\b(?:white house|administration)\b", text):
            return None
        named = re.match(r"(?i)^(?:the\s+|an?\s+)?(\S+)\s+administration\b", text.strip())
        person = self.lookup(named.group(1)) if named else None
        if person is not None and person.type == "person":
            return person
        if self.foreign_in(context, country.country):
            return None
        day = as_date(on)
        return self.holder(country.name, "head_of_state", day) if day is not None else None

    def office_words(self) -> frozenset[str]:
        """The last words of every office title and role phrase ("president", "nominee", "chancellor",
        "pontiff"), folded: the nouns a role phrase ends in."""
        titles = [title for role in self._roles for title in role.titles] + list(self._phrases)
        return frozenset(_fold(title).split()[-1] for title in titles if _fold(title))

    def holds_title(self, person: str, title: str, on: dt.date | str | None = None) -> bool:
        """True when ``person`` held an office news calls ``title`` ("president") on the date
        (``None``: at any time)."""
        day, key = as_date(on), _fold(title)
        return any(key in self._title_keys(r) and (day is None or r.active_on(day)) for r in self._roles if r.holder == person)

    def held_title(self, person: str, title: str, before: dt.date | str | None = None) -> bool:
        """True when ``person`` left an office news calls ``title`` before the date (``None``: at any time): "the former
        president" in 2016 can be Bill Clinton or George W. Bush, not Barack Obama."""
        day, key = as_date(before), _fold(title)
        return any(key in self._title_keys(r) and r.end is not None and (day is None or r.end <= day)
                   for r in self._roles if r.holder == person)

    # -- internals ---------------------------------------------------------------------------

    def _owner(self, text: Any, define: bool = False) -> str | None:
        """The key of an office owner in roles: a country's ISO3 code or an organisation's name.

        With ``define`` (naming the owner of a new term) an organisation or bloc owns its own
        offices even when an actor above it owns others (a party under its country), and any
        other actor its own name when nothing above it owns offices."""
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
        if define and actor.type in ("organisation", "bloc"):
            return actor.name
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

