"""The Teams app's two icons, drawn in code (a jar with a light bulb in it) and encoded by a small PNG writer,
so no image file or imaging library is needed."""
from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from typing import Iterable

ACCENT_COLOR = "#2E7D6B"
COLOR_SIZE, OUTLINE_SIZE = 192, 32
Pixel = tuple[int, ...]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(width: int, height: int, rows: Iterable[Iterable[Pixel]], alpha: bool) -> bytes:
    """An 8-bit truecolour PNG (colour type 2 RGB, or 6 RGBA): signature, IHDR, one IDAT, IEND."""
    channels = 4 if alpha else 3
    raw = bytearray()
    count = 0
    for row in rows:
        line = bytes(channel for pixel in row for channel in pixel)
        if len(line) != width * channels:
            raise ValueError(f"row {count}: {len(line)} bytes, expected {width * channels}")
        raw.append(0)  # filter type None for every scanline
        raw += line
        count += 1
    if count != height:
        raise ValueError(f"{count} rows, expected {height}")
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )


def _rgb(hex_color: str) -> Pixel:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def _in_rounded_rect(x: float, y: float, left: float, top: float, right: float, bottom: float, radius: float) -> bool:
    """Whether (x, y) lies in the rectangle with corners rounded by `radius`."""
    if not (left <= x <= right and top <= y <= bottom):
        return False
    nearest_x = min(max(x, left + radius), right - radius)
    nearest_y = min(max(y, top + radius), bottom - radius)
    return (x - nearest_x) ** 2 + (y - nearest_y) ** 2 <= radius ** 2


def _in_circle(x: float, y: float, cx: float, cy: float, radius: float) -> bool:
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


@lru_cache(maxsize=1)
def color_icon() -> bytes:
    """192x192 full colour: a jar in the accent colour, a light bulb inside, on a pale background."""
    background, jar, lid, bulb, base = _rgb("#EEF6F3"), _rgb(ACCENT_COLOR), _rgb("#1F574A"), _rgb("#FFD54F"), _rgb("#F5F5F5")

    def pixel(px: int, py: int) -> Pixel:
        x, y = px + 0.5, py + 0.5  # sample at the pixel's centre
        if _in_rounded_rect(x, y, 60, 34, 132, 56, 6):
            return lid
        if _in_rounded_rect(x, y, 44, 58, 148, 170, 24):
            if _in_circle(x, y, 96, 104, 26):
                return bulb
            if _in_rounded_rect(x, y, 84, 126, 108, 146, 4):
                return base
            return jar
        return background

    rows = ([pixel(px, py) for px in range(COLOR_SIZE)] for py in range(COLOR_SIZE))
    return encode_png(COLOR_SIZE, COLOR_SIZE, rows, alpha=False)


@lru_cache(maxsize=1)
def outline_icon() -> bytes:
    """32x32 white on transparent, as Teams requires: the jar's lid, its walls and a dot for the bulb."""
    white, clear = (255, 255, 255, 255), (255, 255, 255, 0)

    def pixel(px: int, py: int) -> Pixel:
        x, y = px + 0.5, py + 0.5
        lid = _in_rounded_rect(x, y, 10, 3, 22, 7, 1)
        walls = _in_rounded_rect(x, y, 6, 9, 26, 29, 5) and not _in_rounded_rect(x, y, 8, 11, 24, 27, 3)
        bulb = _in_circle(x, y, 16, 18, 4) or _in_rounded_rect(x, y, 14, 22, 18, 24, 0)
        return white if lid or walls or bulb else clear

    rows = ([pixel(px, py) for px in range(OUTLINE_SIZE)] for py in range(OUTLINE_SIZE))
    return encode_png(OUTLINE_SIZE, OUTLINE_SIZE, rows, alpha=True)
