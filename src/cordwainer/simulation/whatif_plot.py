"""The what-if comparison as one picture a manager reads at a glance (PNG and SVG).

Four panels, each answering one question: how many pairs a day, how long from order to
box, how many pairs on the floor, and how busy each workcentre is. Drawn with
matplotlib's Agg canvas, without pyplot's global state.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from cordwainer.simulation.whatif import WhatIf

NAVY, SLATE, MOSS, BROWN = "#1f2f4a", "#5b6770", "#55683a", "#5a3a22"


def draw_whatif(whatif: WhatIf, stem: Path) -> tuple[Path, Path]:
    """Draw the comparison to ``stem``.png and ``stem``.svg; both paths."""
    names = [_wrapped(result.name) for result in whatif.results]
    figure = Figure(figsize=(13, 9), layout="constrained")
    figure.suptitle(
        f"{whatif.scenario.title}\n{len(whatif.results)} variants, seed {whatif.scenario.seed}, "
        f"{whatif.base.measures.days} working days measured after "
        f"{whatif.scenario.warm_up_days} to fill the floor",
        fontsize=12,
    )
    output, lead, wip, busy = figure.subplots(2, 2).flat
    _bars(
        output,
        names,
        [r.measures.pairs_per_day for r in whatif.results],
        "How many pairs are boxed a day?",
        "pairs a day",
        MOSS,
    )
    _lead_times(lead, whatif, names)
    _bars(
        wip,
        names,
        [r.measures.wip_average for r in whatif.results],
        "How many pairs are on the floor?",
        "pairs in progress (average)",
        SLATE,
    )
    _utilisation(busy, whatif, names)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    stem.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(png, dpi=130)
    figure.savefig(svg)
    return png, svg


def _wrapped(name: str, width: int = 12) -> str:
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _bars(
    axes: Axes, names: list[str], values: list[float], title: str, unit: str, colour: str
) -> None:
    bars = axes.bar(names, values, color=colour)
    axes.bar_label(bars, labels=[f"{value:,.0f}" for value in values], padding=3)
    axes.set_title(title, loc="left", fontweight="bold")
    axes.set_ylabel(unit)
    axes.tick_params(axis="x", labelsize=8)
    axes.margins(y=0.15)
    axes.spines[["top", "right"]].set_visible(False)


def _lead_times(axes: Axes, whatif: WhatIf, names: list[str]) -> None:
    medians = [r.measures.lead_days_median or 0.0 for r in whatif.results]
    p90 = [r.measures.lead_days_p90 or 0.0 for r in whatif.results]
    bars = axes.bar(names, medians, color=NAVY, label="half of the pairs within")
    axes.scatter(names, p90, marker="_", s=900, color=BROWN, zorder=3, label="nine in ten within")
    axes.bar_label(bars, labels=[f"{m:.1f}" for m in medians], padding=3)
    axes.set_title("How long from order to box?", loc="left", fontweight="bold")
    axes.set_ylabel("days (calendar)")
    axes.legend(loc="upper left", ncols=2, frameon=False, fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    axes.margins(y=0.3)
    axes.spines[["top", "right"]].set_visible(False)


def _utilisation(axes: Axes, whatif: WhatIf, names: list[str]) -> None:
    rows = [code for code, _ in whatif.workcentres]
    grid = [
        [(result.measures.utilisation.get(code) or 0.0) * 100 for result in whatif.results]
        for code in rows
    ]
    image = axes.imshow(grid, cmap="Greens", vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(range(len(names)), names, fontsize=8)
    axes.set_yticks(range(len(rows)), [name for _, name in whatif.workcentres])
    for y, row in enumerate(grid):
        for x, value in enumerate(row):
            axes.text(
                x,
                y,
                f"{value:.0f} %",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > 60 else "black",
            )
    axes.set_title("How busy is each workcentre?", loc="left", fontweight="bold")
    axes.figure.colorbar(image, ax=axes, label="share of open bench-time worked")
