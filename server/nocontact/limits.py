"""Rate limits as fixed-window counters in the database, shared by every process and machine."""

from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .db import counters, upsert
from .errors import ApiError


def _window(seconds: int, now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // seconds)


def check(conn: Connection, key: str, limit: int, seconds: int) -> None:
    """Raise 429 (with Retry-After) when key has reached its limit in the current window."""
    window = _window(seconds)
    count = conn.execute(
        sa.select(counters.c.count).where(counters.c.key == key, counters.c.window == window)
    ).scalar()
    if count is not None and count >= limit:
        retry_after = int((window + 1) * seconds - time.time()) + 1
        raise ApiError(429, headers={"Retry-After": str(max(retry_after, 1))})


def hit(conn: Connection, key: str, seconds: int) -> None:
    """Count one event for key in the current window (atomic upsert), and drop old windows."""
    window = _window(seconds)
    conn.execute(
        upsert(conn, counters)
        .values(key=key, window=window, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window"], set_={"count": counters.c.count + 1}
        )
    )
    conn.execute(counters.delete().where(counters.c.key == key, counters.c.window < window))
