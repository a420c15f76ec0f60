"""CORS for the extension's own origins only: anchored patterns, no wildcard, no cookies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# Chrome ids are 32 letters a-p; Firefox gives each install a random UUID.
EXTENSION_ORIGIN = re.compile(
    r"\A(?:chrome-extension://[a-p]{32}"
    r"|moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\Z"
)
ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match"
ALLOWED_METHODS = "GET, PUT, POST, DELETE"
_PREFLIGHT = [
    ("Access-Control-Allow-Methods", ALLOWED_METHODS),
    ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
    ("Access-Control-Max-Age", "600"),
]


class Cors:
    """WSGI middleware: every answer varies by Origin; an extension origin may read it, and its
    preflights are answered (Flask answers OPTIONS itself). A middleware rather than an
    after_request hook, for what it saves on every request (headers.py)."""

    def __init__(self, app: Callable[[dict, Callable[..., Any]], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        origin = environ.get("HTTP_ORIGIN", "")
        allowed = bool(origin) and EXTENSION_ORIGIN.match(origin) is not None
        preflight = allowed and environ.get("REQUEST_METHOD") == "OPTIONS"

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            vary = [value for name, value in headers if name.lower() == "vary"]
            if vary:
                values = {part.strip().lower() for part in ",".join(vary).split(",")}
                if "origin" not in values:
                    headers = [pair for pair in headers if pair[0].lower() != "vary"]
                    headers.append(("Vary", ", ".join([*vary, "Origin"])))
            else:
                headers.append(("Vary", "Origin"))
            if allowed:
                headers += [
                    ("Access-Control-Allow-Origin", origin),
                    ("Access-Control-Expose-Headers", "ETag, Retry-After"),
                ]
                if preflight:
                    headers += _PREFLIGHT
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def init_app(app: Flask) -> None:
    """Add CORS headers to responses for extension origins."""
    app.wsgi_app = Cors(app.wsgi_app)  # type: ignore[method-assign]
