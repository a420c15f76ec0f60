"""Start the sync service as it is deployed, on the embedded default, and say where things are.

    python -m nocontact.serve            # gunicorn -c python:nocontact.gunicorn_conf, 2 workers
    python -m nocontact.serve --dev      # Flask's development server (reloads on code changes)

NOCONTACT_HOST and NOCONTACT_PORT choose the address (127.0.0.1:5080); every other NOCONTACT_
variable configures the service as README describes (DATABASE_URL too).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# The workers of `./dev serve`: the deployment the benchmarks measure (BENCHMARKS.md).
WORKERS = 2
EXTENSION = Path(__file__).resolve().parents[2] / "extension"


def _address() -> tuple[str, int]:
    return os.environ.get("NOCONTACT_HOST", "127.0.0.1"), int(
        os.environ.get("NOCONTACT_PORT", "5080")
    )


def _banner(host: str, port: int) -> None:
    print(f"No Contact sync service listening on http://{host}:{port}", flush=True)
    print(f"Load the extension unpacked from {EXTENSION}", flush=True)


def _development(host: str, port: int) -> None:
    from nocontact import create_app

    app = create_app()
    _banner(host, port)
    app.run(host=host, port=port, debug=False, use_reloader=True)


def _gunicorn(host: str, port: int) -> None:
    # gunicorn ships no type information (and types-gunicorn is not worth a dependency here).
    from gunicorn.app.wsgiapp import WSGIApplication  # type: ignore[import-untyped]

    class Service(WSGIApplication):
        """gunicorn's own command line, with the project's settings and a word once it listens."""

        def load_config(self) -> None:
            super().load_config()

            def when_ready(_server: Any) -> None:
                _banner(host, port)

            self.cfg.set("when_ready", when_ready)

    sys.argv = [
        "gunicorn",
        "--config",
        "python:nocontact.gunicorn_conf",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(WORKERS),
        "nocontact:create_app()",
    ]
    Service("%(prog)s [OPTIONS] [APP_MODULE]", prog="gunicorn").run()


def main() -> None:
    """Run gunicorn (or, with --dev, Flask's development server) and print the extension folder."""
    host, port = _address()
    if "--dev" in sys.argv[1:]:
        _development(host, port)
    else:
        _gunicorn(host, port)


if __name__ == "__main__":
    main()
