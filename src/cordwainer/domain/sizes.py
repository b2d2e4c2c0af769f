"""Sizes as a wearer reads them: the UK size the factory makes, with its EU and US equivalents.

The factory's lasts are graded in UK sizes (``catalogue.UK_SIZES``). The equivalents are
the brand's unisex chart, where a US size is the men's size, half a size above the UK
one, and the EU sizes follow the Paris-point grading the brand prints on its boxes (so
the EU step between two half sizes is not always the same). Widths are letters; each
has a word for the people who do not know the letters.
"""

from __future__ import annotations

from dataclasses import dataclass

from cordwainer.domain.errors import InvalidValue

# UK size -> EU size, from UK 3 to UK 14.5.
EU_OF_UK = {
    "3": "35.5",
    "3.5": "36",
    "4": "37",
    "4.5": "37.5",
    "5": "38",
    "5.5": "38.5",
    "6": "39.5",
    "6.5": "40",
    "7": "40.5",
    "7.5": "41.5",
    "8": "42",
    "8.5": "42.5",
    "9": "43",
    "9.5": "44",
    "10": "44.5",
    "10.5": "45",
    "11": "45.5",
    "11.5": "46.5",
    "12": "47",
    "12.5": "47.5",
    "13": "48",
    "13.5": "49",
    "14": "49.5",
    "14.5": "50",
}

WIDTH_NAMES = {"B": "narrow", "D": "standard", "2E": "wide", "4E": "extra wide"}


@dataclass(frozen=True, slots=True)
class ShoeSize:
    """One size in the three systems a wearer may know."""

    uk: str
    eu: str
    us: str


def _number(value: float) -> str:
    return f"{value:g}"


def shoe_size(uk: str) -> ShoeSize:
    """The EU and US equivalents of UK size ``uk`` (``"8"`` → EU 42, US 8.5)."""
    if uk not in EU_OF_UK:
        raise InvalidValue(f"{uk!r} is not a UK size.", code="invalid_size", size=uk)
    return ShoeSize(uk=uk, eu=EU_OF_UK[uk], us=_number(float(uk) + 0.5))


def width_name(width: str) -> str:
    """``D`` → ``standard``; a width the chart does not know is named by its letters."""
    return WIDTH_NAMES.get(width, width)
