"""The baseline: a minimal Flask endpoint at the poll's address, answering what a poll answers.

Served by the same gunicorn settings as the service (nocontact.gunicorn_conf, the same workers and
threads), so the ratio to it is the service's own cost: no database, no key, no counting.
"""

from __future__ import annotations

from flask import Flask, Response


def create_app() -> Flask:
    """Return the baseline app: GET /v1/syncs/<id> is a 304 with an ETag, nothing else."""
    app = Flask(__name__)

    @app.get("/v1/syncs/<sync_id>")
    def poll(sync_id: str) -> Response:
        return Response(status=304, headers={"ETag": '"0123456789abcdef0123456789abcdef"'})

    return app
