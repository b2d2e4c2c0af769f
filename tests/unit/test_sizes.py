"""A UK size read in EU and US sizes, and a width read in words."""

from __future__ import annotations

import pytest

from cordwainer.domain.catalogue import UK_SIZES
from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.sizes import shoe_size, width_name


@pytest.mark.parametrize(
    ("uk", "eu", "us"),
    [("4", "37", "4.5"), ("8", "42", "8.5"), ("9.5", "44", "10"), ("13", "48", "13.5")],
)
def test_a_uk_size_has_its_eu_and_us_equivalents(uk: str, eu: str, us: str) -> None:
    size = shoe_size(uk)

    assert (size.uk, size.eu, size.us) == (uk, eu, us)


def test_every_size_the_factory_makes_has_equivalents_that_grow_with_it() -> None:
    sizes = [shoe_size(uk) for uk in UK_SIZES]

    assert [float(s.eu) for s in sizes] == sorted({float(s.eu) for s in sizes})
    assert all(float(s.us) - float(s.uk) == 0.5 for s in sizes)


def test_a_size_that_is_not_a_uk_size_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        shoe_size("42")

    assert refused.value.code == "invalid_size"


def test_widths_are_named_in_words_and_unknown_ones_by_their_letters() -> None:
    assert [width_name(w) for w in ("B", "D", "2E", "4E", "6E")] == [
        "narrow",
        "standard",
        "wide",
        "extra wide",
        "6E",
    ]
