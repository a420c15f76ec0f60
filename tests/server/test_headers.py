"""Every response, success or error, carries the security headers (no caching, no sniffing, no
framing, no referrer, a Content-Security-Policy that allows nothing)."""

from __future__ import annotations

import pytest

from nocontact import syncs

from ..support.keys import envelope, key_material
from .conftest import Sync

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
CHROME = "chrome-extension://" + "iflonpdkcpipjbeegcigohdoamihoicf"


def assert_secured(response, label: str) -> None:
    """Fail with the label unless the response has every security header."""
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (label, name, response.headers.get(name))
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {part.strip() for part in policy.split(";")}
    assert {"default-src 'none'", "frame-ancestors 'none'"} <= directives, (label, policy)


def test_every_route_and_status_carries_the_security_headers(app, client, sync: Sync):
    doc = sync.path("/documents/blocklist")
    write = {**sync.headers, "If-Match": '"0"'}
    first = client.put(doc, json={"envelope": envelope()}, headers=write)
    answers = {
        "healthz": client.get("/healthz"),
        "openapi": client.get("/openapi.json"),
        "create 201": client.post("/v1/syncs", json=key_material()),
        "create 400": client.post("/v1/syncs", json={"kdf": 1}),
        "create 415": client.post("/v1/syncs", data="x", content_type="text/plain"),
        "kdf": client.get(sync.path("/kdf")),
        "kdf unknown": client.get(f"/v1/syncs/{'q' * 26}/kdf"),
        "kdf malformed id": client.get("/v1/syncs/NOPE/kdf"),
        "read sync": client.get(sync.path(), headers=sync.headers),
        "document 200": client.get(doc, headers=sync.headers),
        "document 304": client.get(doc, headers={**sync.headers, "If-None-Match": '"1"'}),
        "document 404": client.get(sync.path("/documents/nope"), headers=sync.headers),
        "write 200": first,
        "write 412": client.put(doc, json={"envelope": envelope()}, headers=write),
        "write 428": client.put(doc, json={"envelope": envelope()}, headers=sync.headers),
        "write 400": client.put(
            doc, json={"envelope": envelope()}, headers={**write, "If-Match": "x"}
        ),
        "unknown route": client.get("/nowhere"),
        "wrong method": client.patch("/v1/syncs"),
        "preflight": client.options(
            doc,
            headers={
                "Origin": CHROME,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization, if-match",
            },
        ),
    }
    etag = answers["read sync"].headers["ETag"]
    answers["read sync 304"] = client.get(
        sync.path(), headers={**sync.headers, "If-None-Match": etag}
    )
    assert answers["document 304"].status_code == answers["read sync 304"].status_code == 304
    answers["read sync 401"] = client.get(sync.path())
    answers["key 200"] = client.put(
        sync.path("/key"),
        json={**key_material(), "documents": {"blocklist": {"version": 1, "envelope": envelope()}}},
        headers=sync.headers,
    )
    other = Sync(client)
    answers["delete 204"] = client.delete(other.path(), headers=other.headers)
    app.config["MAX_CONTENT_LENGTH"] = 64
    answers["413"] = client.post("/v1/syncs", json=key_material())
    app.config["CREATE_LIMIT"] = 0
    answers["429"] = client.post("/v1/syncs", json=key_material())
    assert answers["413"].status_code == 413 and answers["429"].status_code == 429
    for label, response in answers.items():
        assert_secured(response, label)


def test_an_unexpected_failure_still_carries_the_security_headers(client, sync: Sync, monkeypatch):
    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(syncs, "_sync_etag", broken)
    response = client.get(sync.path(), headers=sync.headers)
    assert response.status_code == 500 and response.json["error"] == "internal"
    assert_secured(response, "500")


@pytest.mark.parametrize("path", ["/healthz", "/v1/syncs", "/nowhere"])
def test_cors_answers_keep_the_security_headers(client, path):
    response = client.get(path, headers={"Origin": CHROME})
    assert response.headers.get("Access-Control-Allow-Origin") == CHROME
    assert_secured(response, path)
