"""Who is badged in at a bench: a signed value only this server can make, for one bench,
for one shift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cordwainer.web.sessions import SHIFT, BadgeSession, Sealer

MORNING = datetime(2026, 11, 16, 7, 30, tzinfo=UTC)
ANNE_AT_MD = BadgeSession("MD-01", "B1045", MORNING)


def test_a_sealed_session_is_read_back_at_its_bench_during_the_shift() -> None:
    sealer = Sealer("a long random secret")
    value = sealer.seal(ANNE_AT_MD)
    assert sealer.unseal(value, "MD-01", MORNING + SHIFT) == ANNE_AT_MD


@pytest.mark.parametrize(
    ("station", "now"),
    [
        ("BOX-01", MORNING),  # another bench
        ("MD-01", MORNING + SHIFT + timedelta(seconds=1)),  # after the shift
        ("MD-01", MORNING - timedelta(minutes=1)),  # before it was made
    ],
)
def test_a_session_holds_at_its_own_bench_for_one_shift(station: str, now: datetime) -> None:
    sealer = Sealer("a long random secret")
    assert sealer.unseal(sealer.seal(ANNE_AT_MD), station, now) is None


def test_a_session_of_another_key_or_changed_by_hand_is_refused() -> None:
    value = Sealer("a long random secret").seal(ANNE_AT_MD)
    body, _, mac = value.rpartition(".")
    forged = Sealer("a long random secret").seal(BadgeSession("MD-01", "B1047", MORNING))
    assert Sealer("another secret").unseal(value, "MD-01", MORNING) is None
    assert (
        Sealer("a long random secret").unseal(f"{forged.split('.')[0]}.{mac}", "MD-01", MORNING)
        is None
    )
    assert Sealer("a long random secret").unseal(f"{body}x.{mac}", "MD-01", MORNING) is None


@pytest.mark.parametrize("value", ["", ".", "nodot", "bm90IGpzb24.abc"])
def test_a_malformed_value_is_no_session(value: str) -> None:
    assert Sealer("s").unseal(value, "MD-01", MORNING) is None


def test_a_well_signed_value_that_is_not_a_session_is_no_session() -> None:
    sealer = Sealer("s")
    body = "eyJzIjogMX0"  # {"s": 1}: no badge, no time
    value = f"{body}.{sealer._mac(body)}"
    assert sealer.unseal(value, "1", MORNING) is None
    junk = "bm90IGpzb24"  # not JSON at all
    assert sealer.unseal(f"{junk}.{sealer._mac(junk)}", "MD-01", MORNING) is None
