"""The actors: who is who in news text, and who held which office when.

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

from stance.actors.records import (
    ACTOR_TYPES,
    COUNTRY_STATUSES,
    DATA_DIR,
    GENDERS,
    GOVERNMENT_PREFIX,
    ROLES,
    Actor,
    ActorDataError,
    Role,
    Source,
    as_date,
)
from stance.actors.registry import ActorRegistry, load_actors

__all__ = [
    "ACTOR_TYPES",
    "COUNTRY_STATUSES",
    "DATA_DIR",
    "GENDERS",
    "GOVERNMENT_PREFIX",
    "ROLES",
    "Actor",
    "ActorDataError",
    "ActorRegistry",
    "Role",
    "Source",
    "as_date",
    "load_actors",
]
