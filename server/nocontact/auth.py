"""Bearer auth: only SHA-256 of the auth key is stored; unknown sync and wrong key look the same.

Every attempt is judged against three limits, in this order: the client's address on every sync,
the client's address on this sync, and this sync from every address. One address can therefore use
up only its own share of the sync's limit and never lock the owner's devices out, while many
addresses together are still bounded. Any error while judging or counting fails closed: 503.

A failed attempt (wrong key, unknown sync, or any key while a limit is reached) is counted, and the
owner is told (failed_attempts). A right key under every limit writes nothing. What keeps that from
helping a guesser is that a right key is let through only where a wrong key at the same moment
would have been judged too, never refused: a guess's answer never depends on a key it did not
present. The attempt is placed, right or wrong, at the same point among the counting attempts:

- PostgreSQL: one function call (db.AUTH_FUNCTION) reads the sync, judges the key, takes exclusive
  advisory locks on the three counter keys (a queue per key, first come first served, right and
  wrong keys alike), reads the counters and counts a failure. Nothing of the request runs outside
  the database while they are held: microseconds.
- SQLite: every counting attempt waits its turn at the gate (gate.py: one writer at a time, in
  arrival order) and says which keys it may count from its ticket on. A right key reads the sync
  and the counters in one statement, lock-free, between two reads of those keys' activity words;
  if every count plus the attempts that may still be ahead of it is below its limit, a wrong key
  at the same moment would have been judged, so the right key is let through. Otherwise it takes
  its turn at the gate like a wrong key and is decided there on the current counts.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, g, request

from . import db, gate, limits
from .db import syncs
from .errors import ApiError
from .validate import DOCUMENT_NAMES, SYNC_ID, b64u_decode

R = TypeVar("R")
log = logging.getLogger(__name__)

# Compared against when the sync does not exist, so both failures take the same path.
_DECOY_HASH = hashlib.sha256(b"no such sync").digest()


@dataclass
class Sync:
    """A sync as authentication read it: its row, and every document's version (0: never)."""

    id: str
    auth_hash: bytes
    kdf: str
    wrapped_key: str
    failed_count: int
    failed_since: int
    failed_last: int | None
    versions: dict[str, int] = field(default_factory=dict)


def client_address() -> str:
    """Return the client's address (ProxyFix has already applied trusted X-Forwarded-For)."""
    return request.remote_addr or "unknown"


def _presented_hash() -> bytes | None:
    header = request.environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        key = b64u_decode(token.strip(), "token")
    except ApiError:
        return None
    return hashlib.sha256(key).digest() if len(key) == 32 else None


def _limits(sync_id: str) -> list[limits.Limit]:
    config = current_app.config
    return list(
        _limits_of(
            sync_id,
            client_address(),
            config["AUTH_FAIL_LIMIT_PER_ADDRESS"],
            config["AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS"],
            config["AUTH_FAIL_LIMIT_PER_SYNC"],
            config["AUTH_FAIL_WINDOW_SECONDS"],
        )
    )


# Three SHA-256 and an address parsed per request otherwise; a device asks again and again.
@functools.lru_cache(maxsize=16384)
def _limits_of(
    sync_id: str, client: str, per_address: int, per_sync_address: int, per_sync: int, window: int
) -> tuple[limits.Limit, ...]:
    address = limits.address_bucket(client)
    return (
        limits.Limit(limits.key("auth-addr", address), per_address, window),
        limits.Limit(limits.key("auth-sync-addr", sync_id, address), per_sync_address, window),
        limits.Limit(limits.key("auth-sync", sync_id), per_sync, window),
    )


def unavailable(error: Exception) -> ApiError:
    """Log an error of counting or checking (its type only) and return the fail-closed 503."""
    # The type only: an exception's text could quote a key.
    log.error("a request could not be counted or checked: %s", type(error).__name__)
    return ApiError(503, headers={"Retry-After": "30"})


def _record_failure(conn: sa.Connection, sync_id: str, now: float) -> None:
    # For the owner (GET /v1/syncs/<id> reports it). The same statement runs for an unknown sync,
    # where it changes no row, so both failures still do the same work.
    conn.execute(
        syncs.update()
        .where(syncs.c.id == sync_id)
        .values(failed_count=syncs.c.failed_count + 1, failed_last=int(now))
    )


# --- reading the sync ----------------------------------------------------------------------------

# SQLite: the sync's row, its documents' versions and the counters in one statement (one snapshot);
# a row of NULLs but the counters for an unknown sync. PostgreSQL: db.AUTH_FUNCTION.
_SYNC_COLUMNS = (
    "s.auth_hash, s.kdf, s.wrapped_key, s.failed_count, s.failed_since, s.failed_last,"
    " d.name, d.version"
)
_SYNC_FROM = (
    " FROM (SELECT {id} AS id) AS q LEFT JOIN syncs AS s ON s.id = q.id"
    " LEFT JOIN documents AS d ON d.sync_id = s.id"
)
_SQLITE_COUNT = ', (SELECT count FROM counters WHERE key = :k{i} AND "window" = :w{i})'
_SQLITE_READ = (
    "SELECT "
    + _SYNC_COLUMNS
    + "".join(_SQLITE_COUNT.format(i=i) for i in range(3))
    + _SYNC_FROM.format(id=":id")
)


def _sync(sync_id: str, rows: Sequence[Sequence[Any]]) -> Sync | None:
    first = rows[0]
    if first[0] is None:
        return None
    found = {row[6]: row[7] for row in rows if row[6] is not None}
    return Sync(
        sync_id,
        bytes(first[0]),
        first[1],
        first[2],
        first[3],
        first[4],
        first[5],
        {name: found.get(name, 0) for name in DOCUMENT_NAMES},
    )


