"""A passphrase change swaps the key material and every document, re-encrypted under a new data
key, in one transaction: all of it, or nothing (PROTOCOL §1.2, PUT /v1/syncs/{id}/key)."""

from __future__ import annotations

import secrets

import pytest

from nocontact import syncs

from ..support.keys import b64u, envelope, key_material
from .conftest import Sync


def _write(client, sync: Sync, name: str, version: int) -> dict:
    body = {"envelope": envelope()}
    response = client.put(
        sync.path(f"/documents/{name}"),
        json=body,
        headers={**sync.headers, "If-Match": f'"{version}"'},
    )
    assert response.status_code == 200, response.json
    return body["envelope"]


@pytest.fixture
def written(client, sync: Sync) -> dict[str, dict]:
    """The sync with blocklist at version 1 and journal at version 2; settings never written."""
    _write(client, sync, "blocklist", 0)
    _write(client, sync, "journal", 0)
    return {
        "blocklist": _write(client, sync, "blocklist", 1),
        "journal": _write(client, sync, "journal", 1),
    }


def _state(client, sync: Sync) -> tuple[int, dict, dict]:
    """Return (status with the old key, key material, envelopes by name) as stored now."""
    read = client.get(sync.path(), headers=sync.headers)
    if read.status_code != 200:
        return read.status_code, {}, {}
    envelopes = {
        name: client.get(sync.path(f"/documents/{name}"), headers=sync.headers).json["envelope"]
        for name in ("blocklist", "journal", "settings", "records")
    }
    return 200, {"kdf": read.json["kdf"], "wrapped_key": read.json["wrapped_key"]}, envelopes


def test_the_key_and_every_document_are_replaced_together(client, sync: Sync, written):
    new_key = secrets.token_bytes(32)
    material = key_material(new_key)
    replaced = {"blocklist": envelope(), "journal": envelope()}
    body = {
        **material,
        "documents": {
            "blocklist": {"version": 2, "envelope": replaced["blocklist"]},
            "journal": {"version": 2, "envelope": replaced["journal"]},
            "settings": {"version": 0, "envelope": None},
        },
    }
    response = client.put(sync.path("/key"), json=body, headers=sync.headers)
    assert response.status_code == 200, response.json
    assert response.json == {
        "sync_id": sync.id,
        "documents": {
            "blocklist": {"version": 3},
            "journal": {"version": 3},
            "settings": {"version": 0},
            "records": {"version": 0},
        },
    }
    # Old devices are out: they must join again with the new passphrase.
    assert client.get(sync.path(), headers=sync.headers).status_code == 401
    new = {"Authorization": f"Bearer {b64u(new_key)}"}
    read = client.get(sync.path(), headers=new).json
    assert read["kdf"] == material["kdf"] and read["wrapped_key"] == material["wrapped_key"]
    for name, sealed in replaced.items():
        document = client.get(sync.path(f"/documents/{name}"), headers=new).json
        assert document == {"name": name, "version": 3, "envelope": sealed}
    assert client.get(sync.path("/documents/settings"), headers=new).json["version"] == 0


def test_a_document_written_meanwhile_refuses_the_whole_change(client, sync: Sync, written):
    before = _state(client, sync)
    body = {
        **key_material(),
        "documents": {
            "blocklist": {"version": 2, "envelope": envelope()},
            "journal": {"version": 1, "envelope": envelope()},  # it is at 2 now
        },
    }
    response = client.put(sync.path("/key"), json=body, headers=sync.headers)
    assert response.status_code == 412 and response.json["error"] == "version_conflict"
    assert "journal" in response.json["message"]
    assert _state(client, sync) == before


def test_a_document_created_meanwhile_refuses_the_whole_change(client, sync: Sync, written):
    _write(client, sync, "settings", 0)
    before = _state(client, sync)
    body = {
        **key_material(),
        "documents": {
            "blocklist": {"version": 2, "envelope": envelope()},
            "journal": {"version": 2, "envelope": envelope()},
            "settings": {"version": 0, "envelope": None},  # the client saw none
        },
    }
    response = client.put(sync.path("/key"), json=body, headers=sync.headers)
    assert response.status_code == 412 and "settings" in response.json["message"]
    assert _state(client, sync) == before


