"""Well-formed key material and envelopes for API tests (random bytes: the server cannot tell)."""

from __future__ import annotations

import base64
import secrets


def b64u(data: bytes) -> str:
    """Encode unpadded base64url."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def key_material(auth_key: bytes | None = None) -> dict:
    """Return a create/passphrase-change body."""
    return {
        "kdf": {
            "alg": "PBKDF2-SHA256",
            "iterations": 600000,
            "salt": b64u(secrets.token_bytes(16)),
        },
        "auth_key": b64u(auth_key or secrets.token_bytes(32)),
        "wrapped_key": envelope(48),
    }


def envelope(ct_len: int = 64) -> dict:
    """Return an envelope-shaped value with random bytes."""
    return {"v": 1, "iv": b64u(secrets.token_bytes(12)), "ct": b64u(secrets.token_bytes(ct_len))}
