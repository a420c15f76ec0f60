"""kill -9 under load: gunicorn (master and every worker) is killed while many If-Match writers
write; after a restart every acknowledged write is there and readable, and the database is sound.

Run with -s to see the rounds and the acknowledged and found writes.
"""

from __future__ import annotations

import os
import random
import secrets
import signal
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import sqlalchemy as sa

from nocontact.client import envelope as env

from ..support.keys import b64u, key_material
from ..support.live_server import LiveServer

ROUNDS = 3
SYNCS = 2
NAMES = ("blocklist", "journal", "settings", "records")
WRITERS = 12
# Each round kills somewhere in this span of load, so rounds end at different moments.
LOAD_SECONDS = (0.6, 1.6)


@dataclass
class Sync:
    """A sync of the test, with its keys."""

    id: str
    headers: dict
    data_key: bytes


@dataclass
class Ledger:
    """What the writers sent and what the server acknowledged, per (sync, name)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    # (sync, name, version) -> every envelope sent that would become that version
    sent: dict[tuple[str, str, int], list[dict]] = field(default_factory=dict)
    # (sync, name) -> (newest acknowledged version, its envelope)
    newest: dict[tuple[str, str], tuple[int, dict]] = field(default_factory=dict)
    # (sync, name) -> every acknowledged version
    acknowledged: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    conflicts: int = 0
    # Writes that committed while their answer was lost in the kill.
    unanswered_but_stored: int = 0

    def unanswered(self) -> int:
        """Return how many writes got no answer at all (in flight when the server died)."""
        sent = sum(len(envelopes) for envelopes in self.sent.values())
        return sent - self.count() - self.conflicts

    def count(self) -> int:
        """Return how many writes were acknowledged."""
        return sum(len(versions) for versions in self.acknowledged.values())


def _stat(pid: int) -> list[str] | None:
    """Return the fields of /proc/<pid>/stat after the command (state, parent, ...), or None."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _kill_9(server: LiveServer) -> int:
    """SIGKILL the master and all its workers at once; return how many processes were killed."""
    master = server.process.pid
    workers = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and (_stat(int(entry.name)) or ["", ""])[1] == str(master)
    ]
    assert workers, "gunicorn has no workers to kill"
    for pid in [master, *workers]:
        os.kill(pid, signal.SIGKILL)
    server.process.wait(timeout=10)
    deadline = time.monotonic() + 10
    # Gone, or a zombie waiting for init to reap it: either way it runs no more code.
    while any((_stat(pid) or ["Z"])[0] != "Z" for pid in workers):
        assert time.monotonic() < deadline, "a worker survived SIGKILL"
        time.sleep(0.01)
    server.stop()
    return 1 + len(workers)


