"""The crypto envelope of PROTOCOL §1, with `cryptography` (the extension has the WebCrypto twin).

Every failure has its own exception type, so callers can tell a wrong passphrase from a tampered
document or a format this client does not know, and keep their local data in every case.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from .padding import pad

VERSION = 1
KDF_ALG = "PBKDF2-SHA256"
MIN_ITERATIONS = 600_000
MAX_ITERATIONS = 10_000_000
DATAKEY_AAD = b"nocontact/v1/datakey"


class EnvelopeError(Exception):
    """Base of every envelope failure."""


class WeakKdf(EnvelopeError):
    """The KDF parameters are weaker than the protocol allows, or unknown (possible downgrade)."""


class WrongPassphrase(EnvelopeError):
    """The data key does not unwrap: the passphrase (or the sync) is not the right one."""


class Tampered(EnvelopeError):
    """A document does not decrypt: it was altered, or belongs to another sync or name."""


class UnsupportedVersion(EnvelopeError):
    """The envelope or document uses a format version this client does not know."""


def b64u(data: bytes) -> str:
    """Encode unpadded base64url."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64u(text: object) -> bytes:
    """Decode unpadded base64url strictly."""
    if not isinstance(text, str) or "=" in text:
        raise ValueError("not unpadded base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as error:
        raise ValueError("not base64url") from error


@dataclass(frozen=True)
class Keys:
    """The two keys derived from the passphrase."""

    auth_key: bytes
    kek: bytes


def new_kdf(iterations: int = MIN_ITERATIONS) -> dict:
    """Return fresh KDF parameters with a random salt."""
    return {"alg": KDF_ALG, "iterations": iterations, "salt": b64u(os.urandom(16))}


def check_kdf(kdf: object) -> tuple[bytes, int]:
    """Return (salt, iterations) or raise WeakKdf for weak or unknown parameters."""
    if not isinstance(kdf, dict) or kdf.get("alg") != KDF_ALG:
        raise WeakKdf("unknown key derivation algorithm")
    iterations = kdf.get("iterations")
    if type(iterations) is not int or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise WeakKdf(f"iterations must be {MIN_ITERATIONS} to {MAX_ITERATIONS}")
    try:
        salt = unb64u(kdf.get("salt"))
    except ValueError:
        raise WeakKdf("the salt is not base64url") from None
    if len(salt) != 16:
        raise WeakKdf("the salt must be 16 bytes")
    return salt, iterations


def master_key(passphrase: str, kdf: dict) -> bytes:
    """Derive the 32-byte master key from the NFKC-normalised passphrase."""
    salt, iterations = check_kdf(kdf)
    pbkdf2 = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return pbkdf2.derive(unicodedata.normalize("NFKC", passphrase).encode())


def subkey(master: bytes, info: str) -> bytes:
    """Derive a 32-byte subkey with HKDF-SHA256 (empty salt)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info.encode()).derive(master)


def derive_keys(passphrase: str, kdf: dict) -> Keys:
    """Derive the auth key (sent to the server) and the key-encryption key (never sent)."""
    master = master_key(passphrase, kdf)
    return Keys(subkey(master, "nocontact/v1/auth"), subkey(master, "nocontact/v1/kek"))


def seal(key: bytes, plaintext: bytes, aad: bytes, iv: bytes | None = None) -> dict:
    """Encrypt with AES-256-GCM under a fresh random IV (fixed only for test vectors)."""
    iv = iv if iv is not None else os.urandom(12)
    return {"v": VERSION, "iv": b64u(iv), "ct": b64u(AESGCM(key).encrypt(iv, plaintext, aad))}


def _open(key: bytes, envelope: object, aad: bytes) -> bytes:
    if not isinstance(envelope, dict) or envelope.get("v") != VERSION:
        raise UnsupportedVersion("this envelope has a format version this client does not know")
    try:
        iv, ct = unb64u(envelope["iv"]), unb64u(envelope["ct"])
    except (KeyError, ValueError):
        raise Tampered("the envelope is malformed") from None
    if len(iv) != 12:
        raise Tampered("the envelope is malformed")
    return AESGCM(key).decrypt(iv, ct, aad)


def wrap_data_key(kek: bytes, data_key: bytes, iv: bytes | None = None) -> dict:
    """Wrap the data key under the key-encryption key."""
    return seal(kek, data_key, DATAKEY_AAD, iv)


def unwrap_data_key(kek: bytes, wrapped: object) -> bytes:
    """Unwrap the data key; a failure means the passphrase is wrong."""
    try:
        return _open(kek, wrapped, DATAKEY_AAD)
    except (InvalidTag, Tampered):
        raise WrongPassphrase("the passphrase does not open this sync") from None


def document_aad(sync_id: str, name: str) -> bytes:
    """Return the associated data binding a document to its sync and name."""
    return f"nocontact/v1/doc/{sync_id}/{name}".encode()


def _plaintext(document: dict) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def encrypt_document(
    data_key: bytes, sync_id: str, name: str, document: dict, iv: bytes | None = None
) -> dict:
    """Encrypt a plaintext document (compact JSON, UTF-8) as it is, as the vectors do."""
    return seal(data_key, _plaintext(document), document_aad(sync_id, name), iv)


def seal_document(
    data_key: bytes, sync_id: str, name: str, document: dict, iv: bytes | None = None
) -> dict:
    """Encrypt a document for the service: its JSON padded to its size bucket (padding.py)."""
    return seal(data_key, pad(_plaintext(document)), document_aad(sync_id, name), iv)


def reencrypt_document(
    old_key: bytes, new_key: bytes, sync_id: str, name: str, envelope: object
) -> dict:
    """Decrypt a document with the old data key and seal the same bytes under the new one.

    The plaintext is not parsed: a passphrase change carries over a document of a format this
    client does not know unchanged, rather than refusing or rewriting it.
    """
    aad = document_aad(sync_id, name)
    try:
        plaintext = _open(old_key, envelope, aad)
    except InvalidTag:
        raise Tampered("the document was altered or belongs elsewhere") from None
    return seal(new_key, plaintext, aad)


def decrypt_document(data_key: bytes, sync_id: str, name: str, envelope: object) -> dict:
    """Decrypt a document, raising Tampered or UnsupportedVersion instead of returning junk."""
    try:
        plaintext = _open(data_key, envelope, document_aad(sync_id, name))
    except InvalidTag:
        raise Tampered("the document was altered or belongs elsewhere") from None
    try:
        document = json.loads(plaintext)
    except ValueError:
        raise Tampered("the document is not JSON") from None
    if not isinstance(document, dict) or document.get("format") != VERSION:
        raise UnsupportedVersion("this document has a format this client does not know")
    return document
