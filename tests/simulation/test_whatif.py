"""What if? Variants run side by side from one seed, compared in a table and a plot."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from cordwainer.cli.whatif import _comparison, _workcentres
from cordwainer.simulation.scenarios import read_scenario
from cordwainer.simulation.whatif import run_whatif
from cordwainer.simulation.whatif_plot import draw_whatif
from tests.databases import SqliteTemplates

SCENARIO = """
title: "One more closer?"
seed: 4
start: "2026-11-16"
days: 3
warm_up_days: 2
base: {pairs_per_day: 60}
variants:
  - name: "As today"
  - name: "One more closer on the late shift"
    hire:
      - {badge: "B2001", name: "Hannah Lowther", skills: {closing: 3}, shift: "late"}
"""


def test_whatif_compares_its_variants_in_a_table_and_a_plot(
    sqlite_templates: SqliteTemplates, tmp_path: Path
) -> None:
    (tmp_path / "closer.yaml").write_text(SCENARIO, encoding="utf-8")
    scenario = read_scenario(tmp_path / "closer.yaml")
    seen: list[tuple[str, int]] = []

    result = run_whatif(
        scenario,
        tmp_path,
        template=sqlite_templates.template,
        progress=lambda name, done, _: seen.append((name, done)),
    )
    png, svg = draw_whatif(result, tmp_path / "plots" / "closer")
    console = Console(record=True, width=200)
    console.print(_comparison(result))
    console.print(_workcentres(result))
    printed = console.export_text()

    assert [r.name for r in result.results] == ["As today", "One more closer on the late shift"]
    assert seen[-1] == ("One more closer on the late shift", 3)
    assert all(r.events > 0 for r in result.results)
    base = result.base.measures
    assert base.days == 1
    assert base.pairs_per_day > 0
    assert base.lead_days_median is not None
    assert 0 < (base.utilisation["closing"] or 0) <= 1
    hired = result.results[1].measures.utilisation["closing"] or 0
    assert hired < (base.utilisation["closing"] or 0), "the late shift opens the room longer"
    for text in ("As today", "One more closer on the late shift", "Pairs a day", "Closing"):
        assert text in printed
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]
