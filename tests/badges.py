"""The demo factory's people and their PINs, for tests that badge in as they would."""

from __future__ import annotations

from functools import cache

from cordwainer.demo.factory import read_factory

ANDY = "B1001"  # clicking 3: an expert clicker
MAGGIE = "B1007"  # preparation 3
CHRIS = "B1011"  # closing 3, final inspection 2
KAREN = "B1012"  # closing 3
ELLIE = "B1023"  # closing 1: a trainee closer
DAVIE = "B1025"  # lasting 3
ANNE = "B1045"  # final inspection 3: a supervisor
GAVIN = "B1047"  # metal detection 3, boxing 3


@cache
def pins() -> dict[str, str]:
    return {person.badge: person.pin for person in read_factory().operators}


def pin_of(badge: str) -> str:
    return pins()[badge]
