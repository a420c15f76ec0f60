"""Rule packs (shared/PROTOCOL.md "Rule packs"): the newest signed pack the operator installed.

`GET /v1/rules` is public and cacheable: the pack is the same for everyone and signed, so a cache
or a stranger learns nothing by reading it. It is served byte for byte as installed, with a strong
ETag (SHA-256 of those bytes) and `Cache-Control: public, max-age=3600`, 304 on a matching
If-None-Match, 404 before any is installed.

The operator installs a pack with `flask --app nocontact rules install <file>` (the Flask CLI, as
`init-db`): the signature is checked with the keys that ship in the extension (rule_keys.json, or
the RULE_KEYS setting) and the pack as the extension will check it; an older or equal version than
the newest installed is refused. Packs are kept in the database (the rule_packs table), not the
instance folder, so every process and every host behind one database serves the same pack.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request
from flask.cli import AppGroup

from . import db, rulepack
from .db import rule_packs
from .errors import ApiError

if TYPE_CHECKING:
    from flask import Flask

bp = Blueprint("rules", __name__, url_prefix="/v1/rules")
PATH = "/v1/rules"
CACHE_CONTROL = "public, max-age=3600"


def _etag(text: str) -> str:
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def _matches(header: str | None, etag: str) -> bool:
    # A strong ETag: a weak one in If-None-Match still matches for GET (RFC 9110's weak compare).
    if not header:
        return False
    return header.strip() == "*" or etag in [
        t.strip().removeprefix("W/") for t in header.split(",")
    ]


def newest() -> str | None:
    """The newest installed envelope's text, or None."""
    with db.read() as conn:
        return conn.execute(
            sa.select(rule_packs.c.envelope).order_by(rule_packs.c.version.desc()).limit(1)
        ).scalar()


@bp.get("")
def get_rules() -> Response:
    """Serve the newest rule pack envelope."""
    text = newest()
    if text is None:
        raise ApiError(404, "No rule pack is installed on this server.")
    etag = _etag(text)
    if _matches(request.headers.get("If-None-Match"), etag):
        response = current_app.response_class(status=304)
    else:
        response = current_app.response_class(text, mimetype="application/json")
    response.headers["ETag"] = etag
    return response


def keys() -> list[rulepack.PublicKey]:
    """The keys a pack must be signed with: the RULE_KEYS setting, or the extension's."""
    configured = current_app.config.get("RULE_KEYS") or rulepack.shipped_keys()
    return [rulepack.PublicKey(entry["key_id"], entry["jwk"]) for entry in configured]


def install(text: bytes) -> int:
    """Verify and store a pack envelope; return its version. Raises rulepack.Refused."""
    with db.write() as conn:
        applied = conn.execute(sa.select(sa.func.max(rule_packs.c.version))).scalar() or 0
        envelope = rulepack.verify(text, keys(), applied_version=applied)
        version = envelope["pack"]["version"]
        conn.execute(
            rule_packs.insert().values(
                version=version,
                envelope=text.decode("utf-8"),
                installed_at=int(time.time() * 1000),
            )
        )
    return version


rules_cli = AppGroup("rules", help="Rule packs served at GET /v1/rules.")


@rules_cli.command("install")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def install_command(file: Path) -> None:
    """Verify a signed pack (from `nocontact rules sign`) and serve it."""
    try:
        version = install(file.read_bytes())
    except rulepack.Refused as error:
        raise click.ClickException(f"refused: {error}; nothing was installed") from None
    except UnicodeDecodeError:
        raise click.ClickException(
            "refused: malformed (not UTF-8); nothing was installed"
        ) from None
    click.echo(f"installed rule pack version {version}")


@rules_cli.command("status")
def status_command() -> None:
    """Say which pack is served."""
    text = newest()
    if text is None:
        click.echo("no rule pack installed")
        return
    import json

    pack = json.loads(text)["pack"]
    click.echo(f"serving rule pack version {pack['version']} of {pack['date']}")


WSGIApp = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


class Cacheable:
    """WSGI middleware outside the security headers (headers.py, which say no-store everywhere):
    the public, signed pack may be cached. Only a 200 or 304 of GET /v1/rules."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if status[:3] in ("200", "304"):
                headers = [pair for pair in headers if pair[0].lower() != "cache-control"]
                headers.append(("Cache-Control", CACHE_CONTROL))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def init_app(app: Flask) -> None:
    """Register the route, the CLI group and the caching middleware (after headers.init_app)."""
    app.register_blueprint(bp)
    app.cli.add_command(rules_cli)
    app.wsgi_app = Cacheable(app.wsgi_app)  # type: ignore[method-assign]
