"""The output contract (../shared/CONTRACT.md) as checks, read from the record types.

`problems(record)` lists what is wrong with one record; an empty list means it conforms.  The
shape (which fields, of which types, nested down to cells and KPI values) comes from the
TypedDicts in `pipeline/types.py`, so the check follows the types; what a type cannot say (a
sha256, pages inside the grid, the page among `pages`) is checked here by hand.
"""
from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, Literal, NotRequired, Required, get_args, get_origin, get_type_hints, is_typeddict

import regex

from shiryo.pipeline.records import RECORD_TYPES
from shiryo.pipeline.runstore import SHA256_HEX
from shiryo.pipeline.types import FIELDS_BY_TYPE, Record, RecordType

_ISO = regex.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@cache
def _hints(typed_dict: type) -> dict[str, Any]:
    return get_type_hints(typed_dict, include_extras=True)


@cache
def _required(typed_dict: type) -> frozenset[str]:
    """The keys a TypedDict requires, read from the hints (on Python 3.11 `__required_keys__` does
    not see NotRequired in postponed annotations)."""
    keys = set()
    for key, hint in _hints(typed_dict).items():
        origin = get_origin(hint)
        if origin is Required or (origin is not NotRequired and typed_dict.__total__):
            keys.add(key)
    return frozenset(keys)


def _strip(hint: Any) -> Any:
    while get_origin(hint) in (NotRequired, Required):
        hint = get_args(hint)[0]
    return hint


def _describe(hint: Any) -> str:
    hint = _strip(hint)
    if hint is type(None):
        return "null"
    if isinstance(hint, type) and not get_args(hint):
        return "object" if is_typeddict(hint) else hint.__name__
    if get_origin(hint) in (types.UnionType, typing.Union):
        return " or ".join(_describe(a) for a in get_args(hint))
    return str(hint).replace("typing.", "")


def _type_problems(value: Any, hint: Any, where: str, out: list[str]) -> None:
    """Append `where: expected …` when `value` is not of `hint` (recursing into lists, dicts, TypedDicts)."""
    hint = _strip(hint)
    origin = get_origin(hint)
    if hint is Any:
        return
    if origin in (types.UnionType, typing.Union):
        trials = []
        for option in get_args(hint):
            trial: list[str] = []
            _type_problems(value, option, where, trial)
            if not trial:
                return
            trials.append((option, trial))
        # an object or list of the right kind with something wrong inside: say what is wrong inside
        for option, trial in trials:
            container = dict if is_typeddict(option) or get_origin(option) is dict else get_origin(option)
            if container in (dict, list) and isinstance(value, container):
                out.extend(trial)
                return
        out.append(f"{where}: expected {_describe(hint)}, got {type(value).__name__}")
        return
    if origin is Literal:
        if value not in get_args(hint):
            out.append(f"{where}: expected one of {get_args(hint)}")
        return
    if is_typeddict(hint):
        if not isinstance(value, dict):
            out.append(f"{where}: expected object, got {type(value).__name__}")
            return
        _fields_problems(value, hint, f"{where}.", out)
        return
    if origin in (list, dict):
        if not isinstance(value, origin):
            out.append(f"{where}: expected {'list' if origin is list else 'object'}, got {type(value).__name__}")
            return
        item = get_args(hint)[-1]
        members = (((f"[{n}]", v) for n, v in enumerate(value)) if origin is list else ((f".{k}", v) for k, v in value.items()))
        for at, v in members:
            _type_problems(v, item, f"{where}{at}", out)
        return
    if hint is type(None):
        ok = value is None
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, hint)
    if not ok:
        out.append(f"{where}: expected {_describe(hint)}, got {type(value).__name__}")


def _fields_problems(value: dict, typed_dict: type, prefix: str, out: list[str], required: frozenset[str] | None = None) -> None:
    hints = _hints(typed_dict)
    for key in sorted(_required(typed_dict) | (required or frozenset())):
        if key not in value:
            out.append(f"{prefix}{key}: missing")
    for key, hint in hints.items():
        if key in value:
            _type_problems(value[key], hint, f"{prefix}{key}", out)


def _is_bbox(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 4 and all(isinstance(x, (int, float)) for x in v)


def problems(record: dict) -> list[str]:
    out: list[str] = []
    kind = record.get("type")
    _fields_problems(record, Record, "", out, frozenset(FIELDS_BY_TYPE.get(kind, ())) if isinstance(kind, str) else None)
    if kind not in RECORD_TYPES:
        out.append(f"type: one of {RECORD_TYPES}")
    # what the types cannot say
    for key in ("id", "doc"):
        if record.get(key) == "":
            out.append(f"{key}: non-empty string")
    if isinstance(record.get("version"), str) and not SHA256_HEX.fullmatch(record["version"]):
        out.append("version: sha256 hex")
    if not (isinstance(record.get("page"), int) and record["page"] >= 1):
        out.append("page: int >= 1")
    if isinstance(record.get("pages"), list):
        if not all(isinstance(p, int) and p >= 1 for p in record["pages"]):
            out.append("pages: list of int >= 1")
        if record.get("page") not in record["pages"]:
            out.append("pages: includes page")
    if not _is_bbox(record.get("bbox")):
        out.append("bbox: [x0, y0, x1, y1] numbers")
    for n, d in enumerate(record.get("dates") or []):
        if isinstance(d, dict) and not _ISO.fullmatch(str(d.get("value"))):
            out.append(f"dates[{n}].value: ISO YYYY, YYYY-MM or YYYY-MM-DD")
    if kind == RecordType.TABLE:
        for key in ("n_rows", "n_cols", "header_rows"):
            if isinstance(record.get(key), int) and record[key] < 0:
                out.append(f"{key}: int >= 0")
        cells = record.get("cells")
        if not cells:
            out.append("cells: non-empty list")
        for n, cell in enumerate(cells or []):
            if not isinstance(cell, dict):
                continue
            row, col, rowspan, colspan = (cell.get(k) for k in ("row", "col", "rowspan", "colspan"))
            inside = (
                all(isinstance(v, int) for v in (row, col, rowspan, colspan))
                and 0 <= row < (record.get("n_rows") or 0) and 0 <= col < (record.get("n_cols") or 0)
                and rowspan >= 1 and colspan >= 1
            )
            if not inside:
                out.append(f"cells[{n}]: inside the grid, spans >= 1")
            if not _is_bbox(cell.get("bbox")):
                out.append(f"cells[{n}].bbox: [x0, y0, x1, y1] numbers")
    return out
