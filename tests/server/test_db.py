"""The `init-db` command (db.py's own) applies the schema migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from nocontact import db


def test_init_db_migrates_an_empty_database_and_reports_the_version(app: Flask):
    engine = app.extensions["nocontact.engine"]
    with engine.begin() as conn:
        db.metadata.drop_all(conn)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert result.output == f"schema at version {len(db.MIGRATIONS)}\n"
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) == set(db.metadata.tables)
        assert conn.execute(sa.select(db.schema_version.c.version)).scalar_one() == len(
            db.MIGRATIONS
        )
    again = app.test_cli_runner().invoke(args=["init-db"])
    assert again.exit_code == 0 and again.output == result.output