def test_an_existing_document_left_out_is_400_and_changes_nothing(client, sync: Sync, written):
    before = _state(client, sync)
    body = {**key_material(), "documents": {"blocklist": {"version": 2, "envelope": envelope()}}}
    response = client.put(sync.path("/key"), json=body, headers=sync.headers)
    assert response.status_code == 400 and response.json["error"] == "bad_request"
    assert "journal" in response.json["message"]
    old_shape = client.put(sync.path("/key"), json=key_material(), headers=sync.headers)
    assert old_shape.status_code == 400, "the old body kept the old data key"
    assert _state(client, sync) == before


MALFORMED = [
    None,
    [],
    {"passwords": {"version": 1, "envelope": envelope()}},
    {"blocklist": {"version": 2}},
    {"blocklist": {"version": 2, "envelope": envelope(), "extra": 1}},
    {"blocklist": {"version": "2", "envelope": envelope()}},
    {"blocklist": {"version": True, "envelope": envelope()}},
    {"blocklist": {"version": -1, "envelope": envelope()}},
    {"blocklist": {"version": 10**18, "envelope": envelope()}},
    {"blocklist": {"version": 2, "envelope": None}},
    {"blocklist": {"version": 2, "envelope": {"v": 1, "iv": "AAAA", "ct": "AAAA"}}},
    {"settings": {"version": 0, "envelope": envelope()}},
]


def test_malformed_document_lists_are_400(client, sync: Sync):
    _write(client, sync, "blocklist", 0)
    _write(client, sync, "blocklist", 1)
    for documents in MALFORMED:
        body = {**key_material()}
        if documents is not None:
            body["documents"] = documents
        response = client.put(sync.path("/key"), json=body, headers=sync.headers)
        assert response.status_code == 400 and response.json["message"], documents
    assert client.get(sync.path(), headers=sync.headers).status_code == 200


def test_a_failure_halfway_rolls_everything_back(client, sync: Sync, written, monkeypatch):
    before = _state(client, sync)
    real = syncs._versions
    calls = {"n": 0}

    def fails_after_the_writes(conn, sync_id):
        calls["n"] += 1
        if calls["n"] == 2:  # the read after every replacement, still inside the transaction
            raise RuntimeError("the database went away")
        return real(conn, sync_id)

    monkeypatch.setattr(syncs, "_versions", fails_after_the_writes)
    body = {
        **key_material(),
        "documents": {
            "blocklist": {"version": 2, "envelope": envelope()},
            "journal": {"version": 2, "envelope": envelope()},
        },
    }
    assert client.put(sync.path("/key"), json=body, headers=sync.headers).status_code == 500
    monkeypatch.undo()
    assert _state(client, sync) == before


def test_all_documents_at_their_largest_fit_in_one_change(app, client, sync: Sync):
    app.config["MAX_DOCUMENT_BYTES"] = app.config["MAX_RECORDS_BYTES"] = 8192
    versions = {}
    for name in ("blocklist", "journal", "settings", "records"):
        big = {"envelope": envelope(5000)}
        response = client.put(
            sync.path(f"/documents/{name}"), json=big, headers={**sync.headers, "If-Match": '"0"'}
        )
        assert response.status_code == 200
        versions[name] = response.json["version"]
    new_key = secrets.token_bytes(32)
    body = {
        **key_material(new_key),
        "documents": {name: {"version": 1, "envelope": envelope(5000)} for name in versions},
    }
    response = client.put(sync.path("/key"), json=body, headers=sync.headers)
    assert response.status_code == 200, response.json
    # The larger allowance is the passphrase change's alone.
    too_big = client.put(
        sync.path("/documents/journal"),
        json={"envelope": envelope(8192)},
        headers={"Authorization": f"Bearer {b64u(new_key)}", "If-Match": '"2"'},
    )
    assert too_big.status_code == 413
