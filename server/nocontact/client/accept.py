"""Accepting a document from elsewhere (PROTOCOL §3), the twin of extension/lib/sync/accept.js.

The merge (merge.py) trusts every writer. What comes from elsewhere (for the CLI: the file given to
`push`, merged into the server's copy) is checked first: registers later than now + 5 minutes are
taken as now + 5 minutes, and a removal, a pause, a site switched off, a person's messages
switched to "keep" or a lower cooling-off that is not due here is not taken; a pending entry for it
is created instead, named after the refused change so that every client refusing the same change
creates the same entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from .envelope import b64u
from .merge import (
    MERGERS,
    canonical,
    is_number,
    is_present,
    js_order,
    merge_blocklist,
    merge_journal,
    merge_records,
    merge_settings,
)

CLOCK_SKEW_MS = 5 * 60 * 1000
HOUR_MS = 3600 * 1000
GUARD_DEVICE = "guard"
DEFAULT_COOLING_OFF_HOURS = 24
MAX_COOLING_OFF_HOURS = 24 * 365

Matches = Callable[[Any], bool]


def cooling_off_hours_of(settings: dict | None) -> int:
    """Return the cooling-off a settings document asks for (its default when absent or invalid)."""
    register = ((settings or {}).get("values") or {}).get("cooling_off_hours") or {}
    value = register.get("value") if isinstance(register, dict) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= MAX_COOLING_OFF_HOURS:
            return value
    return DEFAULT_COOLING_OFF_HOURS


def _clamp_register(register: Any, limit: int) -> Any:
    ts = register.get("ts") if isinstance(register, dict) else None
    if is_number(ts) and ts > limit:
        return {**register, "ts": limit}
    return register


def _clamp_map(registers: dict | None, limit: int) -> dict:
    return {key: _clamp_register(r, limit) for key, r in (registers or {}).items()}


def _clamp_blocklist(document: dict, limit: int) -> dict:
    for person in document["people"].values():
        for key in ("label", "note", "names", "messages"):
            if person.get(key) is not None:
                person[key] = _clamp_register(person[key], limit)
    document["sites"] = _clamp_map(document["sites"], limit)
    if document.get("paused") is not None:
        document["paused"] = _clamp_register(document["paused"], limit)
    return document


def refusal_names(action: dict, refused: list[str]) -> tuple[str, str]:
    """Return (id, tag) of the pending entry standing for a refused change."""
    subject = canonical({"action": action, "refused": sorted(refused, key=js_order)})

    def name(purpose: str) -> str:
        text = f"nocontact/v1/refused/{purpose}\n{subject}"
        return b64u(hashlib.sha256(text.encode()).digest()[:16])

    return name("id"), name("tag")


def _has_due(document: dict | None, matches: Matches, now: int, since: float = 0) -> bool:
    """Tell whether a due entry (present or applied) matches, asked for at `since` or later.

    Give or take the clock skew: a register may be stamped up to 5 minutes ahead, and the guard's
    own entry, asked for at the refusal, must still count.
    """
    for entry in ((document or {}).get("pending") or {}).values():
        if not isinstance(entry, dict) or not matches(entry.get("action")):
            continue
        effective, requested = entry.get("effective_at"), entry.get("requested_at")
        if is_number(effective) and is_number(requested):
            if effective <= now and requested + CLOCK_SKEW_MS >= since:
                return True
    return False


def _has_present(document: dict, matches: Matches) -> bool:
    removed = set(document["removed"])
    return any(
        isinstance(entry, dict) and matches(entry.get("action")) and is_present(entry, removed)
        for entry in document["pending"].values()
    )


def _same(action: dict) -> Matches:
    def matches(other: Any) -> bool:
        return isinstance(other, dict) and all(other.get(k) == v for k, v in action.items())

    return matches


def _live_tags(element: dict, removed: set[str]) -> list[str]:
    return [tag for tag in element.get("adds") or [] if tag not in removed]


def _ts(register: Any) -> float:
    ts = register.get("ts") if isinstance(register, dict) else None
    return ts if is_number(ts) else 0


def accept_blocklist(
    local: dict | None, remote: dict | None, now: int, cooling_off_hours: int | None = None
) -> dict:
    """Accept a blocklist from elsewhere into this side's, leaving out what is not due."""
    limit = now + CLOCK_SKEW_MS
    mine = _clamp_blocklist(merge_blocklist(local, None), limit)
    theirs = merge_blocklist(remote, None)
    merged = merge_blocklist(mine, _clamp_blocklist(merge_blocklist(remote, None), limit))
    before, after = set(mine["removed"]), set(merged["removed"])
    refusals: list[tuple[dict, list[str]]] = []
    restore: set[str] = set()

    for person_id, person in mine["people"].items():
        if not is_present(person, before):
            continue
        remove_person = {"type": "remove_person", "person": person_id}
        if _has_due(merged, _same(remove_person), now):
            continue
        person_gone = not is_present(merged["people"].get(person_id), after)
        with_person: list[str] = []
        merged_accounts = (merged["people"].get(person_id) or {}).get("accounts") or {}
        for key, account in (person.get("accounts") or {}).items():
            if not is_present(account, before) or is_present(merged_accounts.get(key), after):
                continue
            remove_account = {"type": "remove_account", "person": person_id, "account": key}
            if _has_due(merged, _same(remove_account), now):
                continue
            tags = _live_tags(account, before)
            restore.update(tags)
            if person_gone:
                with_person.extend(tags)
            else:
                refusals.append((remove_account, tags))
        if person_gone:
            tags = _live_tags(person, before)
            restore.update(tags)
            refusals.append((remove_person, [*tags, *with_person]))
    merged["removed"] = [tag for tag in merged["removed"] if tag not in restore]

    pause_all = {"type": "pause_all"}
    mine_paused = mine.get("paused")
    allowed = _has_due(merged, _same(pause_all), now, _ts(mine_paused))
    mine_on = (mine_paused or {}).get("value") is not True
    if mine_on and (merged.get("paused") or {}).get("value") is True and not allowed:
        refusals.append((pause_all, [canonical(theirs.get("paused"))]))
        if mine_paused is not None:
            merged["paused"] = mine_paused
        else:
            del merged["paused"]
    for platform in list(merged["sites"]):
        site_off = {"type": "site_off", "platform": platform}
        mine_site = mine["sites"].get(platform)
        turned_off = merged["sites"][platform].get("value") is False
        if (mine_site or {}).get("value") is False or not turned_off:
            continue
        if _has_due(merged, _same(site_off), now, _ts(mine_site)):
            continue
        refusals.append((site_off, [canonical(theirs["sites"].get(platform))]))
        if mine_site is not None:
            merged["sites"][platform] = mine_site
        else:
            del merged["sites"][platform]

    # A person's messages switched to "keep": only with a due keep_messages asked for after this
    # side's register was written; people new here or gone in the merge are not guarded.
    merged_removed = set(merged["removed"])
    for person_id, person in mine["people"].items():
        kept = merged["people"].get(person_id)
        if not is_present(person, before) or not is_present(kept, merged_removed):
            continue
        mine_messages = person.get("messages")
        if (mine_messages or {}).get("value") == "keep":
            continue
        if (kept.get("messages") or {}).get("value") != "keep":
            continue
        keep_messages = {"type": "keep_messages", "person": person_id}
        if _has_due(merged, _same(keep_messages), now, _ts(mine_messages)):
            continue
        theirs_person = theirs["people"].get(person_id) or {}
        refusals.append((keep_messages, [canonical(theirs_person.get("messages"))]))
        if mine_messages is not None:
            kept["messages"] = mine_messages
        else:
            del kept["messages"]

    hours = DEFAULT_COOLING_OFF_HOURS
    if isinstance(cooling_off_hours, int) and not isinstance(cooling_off_hours, bool):
        hours = cooling_off_hours if cooling_off_hours >= 0 else DEFAULT_COOLING_OFF_HOURS
    for action, refused in refusals:
        if _has_present(merged, _same(action)):
            continue
        entry_id, tag = refusal_names(action, refused)
        if entry_id in merged["pending"]:
            continue
        merged["pending"][entry_id] = {
            "adds": [tag],
            "action": action,
            "requested_at": now,
            "effective_at": now + hours * HOUR_MS,
            "motive": None,
            "device": GUARD_DEVICE,
        }
    return merge_blocklist(merged, None)


