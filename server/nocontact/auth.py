"""Bearer auth: only SHA-256 of the auth key is stored; unknown sync and wrong key look the same.

Every attempt is counted before the key is looked at (limits.count), against three limits in this
order: the client's address on every sync, the client's address on this sync, and this sync from
every address. One address can therefore use up only its own share of the sync's limit and never
lock the owner's devices out, while many addresses together are still bounded. An attempt that
authenticates is uncounted again. Any error while counting fails closed: 503, the key unjudged.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, g, request
from sqlalchemy.engine import Row

from . import limits
from .db import engine, syncs
from .errors import ApiError
from .validate import SYNC_ID, b64u_decode

R = TypeVar("R")
log = logging.getLogger(__name__)

# Compared against when the sync does not exist, so both failures take the same path.
_DECOY_HASH = hashlib.sha256(b"no such sync").digest()


def client_address() -> str:
    """Return the client's address (ProxyFix has already applied trusted X-Forwarded-For)."""
    return request.remote_addr or "unknown"


def _presented_hash() -> bytes | None:
    header = request.headers.get("Authorization", "")
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
    window = config["AUTH_FAIL_WINDOW_SECONDS"]
    address = limits.address_bucket(client_address())
    return [
        limits.Limit(
            limits.key("auth-addr", address), config["AUTH_FAIL_LIMIT_PER_ADDRESS"], window
        ),
        limits.Limit(
            limits.key("auth-sync-addr", sync_id, address),
            config["AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS"],
            window,
        ),
        limits.Limit(limits.key("auth-sync", sync_id), config["AUTH_FAIL_LIMIT_PER_SYNC"], window),
    ]


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


def authenticate(sync_id: str) -> Row:
    """Return the sync's row if the bearer key matches; else count the failure and raise 401.

    Counting, judging the key and uncounting a success are one transaction: an attempt that
    authenticates never inflates another's count, and one cut off halfway (a killed worker)
    leaves no count behind. Any error in it answers 503, whatever the key.
    """
    if not SYNC_ID.match(sync_id):
        raise ApiError(404)
    presented = _presented_hash() or b"\0" * 32
    now = time.time()
    outcome: Row | ApiError
    try:
        with engine().begin() as conn:
            counted = limits.count(conn, _limits(sync_id), now)
            if counted.refused is not None:
                _record_failure(conn, sync_id, now)
                outcome = counted.refused
            else:
                row = conn.execute(sa.select(syncs).where(syncs.c.id == sync_id)).first()
                stored = row.auth_hash if row is not None else _DECOY_HASH
                if hmac.compare_digest(presented, stored) and row is not None:
                    limits.uncount(conn, counted.taken)
                    outcome = row
                else:
                    _record_failure(conn, sync_id, now)
                    outcome = ApiError(401)
    except Exception as error:
        raise unavailable(error) from None
    if counted.new_window:
        limits.forget_old_windows(now)
    if isinstance(outcome, ApiError):
        raise outcome
    return outcome


def required(view: Callable[..., R]) -> Callable[..., R]:
    """Authenticate the bearer key for the route's sync_id and put the sync's row on g.sync."""

    # Flask passes URL values as keywords, so every route under <sync_id> gets it by name.
    @functools.wraps(view)
    def wrapped(*args: Any, sync_id: str, **kwargs: Any) -> R:
        g.sync = authenticate(sync_id)
        return view(*args, sync_id=sync_id, **kwargs)

    return wrapped
