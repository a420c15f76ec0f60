"""Settings: defaults here, overridden by NOCONTACT_* environment variables, then by tests."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Config

PREFIX = "NOCONTACT"

DEFAULTS: dict[str, Any] = {
    # None means: a SQLite file in the app's instance folder (the embedded default).
    "DATABASE_URL": None,
    # The largest request body, so the largest encrypted document (bytes).
    "MAX_DOCUMENT_BYTES": 1024 * 1024,
    # The largest write of the sealed records document (bytes): it keeps the text of many posts.
    "MAX_RECORDS_BYTES": 8 * 1024 * 1024,
    # Sync creations per client address per window.
    "CREATE_LIMIT": 20,
    "CREATE_WINDOW_SECONDS": 3600,
    # Failed authentications per window: of one client address on one sync (so one address cannot
    # lock the owner out), of one sync from all addresses together (the bound on guessing), and of
    # one address on all syncs. An IPv6 client counts as its /64 network.
    "AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS": 10,
    "AUTH_FAIL_LIMIT_PER_SYNC": 100,
    "AUTH_FAIL_LIMIT_PER_ADDRESS": 50,
    "AUTH_FAIL_WINDOW_SECONDS": 900,
    # Public KDF requests per client address per window, counted in each process (the route must
    # not write, so it keeps no shared counter).
    "KDF_LIMIT_PER_ADDRESS": 30,
    "KDF_WINDOW_SECONDS": 60,
    # How many reverse proxies in front set X-Forwarded-For (0: trust none).
    "TRUSTED_PROXIES": 0,
}


class ConfigError(ValueError):
    """A setting from the environment has the wrong type; the message names the variable."""


def from_environment(config: Config) -> None:
    """Load NOCONTACT_<NAME> variables over the defaults (DATABASE_URL also bare); check types."""
    config.from_prefixed_env(PREFIX)
    # The command-line client's variables may share this environment: a passphrase never belongs
    # in the server's configuration, even unused.
    for client_only in ("PASSPHRASE", "CONFIG_DIR"):
        config.pop(client_only, None)
    for key, default in DEFAULTS.items():
        # An empty variable counts as unset, as it always has (a deployment template's `NAME=`).
        if os.environ.get(f"{PREFIX}_{key}") == "":
            config[key] = default
    # The bare name is what hosting platforms set; the prefixed one wins when both are given.
    if not os.environ.get(f"{PREFIX}_DATABASE_URL") and os.environ.get("DATABASE_URL"):
        config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    _check(config)


def _check(config: Config) -> None:
    """Make the numeric settings ints, or raise ConfigError instead of running with a string."""
    for key, default in DEFAULTS.items():
        value = config[key]
        if not isinstance(default, int):
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{PREFIX}_{key} must be text, not {type(value).__name__}.")
            continue
        if isinstance(value, str):
            # from_prefixed_env keeps what JSON cannot parse ("020", "1_000") as text; int()
            # accepted those before, so they still work.
            try:
                value = int(value)
            except ValueError:
                pass
        # bool is an int subclass, but "true" was never a number of requests.
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{PREFIX}_{key} must be a whole number, not {value!r}.")
        config[key] = value
