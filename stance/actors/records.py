"""The actor records (:class:`Actor`, :class:`Role`), the constants of the actor tables, and the
text keys under which surface forms are compared."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Union

import pandas as pd

#: Values of :attr:`Actor.type`.
ACTOR_TYPES = ("person", "government", "country", "organisation", "bloc", "media", "group")

#: The roles every country in the shipped tables has (some have others: ``crown_prince``, and
#: the EU, UN and NATO have their own offices). Role ids are free lower-case identifiers.
ROLES = ("head_of_state", "head_of_government", "foreign_minister")

#: Values of :attr:`Actor.status` for countries.
COUNTRY_STATUSES = ("un_member", "un_observer", "limited_recognition")

#: Values of :attr:`Actor.gender` for people (``None`` where unknown or not a person).
GENDERS = ("female", "male")

#: Where the shipped tables live.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"

#: The prefix of the name of the government actor each country entry creates.
GOVERNMENT_PREFIX = "Government of "
#: Adjectives allowed between a state's name and "government" ("the U.S. federal government") or after "the" ("the federal government").
GOVERNMENT_ADJECTIVES = frozenset("federal national central".split())

Source = Union[str, Path, dict, list, pd.DataFrame]

# Fields each kind of entry may have; the first ones are required. An actor's `un_member` is
# derived from `status` (to_frame writes it): it is accepted and ignored when read.
_FIELDS = {
    "actor": ("name", "type", "parents", "country", "aliases", "case_sensitive", "demonyms", "status", "gender",
              "note", "un_member"),
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
    ``gender`` (people) is one of :data:`GENDERS`, or ``None`` when unknown (and for every actor
    that is not a person): what "Mrs. Clinton", "Ms. Stein", "her" and "his" may refer to.
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
    gender: str | None = None

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


def _unmangled(text: str) -> str:
    """``text`` with UTF-8 read as Latin-1 or Windows-1252 undone, once or twice, where that decodes ("FranÃ§ois" and
    "FranÃ\x83Â§ois", as some scraped pages write it, are "François"); other text is returned as it is."""
    while "Ã" in text or "Â" in text:
        for encoding in ("latin-1", "cp1252"):
            try:
                fixed = text.encode(encoding).decode("utf-8")
                break
            except UnicodeError:
                continue
        else:
            return text
        text = fixed
    return text


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """The case- and accent-free key of a form: 'The Élysée' and 'elysee' share 'elysee' (so do 'ElysÃ©e', the same
    name decoded wrongly: :func:`_unmangled`)."""
    text = unicodedata.normalize("NFKD", _unmangled(_clean(text)))
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




def as_date(value: Any) -> dt.date | None:
    """``value`` as a date: a date, datetime, pandas Timestamp or ISO string (``None`` and NaN: ``None``).

    Raises ``ValueError`` for a string that is not an ISO date.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamps are datetimes
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())
