"""CORS answers only the extension's origins, by anchored pattern, without credentials."""

from __future__ import annotations

import pytest

CHROME = "chrome-extension://" + "iflonpdkcpipjbeegcigohdoamihoicf"
FIREFOX = "moz-extension://6f1a6c2e-3c59-4b8e-9d0f-0b7c2a41e5d1"


@pytest.mark.parametrize("origin", [CHROME, FIREFOX])
def test_extension_origins_are_allowed_and_see_the_etag(client, origin):
    response = client.get("/healthz", headers={"Origin": origin})
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/v1/syncs/" + "a" * 26 + "/documents/blocklist",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization, if-match, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    allowed = preflight.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "if-match", "if-none-match", "content-type"} <= {
        h.strip() for h in allowed.split(",")
    }


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "null",
        "chrome-extension://short",
        CHROME + ".evil.example",
        "https://x.com/" + CHROME,
        FIREFOX.upper(),
        "moz-extension://not-a-uuid",
    ],
)
def test_other_origins_get_no_cors_headers(client, origin):
    response = client.get("/healthz", headers={"Origin": origin})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers.get("Vary") == "Origin"
