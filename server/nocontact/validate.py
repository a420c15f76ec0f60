"""Shape checks for request bodies: a clear 400 message for anything the protocol does not allow."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any

from flask import request

from .errors import ApiError

_B64U = re.compile(r"\A[A-Za-z0-9_-]*\Z")
SYNC_ID = re.compile(r"\A[a-z2-7]{26}\Z")
DOCUMENT_NAMES = ("blocklist", "journal", "settings", "records")
# The sealed records of what a listed person posted (PROTOCOL §3.4) grow with their text, so they
# have a budget of their own (MAX_RECORDS_BYTES); every other document has MAX_DOCUMENT_BYTES.
LARGE_DOCUMENTS = {"records": "MAX_RECORDS_BYTES"}
MIN_ITERATIONS = 600_000
MAX_ITERATIONS = 10_000_000
# The deepest body the protocol has is the passphrase change (body, documents, name, entry,
# envelope: 5); anything much deeper is not ours, and unbounded depth exhausts the parser's stack.
MAX_JSON_DEPTH = 8


def b64u_decode(value: Any, field: str) -> bytes:
    """Decode unpadded base64url or raise 400 naming the field."""
    if not isinstance(value, str) or not _B64U.match(value) or len(value) % 4 == 1:
        raise ApiError(400, f"'{field}' must be unpadded base64url text.")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise ApiError(400, f"'{field}' must be unpadded base64url text.") from None


def _too_deep(value: Any, limit: int) -> bool:
    # A loop, not recursion: the check must not itself run out of stack.
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def json_body() -> dict:
    """Return the JSON object body; 415 when not JSON, 400 when malformed, too deep or no object."""
    if not request.is_json:
        raise ApiError(415)
    nested = f"The body is nested more than {MAX_JSON_DEPTH} levels deep."
    try:
        body = json.loads(request.get_data(cache=True))
    except RecursionError:
        # The C parser stops at the interpreter's recursion limit with this, not a ValueError.
        raise ApiError(400, nested) from None
    except ValueError:
        raise ApiError(400, "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.")
    if _too_deep(body, MAX_JSON_DEPTH):
        raise ApiError(400, nested)
    return body


def whole_number(value: Any) -> int | None:
    """Return a JSON whole number (3, or 3.0 as JSON Schema also counts it) as an int, else None."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    return None


def only(value: dict, allowed: tuple[str, ...], field: str) -> None:
    """Refuse an object with fields the protocol does not have (400 naming the allowed ones)."""
    if not set(value) <= set(allowed):
        raise ApiError(400, f"{field} takes only {', '.join(allowed)}.")


def kdf(value: Any) -> dict:
    """Check KDF parameters: PBKDF2-SHA256, 600000..10000000 iterations, a 16-byte salt."""
    if not isinstance(value, dict) or value.get("alg") != "PBKDF2-SHA256":
        raise ApiError(400, "'kdf' must be {alg: PBKDF2-SHA256, iterations, salt}.")
    only(value, ("alg", "iterations", "salt"), "'kdf'")
    iterations = whole_number(value.get("iterations"))
    if iterations is None or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ApiError(400, f"'kdf.iterations' must be {MIN_ITERATIONS} to {MAX_ITERATIONS}.")
    if len(b64u_decode(value.get("salt"), "kdf.salt")) != 16:
        raise ApiError(400, "'kdf.salt' must be 16 bytes.")
    return {"alg": "PBKDF2-SHA256", "iterations": iterations, "salt": value["salt"]}


def auth_key(value: Any) -> bytes:
    """Check and decode a 32-byte auth key."""
    key = b64u_decode(value, "auth_key")
    if len(key) != 32:
        raise ApiError(400, "'auth_key' must be 32 bytes.")
    return key


def envelope(value: Any, field: str, exact_ct: int | None = None) -> dict:
    """Check an encrypted envelope {v: 1, iv: 12 bytes, ct: at least the 16-byte tag}."""
    if not isinstance(value, dict) or set(value) != {"v", "iv", "ct"}:
        raise ApiError(400, f"'{field}' must be {{v, iv, ct}}.")
    if whole_number(value["v"]) != 1:
        raise ApiError(400, f"'{field}.v' must be 1, the only format version this server knows.")
    if len(b64u_decode(value["iv"], f"{field}.iv")) != 12:
        raise ApiError(400, f"'{field}.iv' must be 12 bytes.")
    ct = b64u_decode(value["ct"], f"{field}.ct")
    if len(ct) < 16 or (exact_ct is not None and len(ct) != exact_ct):
        raise ApiError(400, f"'{field}.ct' has the wrong length.")
    return {"v": 1, "iv": value["iv"], "ct": value["ct"]}


MAX_VERSION = 10**18 - 1


def document_replacements(value: Any) -> dict[str, tuple[int, dict | None]]:
    """Check a passphrase change's {name: {version, envelope}}; map name to (version, envelope).

    A version is the one the client read; 0 (with a null envelope) says the client saw no such
    document, so the change is refused should one appear meanwhile.
    """
    if not isinstance(value, dict):
        raise ApiError(400, "'documents' must be an object of {name: {version, envelope}}.")
    checked: dict[str, tuple[int, dict | None]] = {}
    for name, entry in value.items():
        field = f"documents.{name}"
        if name not in DOCUMENT_NAMES:
            raise ApiError(400, f"'documents' may only name {', '.join(DOCUMENT_NAMES)}.")
        if not isinstance(entry, dict) or set(entry) != {"version", "envelope"}:
            raise ApiError(400, f"'{field}' must be {{version, envelope}}.")
        version = whole_number(entry["version"])
        if version is None or not 0 <= version <= MAX_VERSION:
            raise ApiError(400, f"'{field}.version' must be a whole number from 0.")
        if version == 0:
            if entry["envelope"] is not None:
                raise ApiError(400, f"'{field}' was never written: its envelope must be null.")
            checked[name] = (0, None)
        else:
            checked[name] = (version, envelope(entry["envelope"], f"{field}.envelope"))
    return checked


def key_material(body: dict, more: tuple[str, ...] = ()) -> tuple[dict, bytes, dict]:
    """Check {kdf, auth_key, wrapped_key} of create and passphrase change (`more`: other fields)."""
    only(body, ("kdf", "auth_key", "wrapped_key", *more), "The body")
    # A wrapped 32-byte data key is 32 bytes of ciphertext plus the 16-byte tag.
    return (
        kdf(body.get("kdf")),
        auth_key(body.get("auth_key")),
        envelope(body.get("wrapped_key"), "wrapped_key", 48),
    )


def document_budget(name: str, config: Mapping[str, Any]) -> int:
    """Return the largest body a write of this document may have (bytes)."""
    return int(config[LARGE_DOCUMENTS.get(name, "MAX_DOCUMENT_BYTES")])
