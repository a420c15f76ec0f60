"""A right key under every limit writes nothing, and is let through only where a wrong key at the
same moment would have been judged too: an attempt still being counted on one of its keys is
waited for when it could make the difference (auth.py)."""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time

import psycopg
import pytest
import sqlalchemy as sa

from nocontact import auth, db, gate, limits

from ..support.keys import b64u, envelope
from .conftest import Sync

WRONG = {"Authorization": f"Bearer {b64u(secrets.token_bytes(32))}"}


def _state(app, database_url: str):
    """What a write would change: SQLite's data_version (from a connection of its own), or every
    row of PostgreSQL's tables with the transaction ids that wrote or locked it."""
    if database_url.startswith("sqlite"):
        return None
    with app.app_context(), db.engine().connect() as conn:
        return {
            table: conn.execute(
                sa.text(f"SELECT ctid::text, xmin::text, xmax::text, * FROM {table} ORDER BY 1")
            ).all()
            for table in ("syncs", "documents", "counters", "server_secrets")
        }


def test_a_right_key_writes_nothing(app, client, sync: Sync, database_url):
    headers = {**sync.headers, "If-Match": '"0"'}
    body = {"envelope": envelope()}
    written = client.put(sync.path("/documents/blocklist"), json=body, headers=headers)
    assert written.status_code == 200
    etag = client.get(sync.path(), headers=sync.headers).headers["ETag"]
    watcher = None
    if database_url.startswith("sqlite"):
        watcher = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        version = watcher.execute("PRAGMA data_version").fetchone()
    before = _state(app, database_url)
    answers = [
        client.get(sync.path(), headers={**sync.headers, "If-None-Match": etag}).status_code
        for _ in range(5)
    ]
    answers += [client.get(sync.path(), headers=sync.headers).status_code for _ in range(3)]
    answers.append(client.get(sync.path("/documents/blocklist"), headers=sync.headers).status_code)
    assert answers == [304] * 5 + [200] * 4
    if watcher is not None:
        # Changes when any other connection commits a change to the database.
        assert watcher.execute("PRAGMA data_version").fetchone() == version
    else:
        assert _state(app, database_url) == before
    # A wrong key is written down, as before: the checks above do see a write.
    assert client.get(sync.path(), headers=WRONG).status_code == 401
    if watcher is not None:
        assert watcher.execute("PRAGMA data_version").fetchone() != version
        watcher.close()
    else:
        assert _state(app, database_url) != before


def _poll_in_background(client, sync: Sync) -> tuple[threading.Thread, list[int]]:
    answers: list[int] = []

    def poll() -> None:
        answers.append(client.get(sync.path(), headers=sync.headers).status_code)

    thread = threading.Thread(target=poll)
    thread.start()
    return thread, answers


def _hold(app, database_url: str, sync: Sync, address: str, which: int, shared: bool = False):
    """Start holding what an attempt being counted on one of the sync's keys holds; return the
    function that lets go. `which`: 0 the address, 1 the sync and address, 2 the sync."""
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        key = auth._limits(sync.id)[which].key
    if database_url.startswith("sqlite"):
        with app.app_context():
            current = db.gate()
        assert current is not None
        entered, leave = threading.Event(), threading.Event()

        def writer() -> None:
            with current.writer([gate.stripe(key)]):
                entered.set()
                leave.wait(10)

        thread = threading.Thread(target=writer)
        thread.start()
        assert entered.wait(5)

        def let_go() -> None:
            leave.set()
            thread.join(5)

        return let_go
    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    connection = psycopg.connect(url)
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    connection.execute(f"SELECT {function}(%s)", (limits.lock_key(key),))

    def release() -> None:
        connection.rollback()
        connection.close()

    return release


def test_an_attempt_in_flight_is_waited_for_when_it_could_decide(
    app, client, sync: Sync, database_url
):
    address = "127.0.0.1"  # the test client's
    # One attempt may still be counted on the sync's key while its limit allows just one more:
    # the right key must wait for it, as a wrong key in its place would have.
    app.config["AUTH_FAIL_LIMIT_PER_SYNC"] = 1
    let_go = _hold(app, database_url, sync, address, which=2)
    try:
        thread, answers = _poll_in_background(client, sync)
        time.sleep(0.5)
        assert answers == [], "let through while an attempt that could refuse it was in flight"
    finally:
        let_go()
    thread.join(10)
    assert answers == [200]


def test_an_attempt_in_flight_that_cannot_decide_does_not_hold_a_right_key(
    app, client, sync: Sync, database_url
):
    address = "127.0.0.1"
    # On PostgreSQL the sync's keys are a queue for everyone (the owner's devices only), but the
    # address's key is shared by right keys; on SQLite nothing waits while the counts leave room.
    which, shared = (0, True) if database_url.startswith("postgresql") else (2, False)
    let_go = _hold(app, database_url, sync, address, which=which, shared=shared)
    try:
        thread, answers = _poll_in_background(client, sync)
        thread.join(5)
        assert answers == [200]
    finally:
        let_go()


@pytest.mark.parametrize("which", [0, 1])
def test_on_postgresql_a_counting_attempt_on_any_key_is_waited_for(
    app, client, sync: Sync, database_url, which
):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite waits only when the counts are close to a limit (test above)")
    let_go = _hold(app, database_url, sync, "127.0.0.1", which=which)
    try:
        thread, answers = _poll_in_background(client, sync)
        time.sleep(0.5)
        assert answers == []
    finally:
        let_go()
    thread.join(10)
    assert answers == [200]
