"""The real sync service under gunicorn on a free port, for end-to-end and concurrency tests.

with LiveServer(database_url, workers=4) as server:
    requests.get(server.url + "/healthz")
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import requests

from .postgres import free_port


class LiveServer:
    """gunicorn as the README deploys it, serving nocontact:create_app(); stopped on exit.

    `app` and `ready` let the benchmark serve its baseline app with the very same settings.
    """

    def __init__(
        self,
        database_url: str,
        workers: int = 2,
        env: dict[str, str] | None = None,
        app: str = "nocontact:create_app()",
        ready: tuple[str, int] = ("/healthz", 200),
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready = ready
        self._log = tempfile.TemporaryFile()
        self._text = ""
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
                app,
            ],
            env=environment,
            # A file, not a pipe: a pipe nobody reads fills up under load and stalls gunicorn.
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self._output())
            try:
                path, status = self.ready
                if requests.get(self.url + path, timeout=1).status_code == status:
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
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self._output()

    def _output(self) -> str:
        if not self._log.closed:
            self._log.seek(0)
            self._text = self._log.read().decode(errors="replace")
            if self.process.poll() is not None:
                self._log.close()
        return self._text

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
