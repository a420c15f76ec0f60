"""Security headers on every response, success or error: the API serves JSON to one extension and
nothing in it should be cached, sniffed, framed or allowed to load anything."""

from __future__ import annotations

from flask import Flask, Response

SECURITY_HEADERS = {
    # Answers hold key material and ciphertext: no browser or proxy cache may keep them.
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # JSON never needs to load, run or embed anything; frame-ancestors and X-Frame-Options both
    # forbid framing (the second for browsers that ignore the first).
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
}


def init_app(app: Flask) -> None:
    """Add the security headers to every response, errors and preflights included."""

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        return response
