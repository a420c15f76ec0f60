"""The pure merge of the synced documents (PROTOCOL §3), the twin of extension/lib/merge.js.

Every merge here is a join (commutative, associative, idempotent) and gives the same JSON as the
extension's, set for set and choice for choice: strings are ordered as JavaScript orders them (by
UTF-16 code units), and ties are broken on the same canonical JSON. shared/vectors/merge.json holds
both languages to the same answers. Nothing is ever applied here; what this device accepts from
elsewhere is decided in accept.py.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from typing import Any, TypeGuard

FORMAT = 1
_MISSING: Any = object()


class UnknownFormat(Exception):
    """A document this code does not understand; the caller keeps its data."""


def js_order(text: str) -> bytes:
    """Return a sort key that orders strings as JavaScript's default sort does."""
    return text.encode("utf-16-be", "surrogatepass")


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, float) and not math.isfinite(value):
        return "null"
    return json.dumps(value)


def canonical(value: Any) -> str:
    """Return JSON with sorted object keys, as the extension's canonical() writes it."""
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=js_order)
        return "{" + ",".join(f"{_string(k)}:{canonical(value[k])}" for k in keys) + "}"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return _string(value)
    return "null"


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _pick_stable(a: Any, b: Any) -> Any:
    """Pick one of two values, the same one whatever their order."""
    if a is _MISSING:
        return b
    if b is _MISSING:
        return a
    return a if canonical(a) <= canonical(b) else b


def union_tags(a: list | None, b: list | None) -> list:
    """Return the sorted union of two string lists, without duplicates."""
    return sorted(set(a or []) | set(b or []), key=js_order)


def is_number(value: Any) -> TypeGuard[float]:
    """Tell whether a JSON value is a number (not a boolean)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _less(a: Any, b: Any) -> bool:
    """Compare as JavaScript's < does for numbers and strings; anything else is not less."""
    if is_number(a) and is_number(b):
        return bool(a < b)
    if isinstance(a, str) and isinstance(b, str):
        return js_order(a) < js_order(b)
    return False


def _cmp(a: Any, b: Any) -> int:
    return -1 if _less(a, b) else 1 if _less(b, a) else 0


def _cmp_register(a: dict, b: dict) -> int:
    if a.get("ts") != b.get("ts"):
        return -1 if _less(a.get("ts"), b.get("ts")) else 1
    if a.get("device") != b.get("device"):
        return _cmp(a.get("device"), b.get("device"))
    return _cmp(canonical(a.get("value")), canonical(b.get("value")))


