"""The `init-db` command (db.py's own) applies the schema migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from nocontact import create_app, db


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


def test_a_version_1_database_migrates_and_keeps_its_syncs_and_decoy_secret(database_url):
    # A database as version 1 left it: a sync, an old-style counter, the decoy secret that the
    # old KDF route made on first use.
    engine = sa.create_engine(database_url)
    secret = b"s" * 32
    try:
        with engine.begin() as conn:
            db.MIGRATIONS[0](conn)
            db.metadata.create_all(conn, tables=[db.schema_version])
            conn.execute(db.schema_version.insert().values(id=1, version=1))
            conn.execute(
                sa.text(
                    "INSERT INTO syncs (id, auth_hash, kdf, wrapped_key, created_at)"
                    " VALUES (:id, :hash, '{}', '{}', 1700000000)"
                ),
                {"id": "a" * 26, "hash": b"h" * 32},
            )
            conn.execute(db.counters.insert().values(key="authfail:x", window=7, count=3))
            conn.execute(db.secrets_table.insert().values(name=db.DECOY_SECRET, value=secret))
    finally:
        engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    try:
        engine = app.extensions["nocontact.engine"]
        with engine.connect() as conn:
            row = conn.execute(sa.select(db.syncs)).one()
            assert (row.id, row.failed_count, row.failed_since, row.failed_last) == (
                "a" * 26,
                0,
                1700000000,
                None,
            )
            assert conn.execute(sa.select(db.counters)).all() == []
            inspector = sa.inspect(conn)
            for table in db.metadata.sorted_tables:
                columns = {column["name"] for column in inspector.get_columns(table.name)}
                assert columns == set(table.columns.keys()), table.name
        assert app.extensions["nocontact.decoy_secret"] == secret
    finally:
        app.extensions["nocontact.engine"].dispose()
