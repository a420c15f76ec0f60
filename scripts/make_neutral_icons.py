"""Draw the neutral toolbar icon discreet mode shows (extension/icons/neutral-<size>.png).

A plain grey page with three lines: what any reading or notes tool might use, saying nothing about
what this extension is for. Pure Python (zlib + a PNG writer), drawn at 8x and averaged down so the
edges are smooth. Run once after changing it: `python scripts/make_neutral_icons.py`.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "extension" / "icons"
SIZES = (16, 32, 48, 128)
PAGE = (112, 117, 125)  # a quiet grey that reads on light and dark toolbars
LINE = (245, 246, 248)


def shape(x: float, y: float) -> tuple[int, int, int] | None:
    """The colour at (x, y) of a unit square, or None where it is transparent."""
    left, right, top, bottom, radius = 0.18, 0.82, 0.08, 0.92, 0.1
    # A rounded rectangle: how far outside the inner rectangle, within the corner radius.
    dx = max(left + radius - x, 0.0, x - (right - radius))
    dy = max(top + radius - y, 0.0, y - (bottom - radius))
    if dx * dx + dy * dy > radius * radius:
        return None
    for line_y, line_end in ((0.32, 0.7), (0.5, 0.7), (0.68, 0.58)):
        if abs(y - line_y) <= 0.045 and 0.3 <= x <= line_end:
            return LINE
    return PAGE


def render(size: int, scale: int = 8) -> bytes:
    """RGBA rows of the icon at `size` pixels, each pixel the average of scale x scale samples."""
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # PNG filter type: none
        for px in range(size):
            r = g = b = a = 0
            for sy in range(scale):
                for sx in range(scale):
                    colour = shape(
                        (px + (sx + 0.5) / scale) / size, (py + (sy + 0.5) / scale) / size
                    )
                    if colour:
                        r, g, b, a = r + colour[0], g + colour[1], b + colour[2], a + 255
            n = scale * scale
            covered = a // 255 or 1
            rows += bytes((r // covered, g // covered, b // covered, a // n))
    return bytes(rows)


def png(size: int) -> bytes:
    """The icon as PNG bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(render(size), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    for size in SIZES:
        (ICONS / f"neutral-{size}.png").write_bytes(png(size))
        print(f"wrote extension/icons/neutral-{size}.png")
