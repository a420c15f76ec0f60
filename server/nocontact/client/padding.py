"""Padding of a document's plaintext before encryption (PROTOCOL §1.3).

The twin of extension/lib/sync/padding.js: the JSON is followed by spaces up to the next size
bucket (4 KiB, 8 KiB ... 64 KiB, then every further 64 KiB), so the size of a ciphertext does not
tell how many people are on the list. JSON allows whitespace after the value: every reader, old
ones included, parses a padded document as it is.
"""

from __future__ import annotations

PAD_MIN_BYTES = 4096
PAD_STEP_BYTES = 65536


def padded_length(length: int) -> int:
    """Return the size a plaintext of `length` bytes is padded to."""
    if length > PAD_STEP_BYTES:
        return -(-length // PAD_STEP_BYTES) * PAD_STEP_BYTES
    size = PAD_MIN_BYTES
    while size < length:
        size *= 2
    return size


def pad(plaintext: bytes) -> bytes:
    """Return the plaintext followed by spaces up to its bucket."""
    return plaintext + b" " * (padded_length(len(plaintext)) - len(plaintext))
