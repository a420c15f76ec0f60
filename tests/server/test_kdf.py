"""The public KDF route: a live sync and an unknown id do the same work, nothing is written, and
one client address is limited."""

from __future__ import annotations

import re
import statistics
import time

import pytest
import sqlalchemy as sa

from nocontact import create_app, syncs

from .conftest import Sync

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|CREATE|ALTER|DROP)\b", re.I)


class Statements:
    """Every SQL statement the app's engine sends while recording."""

    def __init__(self, app) -> None:
        self.engine = app.extensions["nocontact.engine"]
        self.seen: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args) -> None:
        self.seen.append(" ".join(statement.split()))

    def __enter__(self) -> list[str]:
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self.seen

    def __exit__(self, *_exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)


def test_the_kdf_route_writes_nothing_on_either_path(app, client, sync: Sync):
    with Statements(app) as live:
        assert client.get(sync.path("/kdf")).status_code == 200
    with Statements(app) as unknown:
        # Never asked for before: the old code wrote the decoy secret on this path.
        assert client.get(f"/v1/syncs/{'q' * 26}/kdf").status_code == 200
    assert live and unknown
    for statement in live + unknown:
        assert not WRITES.match(statement), statement
        # SQLite's BEGIN IMMEDIATE takes the write lock: a read-only route must not queue there.
        assert "IMMEDIATE" not in statement.upper(), statement


def test_a_live_sync_and_an_unknown_id_run_the_same_queries_and_derive_the_decoy(
    app, client, sync: Sync, monkeypatch
):
    derived: list[bytes] = []
    real_new = syncs.hmac.new

    def spy(key, message, digest):
        derived.append(message)
        return real_new(key, message, digest)

    monkeypatch.setattr(syncs.hmac, "new", spy)
    with Statements(app) as live:
        client.get(sync.path("/kdf"))
    with Statements(app) as unknown:
        client.get(f"/v1/syncs/{'q' * 26}/kdf")
    assert live == unknown
    assert derived == [sync.id.encode(), b"q" * 26]


def test_decoy_parameters_survive_a_restart(database_url, client):
    path = f"/v1/syncs/{'r' * 26}/kdf"
    first = client.get(path).json
    again = create_app({"TESTING": True, "DATABASE_URL": database_url})
    try:
        assert again.test_client().get(path).json == first
    finally:
        again.extensions["nocontact.engine"].dispose()


def test_the_kdf_route_is_limited_per_address(app, client, sync: Sync):
    app.config["KDF_LIMIT_PER_ADDRESS"] = 3
    here, there = {"REMOTE_ADDR": "203.0.113.9"}, {"REMOTE_ADDR": "198.51.100.9"}
    statuses = [client.get(sync.path("/kdf"), environ_base=here).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get(f"/v1/syncs/{'q' * 26}/kdf", environ_base=here)
    assert refused.status_code == 429 and refused.json["error"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    assert client.get(sync.path("/kdf"), environ_base=there).status_code == 200


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_live_sync_and_an_unknown_id_take_about_as_long(app, client, sync: Sync):
    # Structure is asserted above; this only catches a gross difference (the old unknown path
    # wrote and committed), so its tolerance is wide enough for a busy two-core machine.
    app.config["KDF_LIMIT_PER_ADDRESS"] = 10**6
    paths = [sync.path("/kdf"), f"/v1/syncs/{'q' * 26}/kdf"]
    times: dict[str, list[float]] = {path: [] for path in paths}
    for round_ in range(400):
        for path in paths if round_ % 2 else reversed(paths):
            start = time.perf_counter()
            client.get(path)
            times[path].append(time.perf_counter() - start)
    live, unknown = (statistics.median(times[path]) for path in paths)
    assert abs(live - unknown) < 0.25 * max(live, unknown), (live, unknown)
