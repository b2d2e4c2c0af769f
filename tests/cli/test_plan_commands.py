"""`cordwainer plan …` and `cordwainer bench plan`, run as a person runs them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from cordwainer.bench.plan import default_instances
from tests.cli.test_commands import cordwainer
from tests.databases import SqliteTemplates
from tests.planning_checks import fjsp_violations

PLAN_COMMANDS = (
    "plan make",
    "plan show",
    "plan import",
    "plan dispatch",
    "plan absent",
    "plan fjsp",
    "bench plan",
)
MK01 = default_instances() / "instances" / "Mk01.fjs"


@pytest.fixture(scope="module")
def factory_url(sqlite_templates: SqliteTemplates) -> str:
    return sqlite_templates.fresh_url()


def test_every_plan_command_is_documented_in_docs_cli() -> None:
    manual = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in PLAN_COMMANDS:
        assert f"cordwainer {command}" in manual, f"docs/cli.md lacks `cordwainer {command}`"


def test_orders_are_imported_planned_and_shown(factory_url: str, tmp_path: Path) -> None:
    due = (date.today() + timedelta(days=12)).isoformat()
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "reference,customer,priority,colourway,due_on,size,width,quantity\n"
        f"W-1,Wholesale — Tokyo,high,U991PK2,{due},8,D,12\n"
        f"W-1,Wholesale — Tokyo,high,U991PK2,{due},9,D,6\n",
        encoding="utf-8",
    )

    imported = cordwainer("plan", "import", str(orders), database_url=factory_url)
    assert imported.returncode == 0, imported.stderr
    assert "1 orders, 18 pairs from 2 rows" in imported.stdout

    made = cordwainer("plan", "make", "--seconds", "1", "--json", database_url=factory_url)
    assert made.returncode == 0, made.stderr
    plan = json.loads(made.stdout)
    assert plan["state"] == "current"
    assert plan["racks"] == 2
    assert [stage["objective"] for stage in plan["stages"]][:2] == ["tardiness", "makespan"]

    shown = cordwainer("plan", "show", "--json", database_url=factory_url)
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["plan"]["id"] == plan["id"]
    assert body["load"]


def test_a_bad_file_is_said_plainly_with_exit_code_1(factory_url: str, tmp_path: Path) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text("customer,colourway,due_on,gtin,quantity\nShop,U991PK2,soon,1,1\n")
    done = cordwainer("plan", "import", str(orders), database_url=factory_url)
    assert done.returncode == 1
    assert "invalid_order_file" in done.stderr
    assert "row 2" in done.stderr


@pytest.mark.skipif(not MK01.exists(), reason="the Brandimarte instances are not there")
def test_plan_fjsp_prints_one_json_object_with_a_checked_schedule(tmp_path: Path) -> None:
    done = cordwainer(
        "plan", "fjsp", str(MK01), "--time-limit", "3", "--json",
        database_url=f"sqlite:///{tmp_path}/unused.sqlite",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) >= {"makespan", "lower_bound", "seconds", "schedule"}
    assert result["lower_bound"] <= 40 <= result["makespan"] <= 44
    text = MK01.read_text(encoding="utf-8")
    assert fjsp_violations(text, result["schedule"], result["makespan"]) == []
