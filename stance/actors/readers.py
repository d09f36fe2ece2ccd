"""Reading actor data (CSV/TSV, YAML, JSON files, folders, DataFrames, dicts, lists) into
checked entries; every error names the source, the place and the field."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from stance.actors.records import (
    _DATA_SUFFIXES,
    _FIELDS,
    _SECTIONS,
    Actor,
    ActorDataError,
    Role,
    Source,
    _clean,
    as_date,
)


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
        try:
            return as_date(value)
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


