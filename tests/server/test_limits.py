"""Rate limits live in the database, so separate processes share them."""

from __future__ import annotations

import secrets

from nocontact import create_app

from ..support.keys import b64u, key_material
from .conftest import Sync


def test_failed_attempts_on_a_sync_are_limited_even_for_the_right_key_afterwards(
    app, client, sync: Sync
):
    app.config["AUTH_FAIL_LIMIT_PER_SYNC"] = 3
    wrong = {"Authorization": f"Bearer {b64u(secrets.token_bytes(32))}"}
    statuses = [client.get(sync.path(), headers=wrong).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    limited = client.get(sync.path(), headers=sync.headers)
    assert limited.status_code == 429
    assert limited.json["error"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1


def test_creations_are_limited_per_address(app, client):
    app.config["CREATE_LIMIT"] = 2
    statuses = [client.post("/v1/syncs", json=key_material()).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


def test_two_processes_on_one_database_share_the_counters(database_url, client, app, sync: Sync):
    # A second app object on the same database stands for a second gunicorn worker or machine.
    other = create_app({"TESTING": True, "DATABASE_URL": database_url})
    try:
        for current in (app, other):
            current.config["AUTH_FAIL_LIMIT_PER_SYNC"] = 2
        wrong = {"Authorization": f"Bearer {b64u(secrets.token_bytes(32))}"}
        assert client.get(sync.path(), headers=wrong).status_code == 401
        assert other.test_client().get(sync.path(), headers=wrong).status_code == 401
        assert client.get(sync.path(), headers=sync.headers).status_code == 429
        assert other.test_client().get(sync.path(), headers=sync.headers).status_code == 429
    finally:
        other.extensions["nocontact.engine"].dispose()
