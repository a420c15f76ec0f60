"""CORS for the extension's own origins only: anchored patterns, no wildcard, no cookies."""

from __future__ import annotations

import re

from flask import Flask, Response, request

# Chrome ids are 32 letters a-p; Firefox gives each install a random UUID.
EXTENSION_ORIGIN = re.compile(
    r"\A(?:chrome-extension://[a-p]{32}"
    r"|moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\Z"
)
ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match"
ALLOWED_METHODS = "GET, PUT, POST, DELETE"


def init_app(app: Flask) -> None:
    """Add CORS headers to responses for extension origins."""

    @app.after_request
    def add_cors(response: Response) -> Response:
        origin = request.headers.get("Origin", "")
        response.vary.add("Origin")
        if not EXTENSION_ORIGIN.match(origin):
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        return response