def _is_right(presented: bytes, sync: Sync | None) -> bool:
    stored = sync.auth_hash if sync is not None else _DECOY_HASH
    # Compared whether or not the sync exists: both failures do the same work.
    return hmac.compare_digest(presented, stored) and sync is not None


# --- SQLite --------------------------------------------------------------------------------------


def _judge_sqlite(
    sync_id: str, presented: bytes, checked: list[limits.Limit], now: float
) -> tuple[Sync | ApiError, bool]:
    current = db.gate()
    stripes = [gate.stripe(limit.key) for limit in checked]
    params: dict[str, Any] = {"id": sync_id}
    for i, limit in enumerate(checked):
        params[f"k{i}"] = limit.key
        params[f"w{i}"] = limits.window_end(limit, now)
    sync, right = None, False
    if current is not None:
        before = current.read(stripes)
        with db.raw() as connection:
            rows = connection.execute(_SQLITE_READ, params).fetchall()
        sync = _sync(sync_id, rows)
        right = _is_right(presented, sync)
        # Read where a wrong key takes its ticket: from the query to here nothing lets go of the
        # GIL, so both happen at the same point of the same request.
        after = current.read(stripes)
        if right:
            # Attempts that may be counted before one made now: every one active on these keys
            # between the two reads (those done before the first are in the counts read).
            active = [gate.active(b, a) for b, a in zip(before, after, strict=True)]
            counts = [value or 0 for value in rows[0][8:11]]
            if None not in active:
                ahead = [value or 0 for value in active]
                if limits.first_over(checked, counts, ahead) is None:
                    assert sync is not None
                    return sync, False
    with db.write(stripes) as conn:
        if current is None:
            # Without a gate (no OFD locks on this system) every attempt is decided here.
            rows = conn.exec_driver_sql(_SQLITE_READ, params).fetchall()
            sync = _sync(sync_id, rows)
            right = _is_right(presented, sync)
        settled = limits.settle(conn, checked, now, right)
        if not settled.admitted:
            _record_failure(conn, sync_id, now)
    if settled.admitted:
        assert sync is not None
        return sync, False
    return settled.refused or ApiError(401), settled.new_window


# --- PostgreSQL ----------------------------------------------------------------------------------

_POSTGRESQL_AUTH = (
    "SELECT auth_hash, kdf, wrapped_key, failed_count, failed_since, failed_last, names,"
    " versions, count1, count2, count3, refused, counted, created FROM nocontact_auth("
    "%s::text, %s::bytea, %s::bytea, %s::bytea, %s::bigint, %s::bigint, %s::bigint,"
    " %s::text, %s::text, %s::text, %s::bigint, %s::bigint, %s::bigint,"
    " %s::integer, %s::integer, %s::integer, %s::bigint)"
)


def _judge_postgresql(
    sync_id: str, presented: bytes, checked: list[limits.Limit], now: float
) -> tuple[Sync | ApiError, bool]:
    # In the order of the limits (address, sync and address, sync); the function locks them from
    # the last to the first.
    locks = [limits.lock_key(limit.key) for limit in checked]
    params = (
        sync_id,
        presented,
        current_app.extensions["nocontact.judge_secret"],
        _DECOY_HASH,
        *locks,
        *(limit.key for limit in checked),
        *(limits.window_end(limit, now) for limit in checked),
        *(limit.limit for limit in checked),
        int(now),
    )
    with db.raw() as connection:
        row = connection.execute(_POSTGRESQL_AUTH, params).fetchone()
    stored, kdf, wrapped, count, since, last, names, versions = row[:8]
    counts, (over, counted, created) = row[8:11], row[11:]
    sync = None
    if stored is not None:
        found = dict(zip(names or (), versions or (), strict=True))
        versions_of = {name: found.get(name, 0) for name in DOCUMENT_NAMES}
        sync = Sync(sync_id, bytes(stored), kdf, wrapped, count, since, last, versions_of)
    right = _is_right(presented, sync)
    admitted = right and over is None
    # The database judged and compared; Python's own judgement and first_over() must agree with
    # what it counted, or the attempt is refused (503).
    if limits.first_over(checked, counts) != over or admitted == bool(counted):
        raise RuntimeError("the database and the service disagree on an attempt")
    if admitted:
        assert sync is not None
        return sync, False
    if over is not None:
        limit = checked[over]
        return limits.Refused(int(limits.window_end(limit, now) - now) + 1), bool(created)
    return ApiError(401), bool(created)


# --- the decorator -------------------------------------------------------------------------------


def authenticate(sync_id: str) -> Sync:
    """Return the sync if the bearer key matches; else count the failure and raise 401 or 429."""
    if not SYNC_ID.match(sync_id):
        raise ApiError(404)
    presented = _presented_hash() or b"\0" * 32
    now = time.time()
    try:
        checked = _limits(sync_id)
        judge = _judge_postgresql if db.is_postgresql() else _judge_sqlite
        outcome, new_window = judge(sync_id, presented, checked, now)
    except Exception as error:
        raise unavailable(error) from None
    if new_window:
        limits.forget_old_windows(now)
    if isinstance(outcome, ApiError):
        raise outcome
    return outcome


def required(view: Callable[..., R]) -> Callable[..., R]:
    """Authenticate the bearer key for the route's sync_id and put the sync on g.sync."""

    # Flask passes URL values as keywords, so every route under <sync_id> gets it by name.
    @functools.wraps(view)
    def wrapped(*args: Any, sync_id: str, **kwargs: Any) -> R:
        g.sync = authenticate(sync_id)
        return view(*args, sync_id=sync_id, **kwargs)

    return wrapped
