"""A photo of what was found wrong with a pair: a small JPEG, PNG or WebP image.

The terminal shrinks a photo before it sends it (about 100–300 kB); a photo is kept
only of a finding (a rework, a scrap, a metal alarm), once per pair and event.
"""

from __future__ import annotations

from dataclasses import dataclass

from cordwainer.domain.errors import InvalidValue, RuleBroken

MAX_PHOTO_BYTES = 2 * 1024 * 1024
FINDINGS = ("rework", "scrap", "fail")

# How each kind of image begins (its "magic number").
_SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}


@dataclass(frozen=True, slots=True)
class PhotoOfFinding:
    content_type: str
    data: bytes


def check_photo(content_type: str, data: bytes) -> PhotoOfFinding:
    """The photo, if it is a JPEG, PNG or WebP image of at most 2 MiB."""
    kind = content_type.strip().lower()
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidValue(
            f"The photo is {len(data) / 1024 / 1024:.1f} MiB; a photo may be at most 2 MiB. "
            "Take it again, a little further away.",
            code="photo_too_large",
            bytes=len(data),
        )
    starts = _SIGNATURES.get(kind, ())
    webp = kind != "image/webp" or data[8:12] == b"WEBP"
    if not data or not any(data.startswith(start) for start in starts) or not webp:
        raise InvalidValue(
            "That is not a JPEG, PNG or WebP photo. Take the photo again.",
            code="invalid_photo",
            content_type=kind,
        )
    return PhotoOfFinding(kind, data)


def check_finding_for_photo(result: str | None, serial: str) -> None:
    """A photo shows what was found wrong: a pair that passed has none."""
    if result not in FINDINGS:
        raise RuleBroken(
            f"Pair {serial} passed; a photo is kept only of what was found wrong with a pair.",
            code="photo_of_a_pass",
            serial=serial,
        )
