"""Every error leaves as JSON {"error", "message"} with a plain sentence, never an HTML page."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Our codes for the statuses that werkzeug raises on its own.
_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "This sync does not exist or the key is wrong."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    412: ("version_conflict", "The document changed on the server; fetch, merge and try again."),
    413: ("too_large", "The request is larger than this server accepts."),
    415: ("unsupported_media_type", "Send the body as JSON (Content-Type: application/json)."),
    428: ("if_match_required", "Send If-Match with the version you last read."),
    429: ("rate_limited", "Too many attempts; wait a little and try again."),
    500: ("internal", "Something went wrong on the server; nothing was changed."),
    503: ("unavailable", "The service cannot check this request right now; try again shortly."),
}


class ApiError(HTTPException):
    """An error with our own code and message, and optional extra headers."""

    def __init__(
        self, status: int, message: str | None = None, headers: dict | None = None
    ) -> None:
        super().__init__(description=message or _CODES[status][1])
        self.code = status
        self.extra_headers = headers or {}


# message is None only for an HTTPException without a description and a status not in _CODES.
def _response(status: int, message: str | None, headers: dict | None = None) -> Response:
    error, _default = _CODES.get(status, ("error", message))
    response = jsonify(error=error, message=message)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Register the JSON error handlers."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        if isinstance(error, ApiError):
            return _response(status, error.description or "", error.extra_headers)
        message = _CODES.get(status, ("error", error.description))[1]
        response = _response(status, message)
        if status == 405 and error.get_headers():
            response.headers["Allow"] = dict(error.get_headers()).get("Allow", "")
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        # The type only: an exception's text could quote a request body or a key.
        log.error("unexpected %s", type(error).__name__)
        return _response(500, _CODES[500][1])
