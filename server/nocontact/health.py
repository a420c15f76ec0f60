"""Liveness that means something: the database answers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify

from .db import engine

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response | tuple[Response, int]:
    """Return ok when the database answers, 503 when it does not."""
    try:
        with engine().connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return jsonify(error="unavailable", message="The database does not answer."), 503
    return jsonify(status="ok")
