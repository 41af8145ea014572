"""Palette PNGs assembled from bands of rows deflated on their own, so that rows many images share are compressed once.

A PNG's pixels are one zlib stream (RFC 1950) of deflate data (RFC 1951) over its scanlines, each
led by a filter byte. Raw deflate data that a compressor ends with a full flush stops at a byte
boundary with no block marked final and refers to nothing before it, so separately compressed
bands can be joined byte for byte; an empty final block closes the stream. The zlib wrapper's
adler32 covers all the rows, and is combined from the bands' own checksums without reading the
rows again. The container holds IHDR, PLTE, IDAT and IEND (PNG specification, 3rd edition,
section 11), each with its crc32.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 1
STRATEGY = zlib.Z_RLE
"""Run-length matching only: as fast as level 1 on these images, and a fifth smaller."""
ZLIB_HEADER = b"\x78\x01"
"""Deflate with a 32 KB window, level 'fastest' (RFC 1950, section 2.2): what zlib writes at level 1."""
ADLER_BASE = 65521


def _compressor() -> Any:
    return zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 8, STRATEGY)


FINAL = _compressor().flush()
"""An empty deflate block marked final: the end of the stream."""


@dataclass(frozen=True, slots=True)
class Band:
    """Consecutive scanlines of an image, deflated on their own."""

    data: bytes
    """Raw deflate blocks ending at a byte boundary, none marked final."""
    adler: int
    """The adler32 of the scanlines."""
    length: int
    """How many bytes the scanlines are."""
    rows: int


def deflate(scanlines: bytes, rows: int) -> Band:
    """The band of `rows` scanlines (each a filter byte and its pixels, as `scanlines()` gives them)."""
    compressor = _compressor()
    data = compressor.compress(scanlines) + compressor.flush(zlib.Z_FULL_FLUSH)
    return Band(data, zlib.adler32(scanlines), len(scanlines), rows)


def scanlines(image: Any, bits: int) -> bytes:
    """The rows of a Pillow "L" image whose values are palette indices below 2**bits (`bits` 4 or 8), each led by
    the filter byte 0 (None): the image is packed with a byte's worth of zero pixels in front of every row."""
    from PIL import Image

    padded = Image.new("L", (image.width + 8 // bits, image.height), 0)
    padded.paste(image, (8 // bits, 0))
    return padded.tobytes("raw", f"L;{bits}") if bits < 8 else padded.tobytes()


def png(width: int, bits: int, palette: Sequence[int], bands: Sequence[Band]) -> bytes:
    """A palette PNG of the given bands, top to bottom; its height is the sum of their rows."""
    adler = 1
    for band in bands:
        adler = adler32_combine(adler, band.adler, band.length)
    stream = b"".join((ZLIB_HEADER, *(band.data for band in bands), FINAL, adler.to_bytes(4, "big")))
    height = sum(band.rows for band in bands)
    return b"".join(
        (
            SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bits, 3, 0, 0, 0)),
            _chunk(b"PLTE", bytes(palette)),
            _chunk(b"IDAT", stream),
            _chunk(b"IEND", b""),
        )
    )


def adler32_combine(first: int, second: int, length: int) -> int:
    """The adler32 of two byte strings one after the other, from the checksum of each and the second's length
    (zlib's adler32_combine, which Python's zlib does not offer)."""
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % ADLER_BASE
    # Each byte of the second string adds the first's running sum where it alone would have added 1.
    high = ((first >> 16) + (second >> 16) + length * ((first & 0xFFFF) - 1)) % ADLER_BASE
    return high << 16 | low


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))
