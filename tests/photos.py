"""A small real image, made here, for tests that photograph a defect."""

from __future__ import annotations

import struct
import zlib


def png(width: int = 64, height: int = 48) -> bytes:
    """A PNG of a brown square with a red scratch across it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00"
        + b"".join(bytes((200, 30, 30) if abs(x - y) < 2 else (74, 49, 36)) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
