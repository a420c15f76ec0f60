"""Server tests run twice: on the embedded SQLite default and on a real PostgreSQL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from nocontact import create_app

from ..support.keys import b64u, key_material
from ..support.postgres import PostgresCluster


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One PostgreSQL cluster for the whole run."""
    cluster = PostgresCluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sync.db'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The app on a fresh database; its connections are closed afterwards."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    yield app
    app.extensions["nocontact.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


class Sync:
    """A created sync and the headers that authenticate to it."""

    def __init__(self, client: FlaskClient) -> None:
        self.auth_key = secrets.token_bytes(32)
        self.material = key_material(self.auth_key)
        response = client.post("/v1/syncs", json=self.material)
        assert response.status_code == 201, response.json
        self.id: str = response.json["sync_id"]
        self.headers = {"Authorization": f"Bearer {b64u(self.auth_key)}"}

    def path(self, suffix: str = "") -> str:
        """Return this sync's API path."""
        return f"/v1/syncs/{self.id}{suffix}"


@pytest.fixture
def sync(client: FlaskClient) -> Sync:
    """A freshly created sync."""
    return Sync(client)
