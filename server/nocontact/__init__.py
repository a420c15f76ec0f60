"""No Contact sync service: stores end-to-end encrypted documents it cannot read."""

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create the sync service app: defaults, then environment, then the test config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DATABASE_URL=None)
    if test_config is not None:
        app.config.from_mapping(test_config)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
