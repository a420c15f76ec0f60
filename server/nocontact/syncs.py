"""The sync API (PROTOCOL §2): create, KDF parameters, versioned documents, key, delete."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import re
import secrets
import time

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, g, jsonify, request
from flask.blueprints import BlueprintSetupState

from . import auth, db, limits, validate
from .db import documents, syncs, upsert
from .errors import ApiError

bp = Blueprint("syncs", __name__, url_prefix="/v1/syncs")


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    state.app.extensions["nocontact.kdf_counter"] = limits.LocalCounter()


# A version in If-Match: ASCII digits only (str.isdigit() also takes "²" and "٣"), at most 18 of
# them so it always fits the 64-bit version column.
_IF_MATCH = re.compile(r'\A(?:W/)?"([0-9]{1,18})"\Z')


@bp.url_value_preprocessor
def _check_sync_id(_endpoint: str | None, values: dict | None) -> None:
    # Before any query or count: PostgreSQL refuses NUL in text, and an id that cannot exist needs
    # no database to say so. The pattern is public, so a 404 here tells nobody anything.
    if values and "sync_id" in values and not validate.SYNC_ID.match(values["sync_id"]):
        raise ApiError(404)


def _new_sync_id() -> str:
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


def _document_name(name: str) -> str:
    if name not in validate.DOCUMENT_NAMES:
        raise ApiError(404, "There is no document of that name.")
    return name


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    return header.strip() == "*" or etag in [
        tag.strip().removeprefix("W/") for tag in header.split(",")
    ]


def _versions(conn: sa.Connection, sync_id: str) -> dict[str, int]:
    rows = conn.execute(
        sa.select(documents.c.name, documents.c.version).where(documents.c.sync_id == sync_id)
    )
    found = {row.name: row.version for row in rows}
    return {name: found.get(name, 0) for name in validate.DOCUMENT_NAMES}


@bp.post("")
def create() -> tuple[Response, int]:
    """Create a sync from client-made key material; the server picks the id."""
    config = current_app.config
    address = limits.address_bucket(auth.client_address())
    limit = limits.Limit(
        limits.key("create-addr", address), config["CREATE_LIMIT"], config["CREATE_WINDOW_SECONDS"]
    )
    try:
        limits.take([limit])
    except limits.Refused:
        raise
    except Exception as error:
        raise auth.unavailable(error) from None
    kdf, auth_key, wrapped_key = validate.key_material(validate.json_body())
    sync_id = _new_sync_id()
    now = int(time.time())
    with db.write() as conn:
        conn.execute(
            syncs.insert().values(
                id=sync_id,
                auth_hash=hashlib.sha256(auth_key).digest(),
                kdf=json.dumps(kdf),
                wrapped_key=json.dumps(wrapped_key),
                created_at=now,
                failed_since=now,
            )
        )
    return jsonify(sync_id=sync_id), 201


@bp.get("/<sync_id>/kdf")
def public_kdf(sync_id: str) -> Response:
    """Return the sync's KDF parameters; for an unknown id, stable decoy ones (no probing).

    Both answers do the same work (the decoy is always derived, the same one read-only query
    always runs) and nothing is written, so neither time nor the database tells them apart.
    """
    config = current_app.config
    counter: limits.LocalCounter = current_app.extensions["nocontact.kdf_counter"]
    address = limits.address_bucket(auth.client_address())
    counter.take(
        limits.Limit(
            limits.key("kdf-addr", address),
            config["KDF_LIMIT_PER_ADDRESS"],
            config["KDF_WINDOW_SECONDS"],
        )
    )
    secret = current_app.extensions["nocontact.decoy_secret"]
    salt = hmac.new(secret, sync_id.encode(), hashlib.sha256).digest()[:16]
    decoy = json.dumps(
        {
            "alg": "PBKDF2-SHA256",
            "iterations": validate.MIN_ITERATIONS,
            "salt": base64.urlsafe_b64encode(salt).decode().rstrip("="),
        }
    )
    with db.read() as conn:
        stored = conn.execute(sa.select(syncs.c.kdf).where(syncs.c.id == sync_id)).scalar()
    return jsonify(kdf=json.loads(stored if stored is not None else decoy))


@functools.lru_cache(maxsize=4096)
def _state_etag(versions: tuple[tuple[str, int], ...], failed: tuple[int, int, int | None]) -> str:
    # Over the failed attempts too: a device that polls with If-None-Match must hear of new ones.
    state = {
        "documents": dict(versions),
        "failed_attempts": {"count": failed[0], "since": failed[1], "last": failed[2]},
    }
    digest = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _sync_etag(versions: dict[str, int], failed: dict[str, int | None]) -> str:
    """The ETag of GET /v1/syncs/<id>: a hash of every version and of the failed attempts."""
    count, since, last = failed["count"], failed["since"], failed["last"]
    assert count is not None and since is not None
    return _state_etag(tuple(versions.items()), (count, since, last))


@bp.get("/<sync_id>")
@auth.required
def read_sync(sync_id: str) -> Response:
    """Return key material and every document's version, with an ETag over the versions.

    Authentication has read all of it in the same statement as the key's hash: a poll answered
    304 costs that one read.
    """
    sync: auth.Sync = g.sync
    versions = sync.versions
    failed = {"count": sync.failed_count, "since": sync.failed_since, "last": sync.failed_last}
    etag = _sync_etag(versions, failed)
    if _etag_matches(request.environ.get("HTTP_IF_NONE_MATCH"), etag):
        return Response(status=304, headers={"ETag": etag})
    response = jsonify(
        sync_id=sync_id,
        kdf=json.loads(sync.kdf),
        wrapped_key=json.loads(sync.wrapped_key),
        documents={name: {"version": version} for name, version in versions.items()},
        failed_attempts=failed,
    )
    response.headers["ETag"] = etag
    return response


@bp.get("/<sync_id>/documents/<name>")
@auth.required
def read_document(sync_id: str, name: str) -> Response:
    """Return one document's envelope and version; 304 when If-None-Match is current."""
    _document_name(name)
    with db.read() as conn:
        row = conn.execute(
            sa.select(documents.c.version, documents.c.envelope).where(
                documents.c.sync_id == sync_id, documents.c.name == name
            )
        ).first()
    version, envelope = (row.version, json.loads(row.envelope)) if row else (0, None)
    etag = f'"{version}"'
    if _etag_matches(request.headers.get("If-None-Match"), etag):
        return Response(status=304, headers={"ETag": etag})
    response = jsonify(name=name, version=version, envelope=envelope)
    response.headers["ETag"] = etag
    return response