def merge_register(a: dict | None, b: dict | None) -> dict | None:
    """Return the register with the larger (ts, device); a missing one loses."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _cmp_register(a, b) >= 0 else b


def is_present(element: dict | None, removed: list | set) -> bool:
    """Tell whether an OR-set element has an add tag that was not tombstoned."""
    if element is None:
        return False
    gone = removed if isinstance(removed, set) else set(removed)
    return any(tag not in gone for tag in element.get("adds") or [])


Fields = Callable[[dict, dict], dict]


def _merge_elements(a: dict | None, b: dict | None, merge_fields: Fields) -> dict:
    left, right = a or {}, b or {}
    out: dict = {}
    for key in union_tags(list(left), list(right)):
        x: Any = left.get(key)
        y: Any = right.get(key)
        first = x if x is not None else y
        second = y if y is not None else x
        merged = merge_fields(first, second)
        merged["adds"] = union_tags((x or {}).get("adds"), (y or {}).get("adds"))
        out[key] = merged
    return out


def _immutable_fields(x: dict, y: dict, skip: tuple[str, ...]) -> dict:
    out: dict = {"adds": []}
    for key in union_tags(list(x), list(y)):
        if key == "adds" or key in skip:
            continue
        out[key] = _pick_stable(x.get(key, _MISSING), y.get(key, _MISSING))
    return out


def _merge_account(x: dict, y: dict) -> dict:
    return _immutable_fields(x, y, ())


# `messages` ("hide" | "keep", absent = "hide") is the person's message choice (PROTOCOL §3.1).
PERSON_REGISTERS = ("label", "note", "names", "messages")


def _merge_person(x: dict, y: dict) -> dict:
    out = _immutable_fields(x, y, (*PERSON_REGISTERS, "created_at", "accounts"))
    for key in PERSON_REGISTERS:
        register = merge_register(x.get(key), y.get(key))
        if register is not None:
            out[key] = register
    created = [t for t in (x.get("created_at"), y.get("created_at")) if is_number(t)]
    if created:
        out["created_at"] = min(created)
    out["accounts"] = _merge_elements(x.get("accounts"), y.get("accounts"), _merge_account)
    return out


def _merge_pending(x: dict, y: dict) -> dict:
    return _immutable_fields(x, y, ())


def _merge_register_map(a: dict | None, b: dict | None) -> dict:
    left, right = a or {}, b or {}
    out = {}
    for key in union_tags(list(left), list(right)):
        register = merge_register(left.get(key), right.get(key))
        if register is not None:
            out[key] = register
    return out


def check_format(document: object, name: str) -> dict:
    """Return the document, or raise UnknownFormat for one this code does not understand."""
    if not isinstance(document, dict):
        raise UnknownFormat(f"{name} is not an object")
    version = document.get("format")
    if isinstance(version, bool) or not isinstance(version, int | float) or version != FORMAT:
        raise UnknownFormat(f"{name} format {version!r}")
    return document


def empty_blocklist() -> dict:
    """Return an empty blocklist document."""
    return {"format": FORMAT, "people": {}, "removed": [], "pending": {}, "sites": {}}


def empty_journal() -> dict:
    """Return an empty journal document."""
    return {"format": FORMAT, "events": {}, "cleared_before": 0}


def empty_settings() -> dict:
    """Return an empty settings document."""
    return {"format": FORMAT, "values": {}}


def empty_records() -> dict:
    """Return an empty records document."""
    return {"format": FORMAT, "records": {}, "log": {}, "deleted": [], "cleared_before": 0}


def merge_blocklist(a: dict | None, b: dict | None) -> dict:
    """Merge two blocklist documents (PROTOCOL §3.1); either may be None."""
    left = check_format(a if a is not None else empty_blocklist(), "blocklist")
    right = check_format(b if b is not None else empty_blocklist(), "blocklist")
    out = {
        "format": FORMAT,
        "people": _merge_elements(left.get("people"), right.get("people"), _merge_person),
        "removed": union_tags(left.get("removed"), right.get("removed")),
        "pending": _merge_elements(left.get("pending"), right.get("pending"), _merge_pending),
        "sites": _merge_register_map(left.get("sites"), right.get("sites")),
    }
    paused = merge_register(left.get("paused"), right.get("paused"))
    if paused is not None:
        out["paused"] = paused
    return copy.deepcopy(out)


def _pick_event(x: Any, y: Any) -> Any:
    if not isinstance(x, dict) or not isinstance(y, dict) or x.get("at") == y.get("at"):
        return _pick_stable(x, y)
    return x if _less(y.get("at"), x.get("at")) else y


def _number_or_zero(value: Any) -> float:
    return value if is_number(value) and value else 0


def merge_journal(a: dict | None, b: dict | None) -> dict:
    """Merge two journals (PROTOCOL §3.2): union of events, the later cleared_before drops some."""
    left = check_format(a if a is not None else empty_journal(), "journal")
    right = check_format(b if b is not None else empty_journal(), "journal")
    cleared = max(
        _number_or_zero(left.get("cleared_before")), _number_or_zero(right.get("cleared_before"))
    )
    mine, theirs = left.get("events") or {}, right.get("events") or {}
    events = {}
    for event_id in union_tags(list(mine), list(theirs)):
        event = _pick_event(mine.get(event_id, _MISSING), theirs.get(event_id, _MISSING))
        at = event.get("at") if isinstance(event, dict) else None
        if is_number(at) and at >= cleared:
            events[event_id] = event
    return copy.deepcopy({"format": FORMAT, "events": events, "cleared_before": cleared})


def merge_settings(a: dict | None, b: dict | None) -> dict:
    """Merge two settings documents (PROTOCOL §3.3): per key, the larger (ts, device)."""
    left = check_format(a if a is not None else empty_settings(), "settings")
    right = check_format(b if b is not None else empty_settings(), "settings")
    values = _merge_register_map(left.get("values"), right.get("values"))
    return copy.deepcopy({"format": FORMAT, "values": values})


# Records kept at most; past it the oldest are kept, after every merge (PROTOCOL §3.4).
MAX_RECORDS = 2000


def _records(document: dict | None) -> dict:
    if document is None:
        return empty_records()
    check_format(document, "records")
    shapes = (("records", dict), ("log", dict), ("deleted", list))
    if any(not isinstance(document.get(key), kind) for key, kind in shapes):
        raise UnknownFormat("records")
    return document


def _seen_at(record: Any) -> float:
    seen = record.get("seen_at") if isinstance(record, dict) else None
    return seen if is_number(seen) else 0


def record_order(item: tuple[str, Any]) -> tuple[float, bytes]:
    """Return the sort key of a (record id, record): oldest first, then by id."""
    return _seen_at(item[1]), js_order(item[0])


def _later_copy(a: Any, b: Any) -> Any:
    """Of two copies of one record, the one seen last (a deletion is judged by it), then either."""
    if a is _MISSING or b is _MISSING or _seen_at(a) == _seen_at(b):
        return _pick_stable(a, b)
    return a if _seen_at(a) > _seen_at(b) else b


def merge_records(a: dict | None, b: dict | None) -> dict:
    """Merge two records documents (PROTOCOL §3.4), as the extension's lib/merge.js does.

    Per id the copy seen last; a record goes when its id is tombstoned or it was last seen before
    the later cleared_before; past MAX_RECORDS the oldest are kept. Log events are never removed.
    """
    left, right = _records(a), _records(b)
    cleared = max(
        _number_or_zero(left.get("cleared_before")), _number_or_zero(right.get("cleared_before"))
    )
    deleted = union_tags(left["deleted"], right["deleted"])
    gone = set(deleted)
    kept = []
    for record_id in union_tags(list(left["records"]), list(right["records"])):
        record = _later_copy(
            left["records"].get(record_id, _MISSING), right["records"].get(record_id, _MISSING)
        )
        if record_id not in gone and _seen_at(record) >= cleared:
            kept.append((record_id, record))
    records = dict(sorted(kept, key=record_order)[:MAX_RECORDS])
    log = {}
    for event_id in union_tags(list(left["log"]), list(right["log"])):
        log[event_id] = _pick_stable(
            left["log"].get(event_id, _MISSING), right["log"].get(event_id, _MISSING)
        )
    merged = {"format": FORMAT, "records": records, "log": log, "deleted": deleted}
    return copy.deepcopy({**merged, "cleared_before": cleared})


MERGERS: dict[str, Callable[[dict | None, dict | None], dict]] = {
    "blocklist": merge_blocklist,
    "journal": merge_journal,
    "settings": merge_settings,
    "records": merge_records,
}
