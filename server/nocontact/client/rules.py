"""The extension's rules for a passphrase and a server address, for the CLI to apply the same ones.

The extension is the reference (extension/lib/sync/passphrase.js and server.js); the cases in
shared/vectors/passphrase.json and server.json are run against both implementations. Where
JavaScript and Python differ (string length, trim, \\s, URL parsing) this module does what
JavaScript does, and where it cannot be sure of the same reading of an address it refuses it.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import re
import unicodedata
from pathlib import Path

DEFAULT_SERVER = "http://127.0.0.1:5080"
MIN_LENGTH = 16
MIN_DISTINCT = 8
MIN_BITS = 60

# The word list is read from the extension's own file rather than copied: one list, so a
# passphrase made of list words is judged the same in the extension and here, whatever the list
# becomes. The CLI runs from the project's folder (an editable install), where the file is.
WORDLIST = Path(__file__).resolve().parents[3] / "extension" / "lib" / "sync" / "wordlist.js"

# JavaScript's \s and String.prototype.trim: WhiteSpace and LineTerminator. Python's \s and strip()
# differ (they take \x1c-\x1f and \x85, and leave U+FEFF).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_TRIM = re.compile(f"^[{_JS_SPACE}]+|[{_JS_SPACE}]+$")
_JS_SPACES = re.compile(f"[{_JS_SPACE}]")
_SEPARATORS = re.compile(f"[{_JS_SPACE}\\-_.]+")


class BadServer(ValueError):
    """The address is not one the extension would sync with (its code: bad_server)."""


@functools.cache
def words() -> frozenset[str]:
    """Return the extension's word list, parsed from its module (a template literal of lines)."""
    try:
        source = WORDLIST.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuntimeError(f"the word list {WORDLIST} is missing; run from the project") from None
    found = re.search(
        r"export const WORDS = Object\.freeze\(\s*`([^`]*)`\.split\(\"\\n\"\)", source
    )
    if found is None:
        raise RuntimeError(f"{WORDLIST} no longer has the shape this parser knows")
    return frozenset(found.group(1).split("\n"))


def _js_trim(text: str) -> str:
    return _JS_TRIM.sub("", text)


def _js_length(text: str) -> int:
    # String.prototype.length counts UTF-16 code units: an emoji is two.
    return len(text.encode("utf-16-le")) // 2


def estimate_bits(passphrase: str) -> float:
    """Estimate the bits of a passphrase as the extension does (estimateBits)."""
    text = _js_trim(unicodedata.normalize("NFKC", passphrase))
    tokens = [token for token in _SEPARATORS.split(text.lower()) if token]
    listed = words()
    if tokens and all(token in listed for token in tokens):
        # Repeated words add nothing.
        return len(set(tokens)) * math.log2(len(listed))
    pool = 0
    if re.search("[a-z]", text):
        pool += 26
    if re.search("[A-Z]", text):
        pool += 26
    if re.search("[0-9]", text):
        pool += 10
    if re.search("[^A-Za-z0-9]", text):
        pool += 33
    return _js_length(text) * math.log2(pool) / 2 if pool else 0


def passphrase_problem(passphrase: str | None) -> str | None:
    """Return why a passphrase is too weak ("short", "repetitive", "guessable"), or None."""
    text = _js_trim(unicodedata.normalize("NFKC", passphrase or ""))
    if _js_length(text) < MIN_LENGTH:
        return "short"
    if len(set(_JS_SPACES.sub("", text.lower()))) < MIN_DISTINCT:
        return "repetitive"
    if estimate_bits(text) < MIN_BITS:
        return "guessable"
    return None


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.S)
_NAME = re.compile(r"[a-z0-9._-]+")
_PORT = re.compile(r"[0-9]*")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _ipv4_part(part: str) -> int | None:
    if part[:2] == "0x":
        digits, base = part[2:], 16
    elif len(part) > 1 and part[0] == "0":
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    if digits == "":
        return 0 if base == 16 else None
    try:
        return int(digits, base) if re.fullmatch("[0-9a-f]+", digits) else None
    except ValueError:
        return None


def _ipv4(host: str) -> str | None:
    """The WHATWG reading of a host that ends in a number: an IPv4 address, or failure (raise)."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    if not (re.fullmatch("[0-9]+", last) or re.fullmatch("0x[0-9a-f]*", last)):
        return None
    numbers = [_ipv4_part(part) if part else None for part in parts]
    if len(parts) > 4 or any(number is None for number in numbers):
        raise BadServer("not an IPv4 address")
    values = [number for number in numbers if number is not None]
    if any(value > 255 for value in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        raise BadServer("IPv4 address out of range")
    address = values[-1] + sum(value * 256 ** (3 - i) for i, value in enumerate(values[:-1]))
    return str(ipaddress.IPv4Address(address))


def _ipv6(text: str) -> str:
    if "%" in text or "." in text:
        # Zones and embedded IPv4 are read differently by URL parsers: not worth the doubt.
        raise BadServer("unsupported IPv6 form")
    try:
        pieces = ipaddress.IPv6Address(text).exploded.split(":")
    except ValueError:
        raise BadServer("not an IPv6 address") from None
    # WHATWG's serialisation: the first longest run of two or more zero pieces becomes "::".
    best, best_len, start = -1, 1, None
    for i, piece in enumerate([*pieces, "end"]):
        if piece == "0000":
            start = i if start is None else start
            continue
        if start is not None and i - start > best_len:
            best, best_len = start, i - start
        start = None
    short = [format(int(piece, 16), "x") for piece in pieces]
    if best < 0:
        return "[" + ":".join(short) + "]"
    return "[" + ":".join(short[:best]) + "::" + ":".join(short[best + best_len :]) + "]"


def server_origin(text: str | None) -> str:
    """Return the origin of a server address the extension would accept (serverOrigin).

    https anywhere; plain http only on 127.0.0.1 or localhost; empty means the default (this
    machine). Raise BadServer otherwise, and for anything a URL parser might read two ways (a
    non-ASCII or percent-encoded host, spaces or control characters in it, no "//").
    """
    raw = _js_trim(text or "") or DEFAULT_SERVER
    found = _SCHEME.fullmatch(raw)
    if found is None:
        raise BadServer("no scheme")
    scheme, rest = found.group(1).lower(), found.group(2)
    if scheme not in _DEFAULT_PORTS or not rest.startswith("//"):
        raise BadServer("not http or https")
    # For http(s) a browser ends the authority at a backslash too.
    authority = re.split(r"[/\\?#]", rest[2:], maxsplit=1)[0]
    authority = authority.rpartition("@")[2]
    if authority.startswith("["):
        inside, bracket, port = authority[1:].partition("]")
        if not bracket or (port and not port.startswith(":")):
            raise BadServer("bad IPv6 host")
        host, port = _ipv6(inside), port[1:]
    else:
        name, _, port = authority.partition(":")
        name = name.lower()
        if not _NAME.fullmatch(name):
            raise BadServer("a host this client does not read the same way as a browser")
        host = _ipv4(name) or name
    if not _PORT.fullmatch(port) or (port and int(port) > 65535):
        raise BadServer("bad port")
    number = int(port) if port else None
    if scheme == "http" and host not in ("127.0.0.1", "localhost"):
        raise BadServer("plain http is only for this machine")
    suffix = f":{number}" if number is not None and number != _DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{host}{suffix}"
