"""Every authenticated route refuses no key, a wrong key and another sync's key, identically."""

from __future__ import annotations

import secrets

import pytest

from ..support.keys import b64u, envelope, key_material
from .conftest import Sync

ROUTES = [
    ("get", "", None),
    ("delete", "", None),
    ("get", "/documents/blocklist", None),
    ("put", "/documents/blocklist", "document"),
    ("put", "/key", "key"),
]


def _call(client, method: str, path: str, body: str | None, headers: dict):
    kwargs: dict = {"headers": {**headers, "If-Match": '"0"'}}
    if body == "document":
        kwargs["json"] = {"envelope": envelope()}
    elif body == "key":
        kwargs["json"] = key_material()
    return getattr(client, method)(path, **kwargs)


@pytest.mark.parametrize(("method", "suffix", "body"), ROUTES)
def test_no_wrong_or_foreign_key_gets_nothing(client, sync: Sync, method, suffix, body):
    other = Sync(client)
    attempts = {
        "no key": {},
        "not bearer": {"Authorization": "Basic " + b64u(sync.auth_key)},
        "wrong key": {"Authorization": f"Bearer {b64u(secrets.token_bytes(32))}"},
        "garbage": {"Authorization": "Bearer %%%"},
        "other sync's key": other.headers,
    }
    for label, headers in attempts.items():
        response = _call(client, method, sync.path(suffix), body, headers)
        assert response.status_code == 401, label
        assert response.json == {
            "error": "unauthorized",
            "message": "This sync does not exist or the key is wrong.",
        }, label
    # Nothing was changed by any of them: the right key still reads an untouched sync.
    read = client.get(sync.path(), headers=sync.headers)
    assert read.status_code == 200
    assert read.json["documents"]["blocklist"] == {"version": 0}
    assert read.json["kdf"] == sync.material["kdf"]


@pytest.mark.parametrize(("method", "suffix", "body"), ROUTES)
def test_unknown_sync_answers_exactly_like_a_wrong_key(client, sync: Sync, method, suffix, body):
    unknown = _call(client, method, f"/v1/syncs/{'q' * 26}{suffix}", body, sync.headers)
    wrong = _call(
        client,
        method,
        sync.path(suffix),
        body,
        {"Authorization": f"Bearer {b64u(secrets.token_bytes(32))}"},
    )
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.get_data() == wrong.get_data()
    assert unknown.headers.get("ETag") is None and wrong.headers.get("ETag") is None


def test_every_route_of_a_sync_but_its_public_kdf_requires_the_key(app, client):
    # A new route under /<sync_id> that forgot @auth.required would answer here.
    checked = 0
    for rule in app.url_map.iter_rules():
        if "sync_id" not in rule.arguments or rule.endpoint == "syncs.public_kdf":
            continue
        path = rule.rule.replace("<sync_id>", "q" * 26).replace("<name>", "blocklist")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert client.open(path, method=method).status_code == 401, (method, rule.rule)
            checked += 1
    assert checked == len(ROUTES)
