"""No Contact sync service: stores end-to-end encrypted documents it cannot read."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create the sync service app: defaults, then environment, then the test config."""
    # Imported here rather than at the top: the client and its CLI live in this package too
    # (nocontact.client), and importing them must not load Flask, Werkzeug and SQLAlchemy.
    import json
    from importlib import resources

    from flask import Flask, Response
    from werkzeug.middleware.proxy_fix import ProxyFix

    from . import config, cors, db, errors, headers, health, rules, syncs

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.DEFAULTS)
    config.from_environment(app.config)
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Werkzeug answers 413 from Content-Length before reading the body; the routes that take a
    # larger document (records, a passphrase change) raise it for their own request.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_DOCUMENT_BYTES"]

    db.init_app(app)
    errors.init_app(app)
    # CORS and the security headers are WSGI middleware; ProxyFix goes outside them.
    cors.init_app(app)
    headers.init_app(app)
    # GET /v1/rules and `flask rules install`; its middleware lets the public pack be cached.
    rules.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        # Replacing wsgi_app is Flask's documented way to add WSGI middleware; mypy sees a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["TRUSTED_PROXIES"]))  # type: ignore[method-assign]

    app.register_blueprint(health.bp)
    app.register_blueprint(syncs.bp)

    @app.get("/openapi.json")
    def openapi() -> Response:
        text = resources.files(__package__).joinpath("openapi.json").read_text()
        return app.response_class(json.dumps(json.loads(text)), mimetype="application/json")

    return app
