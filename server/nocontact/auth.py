"""Bearer auth: only SHA-256 of the auth key is stored; unknown sync and wrong key look the same."""

from __future__ import annotations

import functools
import hashlib
import hmac
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


def authenticate(sync_id: str) -> Row:
    """Return the sync's row if the bearer key matches; else count the failure and raise 401."""
    config = current_app.config
    window = config["AUTH_FAIL_WINDOW_SECONDS"]
    sync_key = f"authfail:sync:{sync_id[:26]}"
    address_key = f"authfail:addr:{client_address()}"
    with engine().begin() as conn:
        limits.check(conn, sync_key, config["AUTH_FAIL_LIMIT_PER_SYNC"], window)
        limits.check(conn, address_key, config["AUTH_FAIL_LIMIT_PER_ADDRESS"], window)
        row = None
        if SYNC_ID.match(sync_id):
            row = conn.execute(sa.select(syncs).where(syncs.c.id == sync_id)).first()
        presented = _presented_hash() or b"\0" * 32
        stored = row.auth_hash if row is not None else _DECOY_HASH
        if hmac.compare_digest(presented, stored) and row is not None:
            return row
        limits.hit(conn, sync_key, window)
        limits.hit(conn, address_key, window)
    raise ApiError(401)


def required(view: Callable[..., R]) -> Callable[..., R]:
    """Authenticate the bearer key for the route's sync_id and put the sync's row on g.sync."""

    # Flask passes URL values as keywords, so every route under <sync_id> gets it by name.
    @functools.wraps(view)
    def wrapped(*args: Any, sync_id: str, **kwargs: Any) -> R:
        g.sync = authenticate(sync_id)
        return view(*args, sync_id=sync_id, **kwargs)

    return wrapped