def _expected_version() -> int:
    header = request.headers.get("If-Match")
    if not header:
        raise ApiError(428)
    match = _IF_MATCH.match(header)
    if match is None:
        raise ApiError(400, 'If-Match must be a quoted version like "3" ("0" for a first write).')
    return int(match.group(1))


def _lock_sync(conn: sa.Connection, sync_id: str, exclusive: bool = False) -> None:
    """Lock the sync's row for this transaction; 401 unless the authenticated key still opens it.

    Between the authentication and this transaction the sync may have been deleted or re-keyed
    on another device: a write must then neither fail on the foreign key nor store a document
    under the old data key. PostgreSQL holds the row lock (FOR SHARE for writers, FOR UPDATE for
    a key change or delete) until commit; SQLite's BEGIN IMMEDIATE already serialises writers.
    """
    query = sa.select(syncs.c.auth_hash).where(syncs.c.id == sync_id)
    current = conn.execute(query.with_for_update(read=not exclusive)).scalar()
    if current is None or not hmac.compare_digest(current, g.sync.auth_hash):
        raise ApiError(401)


@bp.put("/<sync_id>/documents/<name>")
@auth.required
def write_document(sync_id: str, name: str) -> Response:
    """Write a document if If-Match names its current version (atomic compare-and-set)."""
    _document_name(name)
    expected = _expected_version()
    request.max_content_length = validate.document_budget(name, current_app.config)
    body = validate.json_body()
    validate.only(body, ("envelope",), "The body")
    envelope = json.dumps(validate.envelope(body.get("envelope"), "envelope"))
    with db.write() as conn:
        _lock_sync(conn, sync_id)
        if expected == 0:
            try:
                with conn.begin_nested():
                    written = conn.execute(
                        upsert(conn, documents)
                        .values(sync_id=sync_id, name=name, version=1, envelope=envelope)
                        .on_conflict_do_nothing(index_elements=["sync_id", "name"])
                        .returning(documents.c.version)
                    ).first()
            except sa.exc.IntegrityError:
                # The row lock makes this unreachable; should a database not honour it, a sync
                # deleted meanwhile is still an unknown sync, not a 500.
                raise ApiError(401) from None
        else:
            written = conn.execute(
                documents.update()
                .where(
                    documents.c.sync_id == sync_id,
                    documents.c.name == name,
                    documents.c.version == expected,
                )
                .values(version=documents.c.version + 1, envelope=envelope)
                .returning(documents.c.version)
            ).first()
        if written is not None:
            current = written.version
        else:
            current = (
                conn.execute(
                    sa.select(documents.c.version).where(
                        documents.c.sync_id == sync_id, documents.c.name == name
                    )
                ).scalar()
                or 0
            )
    if written is None:
        raise ApiError(412, headers={"ETag": f'"{current}"'})
    response = jsonify(name=name, version=current)
    response.headers["ETag"] = f'"{current}"'
    return response