def _write_load(url: str, syncs: list[Sync], ledger: Ledger, stop: threading.Event) -> None:
    """Write until the server stops answering; each writer keeps to one document."""
    versions: dict[tuple[str, str], int] = {}
    for sync in syncs:
        for name in NAMES:
            path = f"{url}/v1/syncs/{sync.id}/documents/{name}"
            versions[(sync.id, name)] = requests.get(path, headers=sync.headers, timeout=10).json()[
                "version"
            ]
    targets = [(sync, name) for sync in syncs for name in NAMES]

    def writer(index: int) -> None:
        sync, name = targets[index % len(targets)]
        key = (sync.id, name)
        expected = versions[key]
        session = requests.Session()
        path = f"{url}/v1/syncs/{sync.id}/documents/{name}"
        sequence = 0
        while not stop.is_set():
            sequence += 1
            document = {"format": 1, "writer": index, "sequence": sequence}
            sealed = env.encrypt_document(sync.data_key, sync.id, name, document)
            with ledger.lock:
                ledger.sent.setdefault((sync.id, name, expected + 1), []).append(sealed)
            try:
                response = session.put(
                    path,
                    json={"envelope": sealed},
                    headers={**sync.headers, "If-Match": f'"{expected}"'},
                    timeout=5,
                )
            except requests.RequestException:
                return  # the server is gone: this write was never acknowledged
            if response.status_code == 200:
                version = response.json()["version"]
                assert version == expected + 1
                with ledger.lock:
                    ledger.acknowledged.setdefault(key, []).append(version)
                    if version > ledger.newest.get(key, (0, {}))[0]:
                        ledger.newest[key] = (version, sealed)
                expected = version
            elif response.status_code == 412:
                with ledger.lock:
                    ledger.conflicts += 1
                expected = int(response.headers["ETag"].strip('"'))
            else:
                raise AssertionError(f"unexpected {response.status_code}: {response.text[:200]}")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def _check(url: str, syncs: list[Sync], ledger: Ledger) -> int:
    """Assert every acknowledged write is there and readable; return how many were found."""
    found = 0
    for sync in syncs:
        for name in NAMES:
            path = f"{url}/v1/syncs/{sync.id}/documents/{name}"
            stored = requests.get(path, headers=sync.headers, timeout=10).json()
            acked_version, acked_envelope = ledger.newest.get((sync.id, name), (0, None))
            assert stored["version"] >= acked_version, (name, stored["version"], acked_version)
            if stored["version"] == acked_version:
                assert stored["envelope"] == acked_envelope
            else:
                # A write that committed as the server died, its answer lost: one that was sent.
                sent = ledger.sent.get((sync.id, name, stored["version"]), [])
                assert stored["envelope"] in sent, (name, stored["version"])
                ledger.unanswered_but_stored += 1
            if stored["envelope"] is not None:
                env.decrypt_document(sync.data_key, sync.id, name, stored["envelope"])
            # Versions only grow: the stored one contains every acknowledged write up to it.
            acked = ledger.acknowledged.get((sync.id, name), [])
            found += sum(1 for version in acked if version <= stored["version"])
    return found


def _database_is_sound(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        # As the crash left it, before anything opens it again.
        path = database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            for table in ("syncs", "documents", "counters", "server_secrets", "schema_version"):
                conn.execute(sa.text(f"SELECT * FROM {table}")).all()
    finally:
        engine.dispose()


def _create(url: str) -> Sync:
    passphrase_keys = env.Keys(secrets.token_bytes(32), secrets.token_bytes(32))
    data_key = secrets.token_bytes(32)
    body = {**key_material(passphrase_keys.auth_key)}
    body["wrapped_key"] = env.wrap_data_key(passphrase_keys.kek, data_key)
    created = requests.post(url + "/v1/syncs", json=body, timeout=10)
    assert created.status_code == 201, created.text
    headers = {"Authorization": f"Bearer {b64u(passphrase_keys.auth_key)}"}
    return Sync(created.json()["sync_id"], headers, data_key)


def test_acknowledged_writes_survive_kill_9_of_every_process(database_url):
    chance = random.Random(7)
    ledger = Ledger()
    server = LiveServer(database_url, workers=2)
    syncs = [_create(server.url) for _ in range(SYNCS)]
    killed = 0
    rounds: list[str] = []
    for _round in range(ROUNDS):
        stop = threading.Event()
        load = threading.Thread(target=_write_load, args=(server.url, syncs, ledger, stop))
        load.start()
        time.sleep(chance.uniform(*LOAD_SECONDS))
        acknowledged_before_kill = ledger.count()
        killed += _kill_9(server)
        stop.set()
        load.join(timeout=60)
        assert not load.is_alive()
        assert acknowledged_before_kill > 0, "the load never got going"
        _database_is_sound(database_url)
        server = LiveServer(database_url, workers=2)
        found = _check(server.url, syncs, ledger)
        assert found == ledger.count()
        rounds.append(f"{ledger.count()}/{found}")
    server.stop()
    print(
        f"\ncrash ({database_url.split(':')[0]}): {ROUNDS} rounds, {killed} processes killed; "
        f"acknowledged/found after each round: {', '.join(rounds)}; {ledger.unanswered()} "
        f"writes in flight at the kills, {ledger.unanswered_but_stored} of them stored"
    )
