"""The real sync service under gunicorn on a free port, for end-to-end and concurrency tests.

with LiveServer(database_url, workers=4) as server:
    requests.get(server.url + "/healthz")
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import requests

from .postgres import free_port


class LiveServer:
    """gunicorn as the README deploys it, serving nocontact:create_app(); stopped on exit."""

    def __init__(self, database_url: str, workers: int = 2, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:nocontact.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "nocontact:create_app()",
            ],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + (self.process.stdout.read() or ""))
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                # Refused while gunicorn binds; slow while its workers boot on a busy machine.
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the sync service did not answer /healthz in time")

    def stop(self) -> str:
        """Stop gunicorn and return everything it logged."""
        self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output or ""

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
