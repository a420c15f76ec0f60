"""The client and its CLI start without the server's libraries (Flask, Werkzeug, SQLAlchemy)."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys, nocontact.client.cli; "
    "bad = [m for m in ('flask', 'sqlalchemy', 'werkzeug') if m in sys.modules]; "
    "assert not bad, bad"
)


def test_the_cli_imports_no_server_library():
    # A fresh interpreter: in this one the server tests have imported everything already.
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_app_factory_is_still_importable_from_the_package():
    result = subprocess.run(
        [sys.executable, "-c", "from nocontact import create_app; print(callable(create_app))"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout == "True\n", result.stderr
