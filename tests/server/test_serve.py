"""`./dev serve` (python -m nocontact.serve) is the production server: gunicorn with the project's
settings, at NOCONTACT_HOST:NOCONTACT_PORT, saying where it listens and where the extension is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import requests

from ..support.postgres import free_port


def test_serve_runs_gunicorn_with_the_projects_settings_and_says_where(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "NOCONTACT_HOST": "127.0.0.1",
        "NOCONTACT_PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "nocontact.serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 30
        assert process.stdout is not None
        while not any("Load the extension" in line for line in lines):
            assert time.monotonic() < deadline and process.poll() is None, "".join(lines)
            lines.append(process.stdout.readline())
        text = "".join(lines)
        assert f"listening on http://127.0.0.1:{port}" in text
        assert "Using worker: gthread" in text, text
        extension = next(line for line in lines if "Load the extension" in line)
        assert extension.strip().endswith("extension") and os.path.isdir(extension.split()[-1])
        answer = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert answer.status_code == 200 and answer.headers["Server"].startswith("gunicorn")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
