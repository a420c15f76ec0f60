"""Rate limits as fixed-window counters in the database, shared by every process and machine.

Counting is one atomic UPSERT ... RETURNING per counter, compared after, in a transaction that no
other counting of the same keys can interleave with (SQLite's write lock, or the callers' locks on
PostgreSQL). A burst of simultaneous requests therefore cannot all read "under the limit" before
any of them has counted. Authentication (auth.py) reads the counters without writing when it can
prove that counting could not have refused; first_over() is the one comparison everywhere.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import db
from .db import counters, upsert
from .errors import ApiError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most `limit` events for `key` per fixed window of `seconds`."""

    key: str
    limit: int
    seconds: int


@dataclass(frozen=True)
class Taken:
    """One event counted against a limit, in the window that ends at `window_end`."""

    key: str
    window_end: int


def key(kind: str, *parts: str) -> str:
    """Return a counter key of fixed length: the kind, then SHA-256 of the parts.

    Parts come from the client (a forwarded address can be any length): hashed, no key ever
    overflows the key column, and the table holds no address in the clear.
    """
    joined = "\0".join(parts).encode("utf-8", "surrogatepass")
    return f"{kind}:{hashlib.sha256(joined).hexdigest()}"


def address_bucket(address: str) -> str:
    """Return what one client is counted as: its IPv4 address, or its IPv6 /64 network.

    One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses would give
    one attacker 2**64 fresh buckets.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(parsed) >> 64 << 64, 64)))
    return str(parsed)


def lock_key(key: str) -> int:
    """Return a counter key's 64-bit signed number, for PostgreSQL's advisory locks."""
    value = int(key[-16:], 16)
    return value - (1 << 64) if value >= 1 << 63 else value


def window_end(limit: Limit, now: float) -> int:
    """Return the end of the limit's window that `now` falls in."""
    return _window_end(limit.seconds, now)


def _window_end(seconds: int, now: float) -> int:
    return (int(now) // seconds + 1) * seconds


def _count(conn: Connection, key: str, window_end: int) -> int:
    return conn.execute(
        upsert(conn, counters)
        .values(key=key, window=window_end, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window"], set_={"count": counters.c.count + 1}
        )
        .returning(counters.c.count)
    ).scalar_one()


class Refused(ApiError):
    """429: a limit is reached; Retry-After says when its window ends."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(429, headers={"Retry-After": str(max(retry_after, 1))})


@dataclass
class Counted:
    """The events counted by count(): the limits counted, the refusal if one was over."""

    taken: list[Taken]
    refused: Refused | None
    new_window: bool


def count(conn: Connection, limits: Sequence[Limit], now: float) -> Counted:
    """Count one event against each limit in order, in the caller's transaction; stop at the first
    one over its bound.

    The limits after a refused one are not counted, so attempts refused by a narrow limit (one
    address on one sync) never use up a wider one (the sync from every address). On PostgreSQL each
    counted row stays locked until the caller's transaction ends, so simultaneous attempts on one
    key queue there and each compares a count that no other transaction still holds uncommitted.
    """
    taken: list[Taken] = []
    new_window = False
    for limit in limits:
        window_end = _window_end(limit.seconds, now)
        value = _count(conn, limit.key, window_end)
        taken.append(Taken(limit.key, window_end))
        new_window = new_window or value == 1
        if value > limit.limit:
            return Counted(taken, Refused(int(window_end - now) + 1), new_window)
    return Counted(taken, None, new_window)


def first_over(
    limits: Sequence[Limit], counts: Sequence[int], active: Sequence[int] | None = None
) -> int | None:
    """Return the index of the first limit that counting one more event would refuse, or None.

    `counts` are the counters now; `active`, how many events not in them may still be counted
    before this one (auth.py): each could take one more of the allowance.
    """
    for index, (limit, value) in enumerate(zip(limits, counts, strict=True)):
        if value + (active[index] if active is not None else 0) >= limit.limit:
            return index
    return None


def current(conn: Connection, limits: Sequence[Limit], now: float) -> list[int]:
    """Return each limit's count in its current window (0 for none), in one query."""
    columns = [
        sa.select(counters.c.count)
        .where(counters.c.key == limit.key, counters.c.window == window_end(limit, now))
        .scalar_subquery()
        for limit in limits
    ]
    row = conn.execute(sa.select(*columns)).one()
    return [value or 0 for value in row]


@dataclass
class Settled:
    """What settle() decided: a right key let through uncounted, or the attempt counted."""

    admitted: bool
    refused: Refused | None
    new_window: bool


def settle(conn: Connection, limits: Sequence[Limit], now: float, right: bool) -> Settled:
    """Decide one authentication attempt in the caller's transaction, which no other counting of
    these keys can interleave with: a right key under every limit is let through and counts
    nothing; any other attempt counts exactly as count() does, a right key over a limit included.
    """
    over = first_over(limits, current(conn, limits, now))
    if right and over is None:
        return Settled(True, None, False)
    counted = count(conn, limits, now)
    # Under the same lock the read and the count cannot disagree; should they, refuse (503).
    if (counted.refused is None) != (over is None) or (
        over is not None and len(counted.taken) != over + 1
    ):
        raise RuntimeError("the counters changed under a lock")
    return Settled(False, counted.refused, counted.new_window)


def take(limits: Sequence[Limit]) -> list[Taken]:
    """Count one event against each limit in a transaction of its own; raise Refused when over."""
    now = time.time()
    with db.write() as conn:
        counted = count(conn, limits, now)
    if counted.new_window:
        forget_old_windows(now)
    if counted.refused is not None:
        raise counted.refused
    return counted.taken


def forget_old_windows(now: float) -> None:
    """Drop the counters of ended windows, of every key; best effort, never decides a request."""
    # Run once per new window of some key, in its own transaction: rows of ids nobody asks for
    # again go too, and a lock wait or error here cannot turn into a refusal or an acceptance.
    try:
        with db.write() as conn:
            conn.execute(counters.delete().where(counters.c.window <= int(now)))
    except sa.exc.SQLAlchemyError as error:
        log.warning("could not drop old rate-limit windows: %s", type(error).__name__)


class LocalCounter:
    """Fixed-window counts kept in this process only, for a route that must not write.

    Each process counts on its own, so N workers allow up to N times the limit: enough to keep
    one client from sampling a public route thousands of times, without a database write.
    """

    def __init__(self, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._window_end = 0
        self._counts: dict[str, int] = {}

    def take(self, limit: Limit) -> None:
        """Count one event; raise Refused when over the limit, or when too many keys are counted."""
        now = time.time()
        window_end = _window_end(limit.seconds, now)
        with self._lock:
            if window_end != self._window_end:
                self._counts.clear()
                self._window_end = window_end
            # Memory stays bounded: past max_keys, new clients wait for the next window.
            if limit.key not in self._counts and len(self._counts) >= self.max_keys:
                count = limit.limit + 1
            else:
                count = self._counts.get(limit.key, 0) + 1
                self._counts[limit.key] = count
        if count > limit.limit:
            raise Refused(int(window_end - now) + 1)
