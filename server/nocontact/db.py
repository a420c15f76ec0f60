"""The database: one SQLAlchemy Core engine per app, the tables, and versioned schema migrations.

SQLite (the embedded default, in WAL mode) and PostgreSQL share the tables and almost every
statement. The dialect switches: the upsert constructor, the migration lock, how writers take turns
(SQLite: the gate, gate.py; PostgreSQL: row locks) and how authentication is counted (auth.py).

Reads never wait for writers: write() is for transactions that write, read() and raw() for those
that do not (on SQLite a read is one statement in autocommit, which sees one snapshot).
"""

from __future__ import annotations

import os
import secrets
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from . import gate as gates

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

# Signed rule packs the operator installed (rules.py; shared/PROTOCOL.md "Rule packs"): the newest
# version is what GET /v1/rules serves, its envelope text byte for byte.
rule_packs = sa.Table(
    "rule_packs",
    metadata,
    sa.Column("version", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("envelope", sa.Text, nullable=False),
    sa.Column("installed_at", sa.BigInteger, nullable=False),
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


# PostgreSQL: one authentication attempt in one round trip (auth.py): it reads the sync and judges
# the key (through a keyed hash of both sides, so the comparison takes no longer for a longer match;
# an unknown sync is compared with a decoy), takes advisory locks on the attempt's three counter
# keys, reads the counters with a snapshot taken after the locks, and counts a failure exactly as
# limits.count() does: each limit in order (address, sync and address, sync) up to the first one
# over its bound. A right key under every limit counts nothing and writes nothing.
#
# The locks go from the narrowest key to the widest (sync, sync and address, address), so no two
# attempts ever wait for each other in a circle. The sync's keys are taken exclusively by every
# attempt, right or wrong: the same queue, in arrival order. The address's key (shared by everyone
# behind one address) is taken shared by a right key that the sync's counters do not refuse, and
# exclusively by any other attempt: a shared request waits behind every exclusive one before it
# (PostgreSQL grants in queue order), so a right key sees exactly the counts that a wrong key in its
# place would see, while right keys from one address never wait for each other. A right key holding
# it shared may still count, when the address's own limit is reached; every attempt from that
# address is then refused at that limit, so the order of those counts decides nothing. The locks
# are held only while the function runs, inside the database.
AUTH_FUNCTION = """
CREATE OR REPLACE FUNCTION nocontact_auth(
    p_sync_id text, p_presented bytea, p_secret bytea, p_decoy bytea,
    p_lock1 bigint, p_lock2 bigint, p_lock3 bigint,
    p_key1 text, p_key2 text, p_key3 text,
    p_window1 bigint, p_window2 bigint, p_window3 bigint,
    p_bound1 integer, p_bound2 integer, p_bound3 integer, p_now bigint,
    OUT auth_hash bytea, OUT kdf text, OUT wrapped_key text, OUT failed_count bigint,
    OUT failed_since bigint, OUT failed_last bigint, OUT names text[], OUT versions bigint[],
    OUT count1 bigint, OUT count2 bigint, OUT count3 bigint, OUT refused integer,
    OUT counted integer, OUT created integer
)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_right boolean;
    v_keys text[] := ARRAY[p_key1, p_key2, p_key3];
    v_windows bigint[] := ARRAY[p_window1, p_window2, p_window3];
    v_count integer;
BEGIN
    SELECT s.auth_hash, s.kdf, s.wrapped_key, s.failed_count, s.failed_since, s.failed_last,
        (SELECT array_agg(d.name::text) FROM documents AS d WHERE d.sync_id = q.id),
        (SELECT array_agg(d.version) FROM documents AS d WHERE d.sync_id = q.id)
    INTO auth_hash, kdf, wrapped_key, failed_count, failed_since, failed_last, names, versions
    FROM (SELECT p_sync_id AS id) AS q LEFT JOIN syncs AS s ON s.id = q.id;
    v_right := sha256(p_secret || COALESCE(auth_hash, p_decoy)) = sha256(p_secret || p_presented)
        AND auth_hash IS NOT NULL;
    PERFORM pg_advisory_xact_lock(p_lock3);
    PERFORM pg_advisory_xact_lock(p_lock2);
    SELECT
        COALESCE((SELECT c.count FROM counters AS c
            WHERE c.key = p_key2 AND c."window" = p_window2), 0),
        COALESCE((SELECT c.count FROM counters AS c
            WHERE c.key = p_key3 AND c."window" = p_window3), 0)
    INTO count2, count3;
    IF v_right AND count2 < p_bound2 AND count3 < p_bound3 THEN
        PERFORM pg_advisory_xact_lock_shared(p_lock1);
    ELSE
        PERFORM pg_advisory_xact_lock(p_lock1);
    END IF;
    count1 := COALESCE((SELECT c.count FROM counters AS c
        WHERE c.key = p_key1 AND c."window" = p_window1), 0);
    refused := CASE WHEN count1 >= p_bound1 THEN 1 WHEN count2 >= p_bound2 THEN 2
        WHEN count3 >= p_bound3 THEN 3 END;
    counted := 0;
    created := 0;
    IF NOT (v_right AND refused IS NULL) THEN
        FOR i IN 1 .. COALESCE(refused, 3) LOOP
            INSERT INTO counters (key, "window", count) VALUES (v_keys[i], v_windows[i], 1)
            ON CONFLICT (key, "window") DO UPDATE SET count = counters.count + 1
            RETURNING counters.count INTO v_count;
            counted := counted + 1;
            IF v_count = 1 THEN
                created := created + 1;
            END IF;
        END LOOP;
        UPDATE syncs AS s SET failed_count = s.failed_count + 1, failed_last = p_now
        WHERE s.id = p_sync_id;
    END IF;
    refused := refused - 1;
END
$$
"""


def _v3(conn: Connection) -> None:
    # Authentication on PostgreSQL in one round trip (auth.py); SQLite has its gate (gate.py).
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(AUTH_FUNCTION)


def _v4(conn: Connection) -> None:
    # Rule packs (rules.py), spelled out as released.
    v4 = sa.MetaData()
    sa.Table(
        "rule_packs",
        v4,
        sa.Column("version", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("envelope", sa.Text, nullable=False),
        sa.Column("installed_at", sa.BigInteger, nullable=False),
    )
    v4.create_all(conn)


# Append-only: each entry moves the schema one version up. Never edit a released step.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4]


def database_url(app: Flask) -> str:
    """Return the configured URL, or the embedded default: a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
            "postgres://", "postgresql+psycopg://", 1
        )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'nocontact.sqlite3'}"


# Connections per process: more than gunicorn's threads (gunicorn_conf.py: 16), so a request never
# waits for one (QueuePool's default, 5 + 10 overflow, made the 16th thread wait).
POOL = {"pool_size": 20, "max_overflow": 20, "pool_timeout": 10}


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # An in-memory database has one connection per thread (SingletonThreadPool), no queue.
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = sa.create_engine(url, connect_args={"timeout": 30}, **({} if in_memory else POOL))

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
            # Take the write lock at BEGIN, so a read-then-write transaction cannot fail with
            # "database is locked" halfway through (write() has already waited its turn at the
            # gate, so the lock is free). A read-only one (read()) takes a snapshot and no lock.
            read_only = conn.get_execution_options().get("read_only")
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    # No pre-ping: it cost a round trip on every checkout. A connection the server dropped fails
    # its request (503 or 500, never a judged key) and is invalidated with the rest of the pool.
    return sa.create_engine(url, **POOL)


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


def _gate(engine: Engine) -> gates.Gate | None:
    """The SQLite database's gate (a file beside it), or None on PostgreSQL or without OFD locks."""
    if engine.dialect.name != "sqlite" or not gates.available():
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return gates.Gate(Path(database + "-gate"))


def init_app(app: Flask) -> None:
    """Create the app's engine, migrate the schema and register the init-db command."""
    engine = _make_engine(database_url(app))
    migrate(engine)
    app.extensions["nocontact.engine"] = engine
    app.extensions["nocontact.gate"] = _gate(engine)
    app.extensions["nocontact.hot"] = HotPool(engine)
    # Keys the comparison of auth hashes inside PostgreSQL (AUTH_FUNCTION); any value will do.
    app.extensions["nocontact.judge_secret"] = secrets.token_bytes(32)
    with engine.connect() as conn:
        app.extensions["nocontact.decoy_secret"] = server_secret(conn, DECOY_SECRET)
    app.cli.add_command(init_db_command)


def engine() -> Engine:
    """Return the current app's engine."""
    return current_app.extensions["nocontact.engine"]


def gate() -> gates.Gate | None:
    """Return the current app's SQLite gate, if it has one."""
    return current_app.extensions["nocontact.gate"]


def is_postgresql() -> bool:
    """Whether the current app's database is PostgreSQL."""
    return engine().dialect.name == "postgresql"


@contextmanager
def write(stripes: Iterable[int] = ()) -> Iterator[Connection]:
    """A transaction that writes: on SQLite after every earlier writer (the gate), holding
    SQLite's write lock from BEGIN; `stripes` are the rate-limit keys it may count (gate.py)."""
    current = gate()
    if current is None:
        with engine().begin() as conn:
            yield conn
        return
    with current.writer(stripes), engine().begin() as conn:
        yield conn


@contextmanager
def read() -> Iterator[Connection]:
    """A transaction that only reads: no lock taken, no writer waited for."""
    with engine().connect().execution_options(read_only=True) as conn, conn.begin():
        yield conn


class HotPool:
    """DB-API connections in autocommit for the statements every request makes (auth.py).

    Taken from the engine once (its connect events have run: SQLite's pragmas), then detached
    and kept here: taking one back is a list.pop(), with none of the engine pool's per-checkout
    work or PostgreSQL's autocommit switching. At most as many as the requests at once; closed
    with the engine (dispose()).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgresql = engine.dialect.name == "postgresql"
        self._idle: list[Any] = []
        sa.event.listen(engine, "engine_disposed", self._close_all)
        _hot_pools.add(self)

    def _new(self) -> Any:
        proxied = self.engine.raw_connection()
        connection = proxied.driver_connection
        proxied.detach()
        if self.postgresql:
            connection.autocommit = True  # type: ignore[union-attr]
        return connection

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """Lend a connection; one that raised goes, closed, instead of back."""
        try:
            connection = self._idle.pop()
        except IndexError:
            connection = self._new()
        try:
            yield connection
        except BaseException:
            try:
                connection.close()
            except Exception:
                pass
            raise
        self._idle.append(connection)

    def _close_all(self, _engine: Engine) -> None:
        while self._idle:
            try:
                self._idle.pop().close()
            except Exception:
                pass

    def _forget_after_fork(self) -> None:
        # A forked child must not use its parent's sockets, nor close them (PostgreSQL would end
        # the parent's sessions): it keeps them, unused, and opens its own.
        _inherited.extend(self._idle)
        self._idle = []


_hot_pools: weakref.WeakSet[HotPool] = weakref.WeakSet()
_inherited: list[Any] = []


def _after_fork_in_child() -> None:
    for hot in list(_hot_pools):
        hot._forget_after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def raw() -> Iterator[Any]:
    """A DB-API connection in autocommit, for the few statements on every request (HotPool).

    Each statement is its own transaction; on SQLite a read is then one snapshot and no lock.
    """
    hot: HotPool = current_app.extensions["nocontact.hot"]
    with hot.connection() as connection:
        yield connection


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