@bp.put("/<sync_id>/key")
@auth.required
def change_key(sync_id: str) -> Response:
    """Replace the key material and every document at once (passphrase change, new data key).

    The body carries each existing document re-encrypted under the new data key with the version
    the client read; one transaction swaps all of it, or nothing when a version moved meanwhile
    (412) or an existing document is missing (400). The old auth key stops working.
    """
    # Every document travels in this one body, so it may be as large as all of them together.
    request.max_content_length = current_app.config["MAX_DOCUMENT_BYTES"] + sum(
        validate.document_budget(name, current_app.config) for name in validate.DOCUMENT_NAMES
    )
    body = validate.json_body()
    kdf, auth_key, wrapped_key = validate.key_material(body, more=("documents",))
    replacements = validate.document_replacements(body.get("documents"))
    with db.write() as conn:
        _lock_sync(conn, sync_id, exclusive=True)
        current = _versions(conn, sync_id)
        moved = [name for name, (version, _) in replacements.items() if current[name] != version]
        if moved:
            raise ApiError(
                412,
                f"Changed since they were read: {', '.join(moved)}. Read, re-encrypt and retry.",
            )
        missing = [
            name for name, version in current.items() if version and name not in replacements
        ]
        if missing:
            raise ApiError(
                400,
                f"Every existing document must be re-encrypted; missing: {', '.join(missing)}.",
            )
        for name, (version, envelope) in replacements.items():
            if envelope is None:
                continue
            # The lock above keeps versions still; the condition is the compare-and-set anyway.
            replaced = conn.execute(
                documents.update()
                .where(
                    documents.c.sync_id == sync_id,
                    documents.c.name == name,
                    documents.c.version == version,
                )
                .values(version=documents.c.version + 1, envelope=json.dumps(envelope))
            )
            if replaced.rowcount != 1:
                raise ApiError(412)
        conn.execute(
            syncs.update()
            .where(syncs.c.id == sync_id)
            .values(
                auth_hash=hashlib.sha256(auth_key).digest(),
                kdf=json.dumps(kdf),
                wrapped_key=json.dumps(wrapped_key),
                # A new passphrase starts a new record of failed attempts.
                failed_count=0,
                failed_since=int(time.time()),
                failed_last=None,
            )
        )
        versions = _versions(conn, sync_id)
    return jsonify(
        sync_id=sync_id,
        documents={name: {"version": version} for name, version in versions.items()},
    )


@bp.delete("/<sync_id>")
@auth.required
def delete_sync(sync_id: str) -> Response:
    """Delete the sync and all its documents."""
    with db.write() as conn:
        _lock_sync(conn, sync_id, exclusive=True)
        conn.execute(documents.delete().where(documents.c.sync_id == sync_id))
        conn.execute(syncs.delete().where(syncs.c.id == sync_id))
    return Response(status=204)
