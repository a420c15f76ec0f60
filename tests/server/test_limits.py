"""Rate limits live in the database, so separate processes share them."""

from __future__ import annotations

import secrets
import time

import sqlalchemy as sa

from nocontact import create_app, db, limits

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


WRONG = {"Authorization": f"Bearer {b64u(secrets.token_bytes(32))}"}
ATTACKER = {"REMOTE_ADDR": "203.0.113.7"}
OWNER = {"REMOTE_ADDR": "198.51.100.2"}


def test_one_address_guessing_cannot_lock_the_owner_out(client, sync: Sync):
    statuses = [
        client.get(sync.path(), headers=WRONG, environ_base=ATTACKER).status_code for _ in range(15)
    ]
    assert statuses == [401] * 10 + [429] * 5
    owner = client.get(sync.path(), headers=sync.headers, environ_base=OWNER)
    assert owner.status_code == 200
    # The owner is told: every refused attempt counts, wrong keys and those over the limit.
    failed = owner.json["failed_attempts"]
    assert failed["count"] == 15 and failed["last"] >= failed["since"] > 0


def test_many_addresses_together_are_bounded_by_the_sync_limit(app, client, sync: Sync):
    app.config["AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS"] = 3
    app.config["AUTH_FAIL_LIMIT_PER_SYNC"] = 20
    per_address = []
    for i in range(10):
        there = {"REMOTE_ADDR": f"192.0.2.{i + 1}"}
        per_address.append(
            [
                client.get(sync.path(), headers=WRONG, environ_base=there).status_code
                for _ in range(5)
            ]
        )
    # Each address has its share of three; after seven addresses the sync's 20 are used up.
    assert per_address[:6] == [[401, 401, 401, 429, 429]] * 6
    assert sum(row.count(401) for row in per_address) == 20
    assert per_address[7:] == [[429] * 5] * 3
    # Then the sync is closed for everyone until the window ends, the right key included.
    assert client.get(sync.path(), headers=sync.headers, environ_base=OWNER).status_code == 429


def test_an_ipv6_client_counts_as_its_64_network(app, client, sync: Sync):
    app.config["AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS"] = 4
    statuses = [
        client.get(
            sync.path(), headers=WRONG, environ_base={"REMOTE_ADDR": f"2001:db8:1:2::{i:x}"}
        ).status_code
        for i in range(1, 7)
    ]
    assert statuses == [401] * 4 + [429] * 2
    elsewhere = {"REMOTE_ADDR": "2001:db8:1:3::1"}
    assert client.get(sync.path(), headers=WRONG, environ_base=elsewhere).status_code == 401


def test_the_right_key_is_not_counted_as_a_failure(app, client, sync: Sync):
    app.config["AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS"] = 2
    for _ in range(5):
        assert client.get(sync.path(), headers=sync.headers).status_code == 200
    assert client.get(sync.path(), headers=sync.headers).json["failed_attempts"]["count"] == 0


def test_a_forwarded_address_longer_than_the_key_column_is_still_counted(database_url, sync):
    # Behind a proxy the address is whatever X-Forwarded-For says; on PostgreSQL one longer than
    # the counter key column made every failure an uncounted 500: guessing without limit.
    proxied = create_app({"TESTING": True, "DATABASE_URL": database_url, "TRUSTED_PROXIES": 1})
    try:
        client = proxied.test_client()
        headers = {**WRONG, "X-Forwarded-For": "x" * 5000}
        statuses = [client.get(sync.path(), headers=headers).status_code for _ in range(12)]
        assert statuses == [401] * 10 + [429] * 2
        with proxied.app_context(), db.engine().connect() as conn:
            keys = conn.execute(sa.select(db.counters.c.key)).scalars().all()
        assert keys and max(len(key) for key in keys) <= 100
        assert not any("x" * 50 in key for key in keys)
    finally:
        proxied.extensions["nocontact.engine"].dispose()


