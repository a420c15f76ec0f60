"""`nocontact push`: merge a backup file into the server's documents, never over them.

The file is a document from elsewhere (PROTOCOL §3): it is accepted into the server's copy by the
same rules the extension applies to what it syncs (accept.py). So a push adds what the file has,
removes nothing the server has, and a removal, pause or site switched off in the file waits its
cooling-off as a pending entry, like one asked for in the extension. Each document is read,
merged and written over the version read; when another device wrote in between (412), it is read
and merged again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .accept import accept_remote, cooling_off_hours_of
from .api import Conflict, SyncApi
from .envelope import decrypt_document, seal_document
from .merge import MERGERS, UnknownFormat, canonical, is_present

ATTEMPTS = 4
# Blocklist before settings: a lower cooling-off is judged by the blocklist's entries.
ORDER = ("blocklist", "settings", "journal", "records")


class PushRefused(Exception):
    """The file cannot be merged, or the server kept changing; nothing more was written."""


@dataclass
class PushReport:
    """What a push did."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    waiting: list[dict] = field(default_factory=list)
    kept_cooling_off: bool = False


def _new_waiting(before: dict | None, file: dict, after: dict) -> list[dict]:
    """Return the pending entries the guard created: present after, in neither input."""
    known = set((before or {}).get("pending") or {}) | set(file.get("pending") or {})
    removed = set(after["removed"])
    return [
        entry
        for entry_id, entry in after["pending"].items()
        if entry_id not in known and is_present(entry, removed)
    ]


def check(documents: dict[str, dict]) -> None:
    """Refuse a file whose documents cannot be merged, before anything is written."""
    for name, document in documents.items():
        try:
            MERGERS[name](document, None)
        except UnknownFormat as error:
            raise PushRefused(f"the file's {name} document cannot be read ({error})") from None
        except (AttributeError, KeyError, TypeError, ValueError):
            raise PushRefused(f"the file's {name} document is damaged") from None


def push(
    api: SyncApi,
    sync_id: str,
    auth_key: bytes,
    data_key: bytes,
    documents: dict[str, dict],
    now: int | None = None,
) -> PushReport:
    """Merge each document of the file into the server's copy and write the result."""
    check(documents)
    at = int(time.time() * 1000) if now is None else now
    report = PushReport()

    def read(name: str) -> tuple[int, dict | None]:
        version, envelope = api.read_document(sync_id, name, auth_key)
        if envelope is None:
            return version, None
        return version, decrypt_document(data_key, sync_id, name, envelope)

    hours = cooling_off_hours_of(read("settings")[1])
    blocklist: dict | None = None
    for name in [n for n in ORDER if n in documents]:
        for _attempt in range(ATTEMPTS):
            version, current = read(name)
            if name == "settings" and blocklist is None:
                blocklist = read("blocklist")[1]
            merged = accept_remote(name, current, documents[name], at, hours, blocklist)
            if current is not None and canonical(merged) == canonical(MERGERS[name](current, None)):
                report.unchanged.append(name)
                break
            try:
                api.write_document(
                    sync_id, name, auth_key, seal_document(data_key, sync_id, name, merged), version
                )
            except Conflict:
                continue  # another device wrote meanwhile: read theirs, merge again
            report.written.append(name)
            break
        else:
            raise PushRefused(f"the {name} document kept changing on the server; run push again")
        if name == "blocklist":
            blocklist = merged
            report.waiting = _new_waiting(current, documents[name], merged)
        if name == "settings":
            wanted = cooling_off_hours_of(documents[name])
            report.kept_cooling_off = wanted < cooling_off_hours_of(current) and (
                cooling_off_hours_of(merged) != wanted
            )
    return report
