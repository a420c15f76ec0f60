"""Security headers on every response, success or error: the API serves JSON to one extension and
nothing in it should be cached, sniffed, framed or allowed to load anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

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
_OURS = {name.lower() for name in SECURITY_HEADERS}
_PAIRS = list(SECURITY_HEADERS.items())

WSGIApp = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


class SecurityHeaders:
    """WSGI middleware around the whole app: every response leaves with the security headers,
    whatever produced it (a view, an error handler, a preflight). A middleware rather than an
    after_request hook: it adds a list of pairs instead of setting each header through Werkzeug's
    checks, on every request."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = [pair for pair in headers if pair[0].lower() not in _OURS]
            headers += _PAIRS
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def init_app(app: Flask) -> None:
    """Add the security headers to every response, errors and preflights included."""
    # Replacing wsgi_app is Flask's documented way to add WSGI middleware; mypy sees a method.
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
