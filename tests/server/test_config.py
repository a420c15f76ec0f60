"""Settings come from NOCONTACT_* environment variables (Flask's from_prefixed_env)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from nocontact import create_app
from nocontact.config import DEFAULTS, ConfigError


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The environment without any setting of ours, whatever the shell running the tests has."""
    for name in list(os.environ):
        if name.startswith("NOCONTACT_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    yield monkeypatch


@pytest.fixture
def made() -> Iterator[list[Flask]]:
    """Apps the test creates; their connections are closed afterwards."""
    apps: list[Flask] = []
    yield apps
    for app in apps:
        app.extensions["nocontact.engine"].dispose()


def test_every_documented_variable_is_read_and_numbers_are_ints(environ, made, tmp_path):
    url = f"sqlite:///{tmp_path / 'env.db'}"
    settings = {
        "MAX_DOCUMENT_BYTES": 2048,
        "MAX_RECORDS_BYTES": 4096,
        "CREATE_LIMIT": 7,
        "CREATE_WINDOW_SECONDS": 60,
        "AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS": 2,
        "AUTH_FAIL_LIMIT_PER_SYNC": 3,
        "AUTH_FAIL_LIMIT_PER_ADDRESS": 9,
        "AUTH_FAIL_WINDOW_SECONDS": 120,
        "KDF_LIMIT_PER_ADDRESS": 11,
        "KDF_WINDOW_SECONDS": 30,
        "TRUSTED_PROXIES": 2,
    }
    assert set(settings) | {"DATABASE_URL"} == set(DEFAULTS)
    environ.setenv("NOCONTACT_DATABASE_URL", url)
    for key, value in settings.items():
        environ.setenv(f"NOCONTACT_{key}", str(value))
    app = create_app()
    made.append(app)
    assert app.config["DATABASE_URL"] == url
    assert str(app.extensions["nocontact.engine"].url) == url
    for key, value in settings.items():
        assert app.config[key] == value and type(app.config[key]) is int, key
    assert app.config["MAX_CONTENT_LENGTH"] == 2048
    assert isinstance(app.wsgi_app, ProxyFix) and app.wsgi_app.x_for == 2


def test_without_variables_the_defaults_apply(environ, made):
    app = create_app({"DATABASE_URL": "sqlite://"})
    made.append(app)
    for key, value in DEFAULTS.items():
        if key != "DATABASE_URL":
            assert app.config[key] == value, key
    assert not isinstance(app.wsgi_app, ProxyFix)


def test_bare_database_url_is_read_and_the_prefixed_one_wins(environ, made, tmp_path):
    bare, prefixed = f"sqlite:///{tmp_path / 'bare.db'}", f"sqlite:///{tmp_path / 'prefixed.db'}"
    environ.setenv("DATABASE_URL", bare)
    made.append(create_app())
    assert made[-1].config["DATABASE_URL"] == bare
    environ.setenv("NOCONTACT_DATABASE_URL", prefixed)
    made.append(create_app())
    assert made[-1].config["DATABASE_URL"] == prefixed


def test_an_empty_variable_counts_as_unset(environ, made, tmp_path):
    bare = f"sqlite:///{tmp_path / 'bare.db'}"
    environ.setenv("DATABASE_URL", bare)
    environ.setenv("NOCONTACT_DATABASE_URL", "")
    environ.setenv("NOCONTACT_CREATE_LIMIT", "")
    app = create_app()
    made.append(app)
    assert app.config["DATABASE_URL"] == bare
    assert app.config["CREATE_LIMIT"] == DEFAULTS["CREATE_LIMIT"]


def test_numbers_that_int_accepted_before_still_work(environ, made):
    environ.setenv("NOCONTACT_CREATE_LIMIT", "020")
    environ.setenv("NOCONTACT_AUTH_FAIL_LIMIT_PER_SYNC", " 1_000 ")
    app = create_app({"DATABASE_URL": "sqlite://"})
    made.append(app)
    assert app.config["CREATE_LIMIT"] == 20 and type(app.config["CREATE_LIMIT"]) is int
    assert app.config["AUTH_FAIL_LIMIT_PER_SYNC"] == 1000


@pytest.mark.parametrize("raw", ["twenty", "2.5", "true", "[1]", "null"])
def test_a_setting_that_is_not_a_whole_number_stops_the_start(environ, raw):
    environ.setenv("NOCONTACT_CREATE_LIMIT", raw)
    with pytest.raises(ConfigError, match=r"\ANOCONTACT_CREATE_LIMIT must be a whole number"):
        create_app({"DATABASE_URL": "sqlite://"})


def test_a_database_url_that_is_not_text_stops_the_start(environ):
    environ.setenv("NOCONTACT_DATABASE_URL", "5432")
    with pytest.raises(ConfigError, match=r"\ANOCONTACT_DATABASE_URL must be text"):
        create_app()


def test_the_test_config_overrides_the_environment(environ, made):
    environ.setenv("NOCONTACT_CREATE_LIMIT", "5")
    app = create_app({"DATABASE_URL": "sqlite://", "CREATE_LIMIT": 1})
    made.append(app)
    assert app.config["CREATE_LIMIT"] == 1


def test_the_command_line_clients_passphrase_never_enters_the_servers_config(environ, made):
    environ.setenv("NOCONTACT_PASSPHRASE", "correct horse battery staple")
    app = create_app({"DATABASE_URL": "sqlite://"})
    made.append(app)
    assert "PASSPHRASE" not in app.config
    assert "correct horse" not in repr(dict(app.config))


def test_the_readme_documents_every_setting():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("## Configuration of the service", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for row in table.splitlines():
        if not row.startswith("|"):
            continue
        names = re.findall(r"`((?:NOCONTACT_|\.\.\._|DATABASE_URL)[A-Z_]*)`", row.split("|")[1])
        for name in names:
            if name.startswith("..._"):
                # `NOCONTACT_CREATE_LIMIT` / `..._WINDOW_SECONDS`: the same setting family.
                name = "_".join(names[0].split("_")[:2]) + name[3:]
            documented.add(name.removeprefix("NOCONTACT_"))
    assert set(DEFAULTS) <= documented, set(DEFAULTS) - documented
