"""Rule packs (shared/PROTOCOL.md "Rule packs"): signed newer copies of the site files' data.

The same rules as the extension's extension/lib/rules/verify.js, for the server's install command
and the maintainer's CLI: canonical JSON (keys sorted by UTF-16 code units, no spaces, UTF-8,
integers only), ECDSA P-256 / SHA-256 with the signature as base64url of the raw r||s, and the
checks that refuse a pack (the reasons below). Both run shared/vectors/rule-packs.json.

No Flask here: the command-line client imports it too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

MAX_PACK_BYTES = 256 * 1024
PACK_FORMAT = 1

# The registry's platforms (extension/lib/sites.js); tests/client/test_rules_cli.py checks this
# against the schema's enum, which scripts/sync-sites.mjs writes from the registry.
PLATFORMS = (
    "x",
    "facebook",
    "instagram",
    "reddit",
    "youtube",
    "tiktok",
    "linkedin",
    "bluesky",
    "threads",
    "mastodon",
)

REASONS = (
    "too_large",
    "malformed",
    "unknown_key",
    "bad_signature",
    "not_newer",
    "unknown_field",
    "unknown_platform",
    "bad_value",
    "code_like",
)

CODE_LIKE = tuple(
    re.compile(form, flags)
    for form, flags in (
        (r"javascript\s*:", re.I),
        (r"vbscript\s*:", re.I),
        (r"data\s*:\s*text/html", re.I),
        (r"=>", 0),
        (r"\bfunction\s*\*?\s*\(", re.I),
        (r"<\s*/?\s*script", re.I),
        (r"\beval\s*\(", re.I),
        (r"\bimport\s*\(", re.I),
        (r"\bnew\s+Function\b", re.I),
        (r"\bset(?:Timeout|Interval)\s*\(", re.I),
        (r"\$\{", 0),
    )
)
FORBIDDEN_KEYS = frozenset({"__proto__", "constructor", "prototype"})

_OF = "of"
SHAPES: dict[str, dict[str, Any]] = {
    "site": {
        "fields": {"dom": "dom", "profiles": {_OF: "profile"}, "health": "health"},
        "required": [],
    },
    "dom": {
        "fields": {
            "items": {_OF: "item"},
            "attributes": {_OF: "string"},
            "navigationEvents": {_OF: "string"},
            "unblockControls": {_OF: "control"},
        },
        "required": ["items"],
    },
    "item": {
        "fields": {
            "kind": [
                "post",
                "reply",
                "comment",
                "repost",
                "quote",
                "user",
                "suggestion",
                "placeholder",
            ],
            "selector": "string",
            "hide": "string",
            "authors": {_OF: "reader"},
            "permalink": "permalink",
            "messages": ["row", "conversation"],
        },
        "required": ["kind", "selector", "authors"],
    },
    "reader": {
        "fields": {
            "selector": "string",
            "attr": "string",
            "pattern": "regex",
            "as": ["handle", "id", "either"],
            "notInside": "string",
            "first": "boolean",
        },
        "required": ["attr", "pattern", "as"],
    },
    "permalink": {
        "fields": {"selector": "string", "attr": "string", "template": "string"},
        "required": ["attr"],
    },
    "control": {
        "fields": {
            "selector": "string",
            "where": "regex",
            "row": "string",
            "authors": {_OF: "reader"},
            "page": "boolean",
        },
        "required": ["selector"],
    },
    "profile": {
        "fields": {
            "pattern": "regex",
            "param": "string",
            "value": "regex",
            "handle": "int",
            "id": "int",
            "domain": "int",
            "idIf": "regex",
            "reserved": {_OF: "string"},
        },
        "required": ["pattern"],
    },
    "health": {"fields": {"itemPages": {_OF: "regex"}}, "required": ["itemPages"]},
}
PACK_FIELDS = ("format", "version", "date", "sites")
ENVELOPE_FIELDS = ("pack", "signature", "key_id")
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}(?:T[0-9:.]+Z)?\Z")
SAFE_INTEGER = 2**53 - 1


class Refused(ValueError):
    """A pack that may not be used: `reason` is one of REASONS, `where` the path of the value."""

    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(f"{reason} at {where}" if where else reason)
        self.reason = reason
        self.where = where


def b64u(data: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64u(text: str) -> bytes:
    """Strict unpadded base64url (as extension/lib/base64url.js)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _is_int(value: Any) -> bool:
    return type(value) is int and -SAFE_INTEGER <= value <= SAFE_INTEGER


