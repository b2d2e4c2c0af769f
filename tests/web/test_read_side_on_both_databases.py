"""The passport and the dashboard read the same from SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from cordwainer.domain.errors import InvalidValue, NotFound
from cordwainer.services import dashboard, floor, stations
from cordwainer.services.passport import passport_for, recently_boxed
from cordwainer.services.racks import rack_view
from cordwainer.storage.database import Database
from tests.floor_walk import Floor


@pytest.fixture
def boxed_rack(factory: Database) -> str:
    """A rack of the 991v2 in soft pink, its first pair sent back once at closing, boxed."""
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=12))
    shop.through(rack, "preparation")
    first = rack_view(factory, rack).pairs[0].serial
    shop.craft("closing", rack, findings=(floor.FindingInput(first, "rework", "CLS-STITCH-LEN"),))
    shop.craft("closing", rack, first)
    for operation in ("lasting", "sole_preparation", "sole_attaching", "finishing"):
        shop.craft(operation, rack)
    shop.craft("final_inspection", rack)
    shop.metal_scan(rack)
    shop.box(rack)
    return rack


def test_a_boxed_pairs_passport_reads_alike_on_both_databases(
    factory: Database, boxed_rack: str
) -> None:
    pair = rack_view(factory, boxed_rack).pairs[0]

    passport = passport_for(factory, pair.gtin, pair.serial)

    assert passport.is_finished
    assert passport.style_name == "991v2"
    assert passport.colourway_name == "Soft pink"
    assert passport.made_on is not None
    assert [step.operation for step in passport.steps][:3] == [
        "Clicking",
        "Preparation",
        "Closing",
    ]
    assert len(passport.steps) == 10
    assert {material.country for material in passport.materials} >= {"IT", "PT", "GB"}
    assert any(material.received_on for material in passport.materials)
    assert passport.hands == len(passport.makers) > 0
    assert all(maker.roles for maker in passport.makers)
    assert passport.digital_link.endswith(f"/01/{pair.gtin}/21/{pair.serial}")
    on_rack = {p.serial for p in rack_view(factory, boxed_rack).pairs}
    assert recently_boxed(factory, 1)[0].serial in on_rack


def test_the_dashboard_figures_read_alike_on_both_databases(
    factory: Database, boxed_rack: str
) -> None:
    figures = dashboard.dashboard(factory)
    closing = next(step for step in figures.first_pass_yield if step.operation == "closing")

    assert sum(day.pairs for day in figures.boxed_per_day) == 12
    assert figures.boxed == 12
    assert figures.pairs_in_progress == 0
    assert (closing.pairs_checked, closing.passed_first_time) == (12, 11)
    assert figures.work_in_progress[0].operation == "clicking"
    assert stations.station(factory, "MD-01").kind == "metal_detection"
    assert stations.workcentres(factory)[0].stations[0] == "CLK-01"


def test_a_pair_never_made_is_not_found_and_a_bad_gtin_is_invalid(factory: Database) -> None:
    with pytest.raises(NotFound) as missing:
        passport_for(factory, "05012345000817", "999999999")
    with pytest.raises(InvalidValue) as invalid:
        passport_for(factory, "05012345000818", "1")

    assert missing.value.code == "pair_not_found"
    assert invalid.value.code == "invalid_gtin"
