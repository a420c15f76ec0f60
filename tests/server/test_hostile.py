"""Hostile input gets a clean 4xx with the JSON error shape, never a 500: deep JSON, odd If-Match
values, NUL and other characters in ids, and writes that race a delete or a key change."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from nocontact import auth, db

from ..support.keys import b64u, envelope, key_material
from .conftest import Sync


def _error(response, status: int, code: str) -> None:
    assert response.status_code == status, (response.status_code, response.get_data()[:200])
    assert response.json["error"] == code and response.json["message"]


def test_deeply_nested_json_is_a_clear_400(client, sync: Sync):
    headers = {**sync.headers, "Content-Type": "application/json"}
    for body in ["[" * 100_000, '{"a":' * 100_000]:
        for method, path, extra in [
            ("post", "/v1/syncs", {}),
            ("put", sync.path("/documents/blocklist"), {"If-Match": '"0"'}),
            ("put", sync.path("/key"), {}),
        ]:
            response = getattr(client, method)(path, data=body, headers={**headers, **extra})
            _error(response, 400, "bad_request")
            assert "nest" in response.json["message"], path


def test_moderately_nested_json_is_refused_too(client):
    extra: list = [0]
    for _ in range(40):
        extra = [extra]
    body = {**key_material(), "extra": extra}
    _error(client.post("/v1/syncs", json=body), 400, "bad_request")


BAD_IF_MATCH = [
    '"²"',  # a Unicode superscript digit: str.isdigit() says yes, int() says no
    '"٣"',  # an Arabic-Indic digit: int() accepts it, the protocol does not
    '"99999999999999999999999"',  # beyond the 64-bit version column
    '"9223372036854775808"',  # 2**63
    '"1234567890123456789"',  # 19 digits
    '"-1"',
    '"+1"',
    '" 1"',
    '"1 "',
    '""',
    '"1',
    "1",
    '"0x1"',
    '"1", "2"',
]


def test_if_match_must_be_ascii_digits_within_range(client, sync: Sync):
    for if_match in BAD_IF_MATCH:
        response = client.put(
            sync.path("/documents/blocklist"),
            json={"envelope": envelope()},
            headers={**sync.headers, "If-Match": if_match},
        )
        _error(response, 400, "bad_request")
    read = client.get(sync.path("/documents/blocklist"), headers=sync.headers)
    assert read.json["version"] == 0


def test_the_largest_allowed_if_match_is_a_plain_conflict(client, sync: Sync):
    response = client.put(
        sync.path("/documents/blocklist"),
        json={"envelope": envelope()},
        headers={**sync.headers, "If-Match": '"999999999999999999"'},
    )
    _error(response, 412, "version_conflict")
    assert response.headers["ETag"] == '"0"'


BAD_IDS = [
    "%00" * 26,
    "a" * 25 + "%00",
    "A" * 26,
    "a" * 27,
    "a" * 300,
    "a" * 25 + "1",
    "%C3%A9" * 13,
]


def test_a_malformed_sync_id_is_404_on_every_route_before_any_query(app, client, sync):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = app.extensions["nocontact.engine"]
    sa.event.listen(engine, "before_cursor_execute", record)
    routes = [
        ("get", "/kdf", {}),
        ("get", "", {}),
        ("delete", "", {}),
        ("get", "/documents/blocklist", {}),
        ("put", "/documents/blocklist", {"json": {"envelope": envelope()}}),
        ("put", "/key", {"json": key_material()}),
    ]
    try:
        for bad_id in BAD_IDS:
            for method, suffix, kwargs in routes:
                headers = {**sync.headers, "If-Match": '"0"'}
                response = getattr(client, method)(
                    f"/v1/syncs/{bad_id}{suffix}", headers=headers, **kwargs
                )
                _error(response, 404, "not_found")
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert statements == []


def test_a_write_racing_a_delete_is_401_not_500(client, sync: Sync, monkeypatch):
    authenticate = auth.authenticate

    def then_deleted(sync_id: str):
        row = authenticate(sync_id)
        # The owner deletes the sync on another device between this request's auth and its write.
        with db.engine().begin() as conn:
            conn.execute(db.documents.delete().where(db.documents.c.sync_id == sync_id))
            conn.execute(db.syncs.delete().where(db.syncs.c.id == sync_id))
        return row

    monkeypatch.setattr(auth, "authenticate", then_deleted)
    for if_match in ('"0"', '"1"'):
        response = client.put(
            sync.path("/documents/blocklist"),
            json={"envelope": envelope()},
            headers={**sync.headers, "If-Match": if_match},
        )
        _error(response, 401, "unauthorized")
    monkeypatch.undo()
    with client.application.app_context():
        with db.engine().connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(db.documents)).scalar() == 0


def test_a_write_racing_a_key_change_is_refused_and_stores_nothing(client, sync: Sync, monkeypatch):
    # A device that authenticated with the old key must not add a document under the old data key
    # after the passphrase change has replaced it.
    authenticate = auth.authenticate
    new_key = secrets.token_bytes(32)

    def then_rekeyed(sync_id: str):
        row = authenticate(sync_id)
        # The passphrase changes on another device between this request's auth and its write.
        with db.engine().begin() as conn:
            conn.execute(
                db.syncs.update()
                .where(db.syncs.c.id == sync_id)
                .values(auth_hash=hashlib.sha256(new_key).digest())
            )
        return row

    monkeypatch.setattr(auth, "authenticate", then_rekeyed)
    response = client.put(
        sync.path("/documents/journal"),
        json={"envelope": envelope()},
        headers={**sync.headers, "If-Match": '"0"'},
    )
    monkeypatch.undo()
    _error(response, 401, "unauthorized")
    new_headers = {"Authorization": f"Bearer {b64u(new_key)}"}
    read = client.get(sync.path("/documents/journal"), headers=new_headers)
    assert read.status_code == 200 and read.json["version"] == 0