_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(text: str) -> str:
    # JSON.stringify's escaping: the short forms, other controls and lone surrogates as \u00xx.
    out = []
    for char in text:
        code = ord(char)
        if char in _SHORT:
            out.append(_SHORT[char])
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _js_number(text: str) -> int | float:
    # JSON.parse reads 7.0 and 7e0 as the integer 7: so does this side.
    number = float(text)
    return int(number) if number.is_integer() and abs(number) <= SAFE_INTEGER else number


def canonical_json(value: Any) -> str:
    """The canonical text, exactly as the extension's canonicalJson writes it."""
    if isinstance(value, list):
        return "[" + ",".join(canonical_json(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=_utf16)
        return "{" + ",".join(f"{_string(k)}:{canonical_json(value[k])}" for k in keys) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not _is_int(value):
            raise TypeError("not a safe integer")
        return str(value)
    if isinstance(value, str):
        return _string(value)
    raise TypeError("not plain data")


def canonical_bytes(pack: dict) -> bytes:
    """The bytes a pack's signature covers."""
    return canonical_json(pack).encode("utf-8", "surrogatepass")


def _plain(value: Any, where: str) -> None:
    if isinstance(value, str):
        if any(form.search(value) for form in CODE_LIKE):
            raise Refused("code_like", where)
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        if not _is_int(value):
            raise Refused("bad_value", where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _plain(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in FORBIDDEN_KEYS:
                raise Refused("code_like", f"{where}.{key}")
            _plain(key, f"{where}.{key}")
            _plain(item, f"{where}.{key}")
    else:
        raise Refused("bad_value", where)


def _typed(value: Any, kind: Any, where: str) -> None:
    if isinstance(kind, list):
        if not isinstance(value, str) or value not in kind:
            raise Refused("bad_value", where)
        return
    if isinstance(kind, dict):
        if not isinstance(value, list):
            raise Refused("bad_value", where)
        for i, item in enumerate(value):
            _typed(item, kind[_OF], f"{where}[{i}]")
        return
    if kind == "string":
        ok = isinstance(value, str)
    elif kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "int":
        ok = _is_int(value) and 0 <= value <= 99
    elif kind == "regex":
        # A JavaScript pattern: Python's re reads some differently, so only the extension compiles
        # it (a pattern that does not compile there is refused there as bad_value).
        ok = isinstance(value, str)
    else:
        shape = SHAPES[kind]
        if not isinstance(value, dict):
            raise Refused("bad_value", where)
        for key in value:
            if key not in shape["fields"]:
                raise Refused("unknown_field", f"{where}.{key}")
        for key in shape["required"]:
            if key not in value:
                raise Refused("bad_value", f"{where}.{key}")
        for key, field in shape["fields"].items():
            if key in value:
                _typed(value[key], field, f"{where}.{key}")
        return
    if not ok:
        raise Refused("bad_value", where)


def check_pack(pack: Any, applied_version: int = 0, platforms: tuple[str, ...] = PLATFORMS) -> None:
    """Raise Refused unless a verified pack may replace rules at `applied_version`."""
    if not isinstance(pack, dict):
        raise Refused("malformed", "pack")
    for key in pack:
        if key not in PACK_FIELDS:
            raise Refused("unknown_field", f"pack.{key}")
    if pack.get("format") != PACK_FORMAT or isinstance(pack.get("format"), bool):
        raise Refused("malformed", "pack.format")
    version = pack.get("version")
    if not isinstance(version, int) or not _is_int(version) or version < 1:
        raise Refused("malformed", "pack.version")
    if not isinstance(pack.get("date"), str) or not _DATE.match(pack["date"]):
        raise Refused("malformed", "pack.date")
    if not isinstance(pack.get("sites"), dict):
        raise Refused("malformed", "pack.sites")
    if version <= applied_version:
        raise Refused("not_newer", "pack.version")
    _plain(pack["sites"], "pack.sites")
    for platform, site in pack["sites"].items():
        if platform not in platforms:
            raise Refused("unknown_platform", f"pack.sites.{platform}")
        _typed(site, "site", f"pack.sites.{platform}")


@dataclass(frozen=True)
class PublicKey:
    """A shipped verification key: its short id and JWK (P-256)."""

    key_id: str
    jwk: dict

    def load(self) -> ec.EllipticCurvePublicKey:
        """The key for `cryptography`."""
        x = int.from_bytes(unb64u(self.jwk["x"]), "big")
        y = int.from_bytes(unb64u(self.jwk["y"]), "big")
        return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()


def key_id_of(public: ec.EllipticCurvePublicKey) -> str:
    """The short id of a key: base64url of the first 9 bytes of SHA-256 of its point (X9.62)."""
    point = public.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64u(hashlib.sha256(point).digest()[:9])


def public_jwk(public: ec.EllipticCurvePublicKey) -> dict:
    """The public key as a JWK, the form extension/lib/rules/keys.js holds."""
    numbers = public.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64u(numbers.x.to_bytes(32, "big")),
        "y": b64u(numbers.y.to_bytes(32, "big")),
    }


def public_key_entry(public: ec.EllipticCurvePublicKey) -> PublicKey:
    """The shipped-key entry for a public key."""
    return PublicKey(key_id_of(public), public_jwk(public))


def sign(private: ec.EllipticCurvePrivateKey, pack: dict) -> dict:
    """The envelope of a pack signed with `private`; a pack that would be refused is not signed."""
    check_pack(pack)
    der = private.sign(canonical_bytes(pack), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return {"pack": pack, "signature": b64u(raw), "key_id": key_id_of(private.public_key())}


def verify(
    text: str | bytes,
    keys: list[PublicKey],
    applied_version: int = 0,
    platforms: tuple[str, ...] = PLATFORMS,
) -> dict:
    """Return the envelope of a pack that may be used, or raise Refused (as verifyEnvelope)."""
    raw_text = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if len(raw_text) > MAX_PACK_BYTES:
        raise Refused("too_large")
    try:
        envelope = json.loads(raw_text, parse_float=_js_number)
    except ValueError:
        raise Refused("malformed") from None
    if not isinstance(envelope, dict) or any(key not in ENVELOPE_FIELDS for key in envelope):
        raise Refused("malformed", "envelope")
    pack, signature, key_id = (envelope.get(name) for name in ENVELOPE_FIELDS)
    if not isinstance(pack, dict) or not isinstance(signature, str) or not isinstance(key_id, str):
        raise Refused("malformed", "envelope")
    key = next((known for known in keys if known.key_id == key_id), None)
    if key is None:
        raise Refused("unknown_key", "key_id")
    try:
        message = canonical_bytes(pack)
        raw = unb64u(signature)
    except (TypeError, ValueError):
        raise Refused("malformed", "pack") from None
    if len(raw) != 64:
        raise Refused("bad_signature", "signature")
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        key.load().verify(der, message, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        raise Refused("bad_signature", "signature") from None
    check_pack(pack, applied_version, platforms)
    return envelope


def shipped_keys() -> list[dict]:
    """The keys that ship with the extension, as the server's copy (rule_keys.json) holds them."""
    from importlib import resources

    return json.loads(resources.files(__package__).joinpath("rule_keys.json").read_text())


def load_private_key(pem: bytes) -> ec.EllipticCurvePrivateKey:
    """A maintainer's P-256 private key from PEM (unencrypted, as keygen writes it)."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError("not a P-256 private key")
    return key


def new_private_key() -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    """A new P-256 key and its PEM (PKCS#8)."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key, pem


def today() -> str:
    """Today's date in the form a pack's `date` takes."""
    return date.today().isoformat()
