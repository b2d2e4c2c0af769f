"""`cordwainer recall`, run as a person runs it: a summary, and a CSV to send on."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from cordwainer.services import floor
from cordwainer.storage.database import Database
from tests.cli.test_commands import _a_boxed_pair, cordwainer
from tests.databases import SqliteTemplates
from tests.floor_walk import Floor


@pytest.fixture(scope="module")
def worked_day(sqlite_templates: SqliteTemplates) -> Iterator[str]:
    """A demo factory with a rack made, boxed and shipped, and another only cut."""
    url = sqlite_templates.fresh_url()
    db = Database.connect(url)
    shop = Floor.of(db)
    rack = shop.release(shop.order(pairs=6))
    shop.through(rack, "final_inspection")
    shop.metal_scan(rack)
    shop.box(rack)
    floor.ship_pairs(
        db,
        floor.ShipCommand(
            uuid4(), shop.person("boxing"), "SH-0042", "Wholesale — Paris", rack=rack
        ),
    )
    shop.through(shop.release(shop.order(pairs=3)), "clicking")
    db.dispose()
    yield url
    sqlite_templates.drop(url)


def _a_lot_of_a_shipped_pair(url: str) -> tuple[dict[str, str], str]:
    pair = _a_boxed_pair(url)
    story = json.loads(
        cordwainer("trace", "pair", pair["gtin"], pair["serial"], "--json", database_url=url).stdout
    )
    return pair, story["lots"][0]["lot"]


def test_recall_writes_a_csv_with_one_row_per_pair(worked_day: str, tmp_path: Path) -> None:
    pair, lot = _a_lot_of_a_shipped_pair(worked_day)
    written = tmp_path / "recall.csv"

    done = cordwainer("recall", lot, "--csv", str(written), database_url=worked_day)

    assert done.returncode == 0, done.stderr
    assert f"Recall of lot {lot}" in done.stdout
    rows = list(csv.DictReader(written.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0]) == [
        "GTIN",
        "serial",
        "style",
        "colourway",
        "size",
        "width",
        "status",
        "shipment",
        "customer",
    ]
    assert f"{len(rows)} pairs written to" in done.stderr.replace("\n", "")
    mine = next(row for row in rows if row["serial"] == pair["serial"])
    assert mine["GTIN"] == pair["gtin"]
    assert mine["status"] == "shipped"
    assert mine["shipment"] == "SH-0042"
    assert mine["customer"] == "Wholesale — Paris"
    assert {row["status"] for row in rows} == {"shipped", "in_production"}
    assert len({row["serial"] for row in rows}) == len(rows)


def test_recall_prints_json_with_the_counts(worked_day: str) -> None:
    _, lot = _a_lot_of_a_shipped_pair(worked_day)

    done = cordwainer("recall", lot, "--json", database_url=worked_day)

    assert done.returncode == 0, done.stderr
    recall = json.loads(done.stdout)
    assert (recall["shipped"], recall["in_production"]) == (6, 3)
    assert sum(recall["by_status"].values()) == len(recall["pairs"])


def test_an_unknown_lot_is_said_plainly_with_exit_code_1(worked_day: str) -> None:
    done = cordwainer("recall", "L-0000-9999", database_url=worked_day)

    assert done.returncode == 1
    assert "There is no material lot L-0000-9999" in done.stderr
    assert "lot_not_found" in done.stderr
    assert "Traceback" not in done.stderr
