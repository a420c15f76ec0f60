"""Under gunicorn with several workers, simultaneous writes with one If-Match: exactly one wins."""

from __future__ import annotations

import secrets
import socket
import threading

import requests

from ..support.keys import b64u, envelope, key_material
from ..support.live_server import LiveServer

WRITERS = 16


def test_one_of_many_simultaneous_writes_wins_and_logs_hold_no_secrets(database_url):
    server = LiveServer(database_url, workers=4)
    try:
        auth_key = secrets.token_bytes(32)
        created = requests.post(server.url + "/v1/syncs", json=key_material(auth_key), timeout=10)
        assert created.status_code == 201
        path = f"{server.url}/v1/syncs/{created.json()['sync_id']}/documents/blocklist"
        headers = {"Authorization": f"Bearer {b64u(auth_key)}", "If-Match": '"0"'}
        bodies = [{"envelope": envelope()} for _ in range(WRITERS)]
        start = threading.Barrier(WRITERS)
        answers: dict[int, requests.Response] = {}

        def write(index: int) -> None:
            start.wait()
            answers[index] = requests.put(path, json=bodies[index], headers=headers, timeout=30)

        threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # A writer that raised left no answer: KeyError here, not a silent gap.
        results = [answers[i] for i in range(WRITERS)]
        statuses = sorted(r.status_code for r in results)
        assert statuses == [200] + [412] * (WRITERS - 1)
        winner = next(i for i, r in enumerate(results) if r.status_code == 200)
        assert all(r.headers["ETag"] == '"1"' for r in results)
        stored = requests.get(path, headers=headers, timeout=10).json()
        assert stored["version"] == 1 and stored["envelope"] == bodies[winner]["envelope"]
    finally:
        log = server.stop()
    for secret in [b64u(auth_key), *(b["envelope"]["ct"] for b in bodies)]:
        assert secret not in log


def test_idle_connections_do_not_silence_the_service(tmp_path):
    # Browsers open sockets ahead of time and may never use them; with gunicorn's default workers
    # two such sockets left a two-worker service answering no one: sync failed as "server down".
    with LiveServer(f"sqlite:///{tmp_path / 'sync.db'}", workers=2) as server:
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(4)]
        try:
            assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
            material = key_material(secrets.token_bytes(32))
            created = requests.post(server.url + "/v1/syncs", json=material, timeout=5)
            assert created.status_code == 201
        finally:
            for sock in idle:
                sock.close()


ROUNDS = 5
RACERS = 32


def test_simultaneous_writers_get_one_200_per_version_and_412_otherwise(database_url):
    # The deployment (2 workers), 32 writers sending the same If-Match at once, round after round:
    # every version is written exactly once, every other answer is 412 with the new version,
    # never a 500, a 503 or SQLite's "database is locked".
    with LiveServer(database_url, workers=2) as server:
        auth_key = secrets.token_bytes(32)
        created = requests.post(server.url + "/v1/syncs", json=key_material(auth_key), timeout=10)
        path = f"{server.url}/v1/syncs/{created.json()['sync_id']}/documents/journal"
        bearer = {"Authorization": f"Bearer {b64u(auth_key)}"}
        sessions = [requests.Session() for _ in range(RACERS)]
        answers: dict[int, requests.Response] = {}

        def write(index: int, version: int, start: threading.Barrier) -> None:
            start.wait()
            answers[index] = sessions[index].put(
                path,
                json={"envelope": envelope()},
                headers={**bearer, "If-Match": f'"{version}"'},
                timeout=60,
            )

        for version in range(ROUNDS):
            answers.clear()
            start = threading.Barrier(RACERS)
            threads = [
                threading.Thread(target=write, args=(i, version, start)) for i in range(RACERS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            statuses = sorted(answers[i].status_code for i in range(RACERS))
            assert statuses == [200] + [412] * (RACERS - 1), (version, statuses)
            assert {answers[i].headers["ETag"] for i in range(RACERS)} == {f'"{version + 1}"'}
        stored = requests.get(path, headers=bearer, timeout=10)
        assert stored.json()["version"] == ROUNDS
        log = server.stop()
    assert "locked" not in log and "Traceback" not in log and "unexpected" not in log
