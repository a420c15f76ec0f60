"""Settings: defaults here, overridden by NOCONTACT_* environment variables, then by tests."""

from __future__ import annotations

import os
from typing import Any

DEFAULTS: dict[str, Any] = {
    # None means: a SQLite file in the app's instance folder (the embedded default).
    "DATABASE_URL": None,
    # The largest request body, so the largest encrypted document (bytes).
    "MAX_DOCUMENT_BYTES": 1024 * 1024,
    # Sync creations per client address per window.
    "CREATE_LIMIT": 20,
    "CREATE_WINDOW_SECONDS": 3600,
    # Failed authentications per sync id, and per client address, per window.
    "AUTH_FAIL_LIMIT_PER_SYNC": 10,
    "AUTH_FAIL_LIMIT_PER_ADDRESS": 50,
    "AUTH_FAIL_WINDOW_SECONDS": 900,
    # How many reverse proxies in front set X-Forwarded-For (0: trust none).
    "TRUSTED_PROXIES": 0,
}

_INTEGERS = {key for key, value in DEFAULTS.items() if isinstance(value, int)}


def from_environment(environ: os._Environ | dict[str, str] = os.environ) -> dict[str, Any]:
    """Return the settings given as NOCONTACT_<NAME> variables (DATABASE_URL also bare)."""
    found: dict[str, Any] = {}
    if environ.get("DATABASE_URL"):
        found["DATABASE_URL"] = environ["DATABASE_URL"]
    for key in DEFAULTS:
        raw = environ.get(f"NOCONTACT_{key}")
        if raw:
            found[key] = int(raw) if key in _INTEGERS else raw
    return found
