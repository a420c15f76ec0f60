"""GET /v1/rules serves the newest installed rule pack (public, cacheable, ETag/304), and the
operator's `flask rules install` verifies it with the shipped keys and refuses older versions."""

from __future__ import annotations

import copy
import json

import pytest
from flask import Flask

from nocontact import create_app, rulepack

PACK = {
    "format": 1,
    "version": 2,
    "date": "2026-12-02",
    "sites": {"x": {"health": {"itemPages": ["^/home/?$"]}}},
}


@pytest.fixture
def signer():
    """A throwaway key, and the app configured to trust only it."""
    private, _pem = rulepack.new_private_key()
    return private


@pytest.fixture
def app(database_url: str, signer):
    entry = rulepack.public_key_entry(signer.public_key())
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "RULE_KEYS": [{"key_id": entry.key_id, "jwk": entry.jwk}],
        }
    )
    yield app
    app.extensions["nocontact.engine"].dispose()


def _install(app: Flask, tmp_path, envelope: dict | str):
    path = tmp_path / "pack.json"
    path.write_text(envelope if isinstance(envelope, str) else json.dumps(envelope))
    return app.test_cli_runner().invoke(args=["rules", "install", str(path)])


def _pack(version: int) -> dict:
    return {**copy.deepcopy(PACK), "version": version}


def test_none_installed_is_404(client):
    response = client.get("/v1/rules")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
    assert response.headers["Cache-Control"] == "no-store"


def test_install_then_serve_with_etag_and_304(app, client, signer, tmp_path):
    envelope = rulepack.sign(signer, _pack(2))
    result = _install(app, tmp_path, envelope)
    assert result.exit_code == 0, result.output
    assert "installed rule pack version 2" in result.output

    first = client.get("/v1/rules")
    assert first.status_code == 200
    assert first.json == envelope
    assert first.headers["Cache-Control"] == "public, max-age=3600"
    assert first.headers["Content-Type"].startswith("application/json")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert client.get("/v1/rules").headers["ETag"] == etag

    again = client.get("/v1/rules", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=3600"
    other = client.get("/v1/rules", headers={"If-None-Match": '"0123"'})
    assert other.status_code == 200

    # A newer pack is served next, under another ETag.
    assert _install(app, tmp_path, rulepack.sign(signer, _pack(3))).exit_code == 0
    newer = client.get("/v1/rules", headers={"If-None-Match": etag})
    assert newer.status_code == 200
    assert newer.json["pack"]["version"] == 3
    assert newer.headers["ETag"] != etag
    status = app.test_cli_runner().invoke(args=["rules", "status"])
    assert "version 3" in status.output


def test_install_refuses_older_tampered_and_foreign(app, client, signer, tmp_path):
    assert _install(app, tmp_path, rulepack.sign(signer, _pack(5))).exit_code == 0
    for version in (4, 5):
        result = _install(app, tmp_path, rulepack.sign(signer, _pack(version)))
        assert result.exit_code != 0
        assert "refused: not_newer" in result.output

    tampered = rulepack.sign(signer, _pack(6))
    tampered["pack"]["sites"]["x"]["health"]["itemPages"] = ["^/$"]
    result = _install(app, tmp_path, tampered)
    assert result.exit_code != 0 and "refused: bad_signature" in result.output

    stranger, _ = rulepack.new_private_key()
    result = _install(app, tmp_path, rulepack.sign(stranger, _pack(7)))
    assert result.exit_code != 0 and "refused: unknown_key" in result.output

    result = _install(app, tmp_path, "not json")
    assert result.exit_code != 0 and "refused: malformed" in result.output

    assert client.get("/v1/rules").json["pack"]["version"] == 5


def test_the_route_is_public_and_readable_by_the_extension(app, client, signer, tmp_path):
    assert _install(app, tmp_path, rulepack.sign(signer, _pack(2))).exit_code == 0
    origin = "chrome-extension://" + "a" * 32
    response = client.get("/v1/rules", headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    # Everything else still says no-store.
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