def test_an_error_while_counting_fails_closed(app, client, sync: Sync):
    # Whatever breaks the counting (here: its table is gone), no key is judged and no 500 leaks
    # out uncounted: 503 with the JSON error shape, for the right key and a wrong one alike.
    with app.app_context(), db.engine().begin() as conn:
        conn.execute(sa.text("DROP TABLE counters"))
    for headers in (sync.headers, WRONG):
        response = client.get(sync.path(), headers=headers)
        assert response.status_code == 503, response.json
        assert response.json["error"] == "unavailable" and response.json["message"]
        assert int(response.headers["Retry-After"]) >= 1
    created = client.post("/v1/syncs", json=key_material())
    assert created.status_code == 503 and created.json["error"] == "unavailable"


def test_counting_never_turns_a_failure_into_success(app, client, sync: Sync, monkeypatch):
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the counter broke")

    # The one comparison that decides every attempt, on either database and either path (a right
    # key let through without counting, or an attempt counted): when it breaks, nobody is let
    # through and no key is judged.
    with monkeypatch.context() as patch:
        patch.setattr(limits, "first_over", broken)
        for label, headers in (("right key", sync.headers), ("wrong key", WRONG)):
            response = client.get(sync.path(), headers=headers)
            assert response.status_code == 503, label
            assert response.json["error"] == "unavailable", label
    # Counting itself, where it runs in Python: no creation goes uncounted.
    with monkeypatch.context() as patch:
        patch.setattr(limits, "count", broken)
        created = client.post("/v1/syncs", json=key_material())
        assert created.status_code == 503 and created.json["error"] == "unavailable"
    assert client.get(sync.path(), headers=sync.headers).status_code == 200


def test_the_owner_sees_failed_attempts_and_a_new_passphrase_starts_afresh(client, sync: Sync):
    before = client.get(sync.path(), headers=sync.headers)
    assert before.json["failed_attempts"]["count"] == 0
    assert before.json["failed_attempts"]["last"] is None
    since = before.json["failed_attempts"]["since"]
    assert abs(since - time.time()) < 60
    for _ in range(3):
        assert client.get(sync.path(), headers=WRONG).status_code == 401
    after = client.get(
        sync.path(), headers={**sync.headers, "If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200, "a polling device must hear of new failed attempts"
    assert after.json["failed_attempts"]["count"] == 3
    assert after.json["failed_attempts"]["since"] == since
    new_key = secrets.token_bytes(32)
    body = {**key_material(new_key), "documents": {}}
    assert client.put(sync.path("/key"), json=body, headers=sync.headers).status_code == 200
    fresh = client.get(sync.path(), headers={"Authorization": f"Bearer {b64u(new_key)}"})
    assert fresh.json["failed_attempts"]["count"] == 0


def test_unknown_sync_and_wrong_key_still_answer_alike_when_limited(app, client, sync: Sync):
    app.config["AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS"] = 1
    unknown = f"/v1/syncs/{'q' * 26}"
    first = [client.get(path, headers=WRONG) for path in (sync.path(), unknown)]
    second = [client.get(path, headers=WRONG) for path in (sync.path(), unknown)]
    assert [r.status_code for r in first] == [401, 401]
    assert first[0].get_data() == first[1].get_data()
    assert [r.status_code for r in second] == [429, 429]
    assert second[0].get_data() == second[1].get_data()


def test_the_sealed_records_have_a_larger_budget_than_the_other_documents(client, sync):
    """The records keep the text of many posts: they may be larger, up to their own limit."""
    big = {"envelope": {"v": 1, "iv": "A" * 16, "ct": "A" * (1200 * 1024)}}
    headers = {**sync.headers, "If-Match": '"0"'}
    assert (
        client.put(sync.path("/documents/blocklist"), json=big, headers=headers).status_code == 413
    )
    assert client.put(sync.path("/documents/records"), json=big, headers=headers).status_code == 200
    huge = {"envelope": {"v": 1, "iv": "A" * 16, "ct": "A" * (9 * 1024 * 1024)}}
    headers["If-Match"] = '"1"'
    assert (
        client.put(sync.path("/documents/records"), json=huge, headers=headers).status_code == 413
    )