def accept_settings(
    local: dict | None, remote: dict | None, now: int, blocklist: dict | None = None
) -> dict:
    """Accept settings from elsewhere: a lower cooling-off only with a due lower_cooling_off."""
    limit = now + CLOCK_SKEW_MS

    def clamp(document: dict | None) -> dict:
        out = merge_settings(document, None)
        out["values"] = _clamp_map(out["values"], limit)
        return out

    mine = clamp(local)
    merged = merge_settings(mine, clamp(remote))
    hours = cooling_off_hours_of(merged)
    mine_register = mine["values"].get("cooling_off_hours")

    def allowed(action: Any) -> bool:
        lowered_to = action.get("hours") if isinstance(action, dict) else None
        return (
            action.get("type") == "lower_cooling_off"
            and isinstance(lowered_to, int)
            and not isinstance(lowered_to, bool)
            and lowered_to <= hours
        )

    if hours < cooling_off_hours_of(mine) and not _has_due(
        blocklist, allowed, now, _ts(mine_register)
    ):
        if mine_register is not None:
            merged["values"]["cooling_off_hours"] = mine_register
        else:
            del merged["values"]["cooling_off_hours"]
    return merge_settings(merged, None)


def accept_journal(local: dict | None, remote: dict | None, now: int) -> dict:
    """Accept a journal from elsewhere: cleared_before at most now + 5 minutes."""
    return _accept_cleared_before(merge_journal, local, remote, now)


def accept_records(local: dict | None, remote: dict | None, now: int) -> dict:
    """Accept sealed records from elsewhere: cleared_before at most now + 5 minutes."""
    return _accept_cleared_before(merge_records, local, remote, now)


def _accept_cleared_before(
    merge: Callable[[dict | None, dict | None], dict],
    local: dict | None,
    remote: dict | None,
    now: int,
) -> dict:
    """Merge two documents that carry a cleared_before (the journal, the sealed records), each
    side's cleared_before first taken as at most now + 5 minutes."""
    limit = now + CLOCK_SKEW_MS

    def clamp(document: dict | None) -> dict:
        out = merge(document, None)
        out["cleared_before"] = min(out["cleared_before"], limit)
        return out

    return merge(clamp(local), clamp(remote))


def accept_remote(
    name: str,
    local: dict | None,
    remote: dict | None,
    now: int,
    cooling_off_hours: int | None = None,
    blocklist: dict | None = None,
) -> dict:
    """Accept document `name` from elsewhere; one without rules of its own is merged as it is."""
    if name == "blocklist":
        return accept_blocklist(local, remote, now, cooling_off_hours)
    if name == "settings":
        return accept_settings(local, remote, now, blocklist)
    if name == "journal":
        return accept_journal(local, remote, now)
    if name == "records":
        return accept_records(local, remote, now)
    return MERGERS[name](local, remote)
