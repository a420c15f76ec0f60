"""The database: one SQLAlchemy Core engine per app, the tables, and versioned schema migrations.

SQLite (the embedded default, in WAL mode) and PostgreSQL share every statement; the only dialect
switches are the upsert constructor and the migration lock.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.pool import ConnectionPoolEntry

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

syncs = sa.Table(
    "syncs",
    metadata,
    sa.Column("id", sa.String(26), primary_key=True),
    sa.Column("auth_hash", sa.LargeBinary(32), nullable=False),
    sa.Column("kdf", sa.Text, nullable=False),
    sa.Column("wrapped_key", sa.Text, nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    # Failed attempts on this sync since `failed_since` (its creation or last passphrase change),
    # the latest at `failed_last`: what GET /v1/syncs/<id> tells the owner.
    sa.Column("failed_count", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    sa.Column("failed_since", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    sa.Column("failed_last", sa.BigInteger, nullable=True),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column(
        "sync_id", sa.String(26), sa.ForeignKey("syncs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("envelope", sa.Text, nullable=False),
)

# Fixed-window counters shared by every process (rate limits). `key` is a kind and a SHA-256
# (limits.key), `window` the end of the counted window in Unix seconds.
counters = sa.Table(
    "counters",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("window", sa.BigInteger, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

# Server-wide secrets that every process must agree on (e.g. the decoy KDF salt key).
secrets_table = sa.Table(
    "server_secrets",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.LargeBinary, nullable=False),
)


# The secret the public KDF route derives decoy salts from; made by migration 2, never by a request.
DECOY_SECRET = "decoy-kdf"


def _v1(conn: Connection) -> None:
    # Version 1's tables spelled out: the ones above move on with later versions, and a released
    # step must keep making exactly what it made.
    v1 = sa.MetaData()
    sa.Table(
        "syncs",
        v1,
        sa.Column("id", sa.String(26), primary_key=True),
        sa.Column("auth_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("kdf", sa.Text, nullable=False),
        sa.Column("wrapped_key", sa.Text, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    sa.Table(
        "documents",
        v1,
        sa.Column(
            "sync_id",
            sa.String(26),
            sa.ForeignKey("syncs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("envelope", sa.Text, nullable=False),
    )
    sa.Table(
        "counters",
        v1,
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window", sa.BigInteger, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    sa.Table(
        "server_secrets",
        v1,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
    )
    v1.create_all(conn)


def _v2(conn: Connection) -> None:
    # The owner's record of failed attempts.
    for column in (
        "failed_count BIGINT NOT NULL DEFAULT 0",
        "failed_since BIGINT NOT NULL DEFAULT 0",
        "failed_last BIGINT",
    ):
        conn.execute(sa.text(f"ALTER TABLE syncs ADD COLUMN {column}"))
    conn.execute(syncs.update().values(failed_since=syncs.c.created_at))
    # Counter windows are now named by their end time, not their number: old rows mean nothing.
    conn.execute(counters.delete())
    # The decoy secret is made once here, so the public KDF route does not write (it did, on its
    # unknown-id path only, which set it apart from the known-id path).
    conn.execute(
        upsert(conn, secrets_table)
        .values(name=DECOY_SECRET, value=secrets.token_bytes(32))
        .on_conflict_do_nothing(index_elements=["name"])
    )


# Append-only: each entry moves the schema one version up. Never edit a released step.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2]


def database_url(app: Flask) -> str:
    """Return the configured URL, or the embedded default: a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
            "postgres://", "postgresql+psycopg://", 1
        )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'nocontact.sqlite3'}"


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
            # WAL lets readers run beside the single writer; foreign keys make DELETE cascade.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            # Take the write lock at BEGIN, so concurrent read-then-write transactions queue up
            # instead of failing with "database is locked" halfway through. A connection marked
            # read_only (the public KDF route) never writes and need not queue behind writers.
            read_only = conn.get_execution_options().get("read_only")
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> int:
    """Bring the schema to the newest version (safe when several processes start at once)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7461003)"))
        metadata.create_all(conn, tables=[schema_version])
        current = conn.execute(sa.select(schema_version.c.version)).scalar()
        if current is None:
            conn.execute(schema_version.insert().values(id=1, version=0))
            current = 0
        for number, step in enumerate(MIGRATIONS, start=1):
            if number > current:
                step(conn)
                conn.execute(schema_version.update().values(version=number))
        return len(MIGRATIONS)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Apply the schema migrations (also done at every start)."""
    click.echo(f"schema at version {migrate(engine())}")


def init_app(app: Flask) -> None:
    """Create the app's engine, migrate the schema and register the init-db command."""
    engine = _make_engine(database_url(app))
    migrate(engine)
    app.extensions["nocontact.engine"] = engine
    with engine.connect() as conn:
        app.extensions["nocontact.decoy_secret"] = server_secret(conn, DECOY_SECRET)
    app.cli.add_command(init_db_command)


def engine() -> Engine:
    """Return the current app's engine."""
    return current_app.extensions["nocontact.engine"]


def upsert(conn: Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """Return the dialect's INSERT that supports ON CONFLICT."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def server_secret(conn: Connection, name: str) -> bytes:
    """Return a named server secret (the migrations make them, once for all processes)."""
    return conn.execute(
        sa.select(secrets_table.c.value).where(secrets_table.c.name == name)
    ).scalar_one()
