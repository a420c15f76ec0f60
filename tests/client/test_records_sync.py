"""The sealed records travel through the real service sealed: its database holds no word of them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from nocontact.client import cli, envelope, push
from nocontact.client.api import SyncApi

from ..support.live_server import LiveServer

PASSPHRASE = "lantern orchard velvet harbour"
RECORD = {
    "kind": "captured",
    "site": "x",
    "url": "https://x.com/corvin_ashgrove/status/1790000000000000042",
    "seen_at": 1796220000000,
    "author": "corvin_ashgrove",
    "text": "I know where you park on Thursdays",
    "person": "p1",
}
RECORDS = {
    "format": 1,
    "records": {"x:5b0c9e3a71d24f8e6a0b1c2d3e4f5061": RECORD},
    "log": {"e1": {"at": 1796221000000, "kind": "opened", "count": 1}},
    "deleted": [],
    "cleared_before": 0,
}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    """The real service under gunicorn on its own SQLite file."""
    db = tmp_path / "db" / "sync.db"
    db.parent.mkdir()
    with LiveServer(f"sqlite:///{db}", workers=1) as server:
        yield server, db


def run(monkeypatch, capsys, device: Path, *argv: str) -> tuple[int, str]:
    """Run the CLI as one device (its own config folder); return (exit code, stdout)."""
    monkeypatch.setenv("NOCONTACT_CONFIG_DIR", str(device))
    monkeypatch.setenv("NOCONTACT_PASSPHRASE", PASSPHRASE)
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def test_the_records_document_in_the_database_holds_no_plaintext(
    live, tmp_path, monkeypatch, capsys
):
    server, db = live
    laptop, phone = tmp_path / "laptop", tmp_path / "phone"
    code, out = run(monkeypatch, capsys, laptop, "--server", server.url, "create")
    assert code == 0
    sync_code = out.split("Sync code: ")[1].split()[0]
    # What `push` does with a file's records: accepted into the server's copy, padded, sealed.
    api, sync_id = SyncApi(server.url), cli.parse_code(sync_code)
    keys = envelope.derive_keys(PASSPHRASE, api.kdf(sync_id))
    data_key = envelope.unwrap_data_key(
        keys.kek, api.read_sync(sync_id, keys.auth_key)["wrapped_key"]
    )
    report = push.push(api, sync_id, keys.auth_key, data_key, {"records": RECORDS})
    assert report.written == ["records"]

    # The service keeps a `records` document, and it reads back whole on another device.
    assert run(monkeypatch, capsys, phone, "--server", server.url, "join", sync_code)[0] == 0
    restored = tmp_path / "restored.json"
    assert run(monkeypatch, capsys, phone, "pull", "--out", str(restored))[0] == 0
    assert json.loads(restored.read_text())["documents"]["records"] == RECORDS
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT envelope FROM documents WHERE name = 'records'").fetchone()
    assert set(json.loads(stored)) == {"v", "iv", "ct"}

    # Nothing of the record anywhere in the database's files (the write-ahead log included).
    raw = b"".join(path.read_bytes() for path in db.parent.glob("sync.db*"))
    # (The envelope spans pages; its IV shows the search reads the row it is in.)
    assert json.loads(stored)["iv"].encode() in raw
    for secret in (RECORD["text"], "park on Thursdays", RECORD["author"], RECORD["url"]):
        assert secret.encode() not in raw, secret
