"""The plan as bars on a time line: one row per bench or per person.

The time line holds working time only (nights, weekends and breaks are left out), so
a week fits one screen and a day can be read to the quarter hour. Positions are shares
of the width, from 0 to 1, for the page to draw.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from cordwainer.domain.calendar import Absence, working_windows
from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.floor import Station
from cordwainer.planning.timeline import Timeline
from cordwainer.services.plan_inputs import PlanSettings
from cordwainer.services.plan_views import plan_record
from cordwainer.storage.database import Database
from cordwainer.storage.plan_store import AssignmentRecord, PlanStore

VIEWS = ("station", "operator")
COLOURS = 8  # bars of a colourway share one of this many colours


@dataclass(frozen=True, slots=True)
class Bar:
    left: float
    width: float
    setup: float  # the share of the bar's width that is a changeover
    label: str
    title: str
    colour: int
    frozen: bool
    kind: str = "work"  # work | away


@dataclass(frozen=True, slots=True)
class GanttRow:
    key: str
    label: str
    detail: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class DayMark:
    day: date
    left: float
    width: float


@dataclass(frozen=True, slots=True)
class Gantt:
    by: str
    first_day: date
    days: int
    workcentre: str
    workcentres: tuple[tuple[str, str], ...]  # (code, name) for the filter
    plan_id: UUID | None
    rows: tuple[GanttRow, ...]
    day_marks: tuple[DayMark, ...]

    @property
    def previous_day(self) -> date:
        return self.first_day - timedelta(days=self.days)

    @property
    def next_day(self) -> date:
        return self.first_day + timedelta(days=self.days)


def gantt(
    db: Database,
    *,
    by: str = "station",
    first_day: date | None = None,
    days: int = 5,
    workcentre: str = "",
    settings: PlanSettings | None = None,
    plan_id: UUID | None = None,
) -> Gantt:
    """Bars of the plan from ``first_day`` for ``days`` working days."""
    settings = settings or PlanSettings()
    if by not in VIEWS:
        raise InvalidValue(f"A Gantt is by {' or '.join(VIEWS)}.", code="invalid_gantt_view")
    if not 1 <= days <= 14:
        raise InvalidValue("A Gantt shows 1 to 14 working days.", code="invalid_gantt_view")
    with db.looking() as uow:
        plan = plan_record(uow, plan_id)
        store = PlanStore(uow.connection)
        workcentres = store.workcentres()
        stations = uow.catalogue.stations()
        staff = uow.catalogue.staff()
        rows = store.assignments(plan.id) if plan else []
        absences = store.absences(plan.starts_at) if plan else []
    if workcentre and workcentre not in {code for code, *_ in workcentres}:
        raise InvalidValue(f"There is no workcentre {workcentre}.", code="invalid_gantt_view")
    start_day = first_day or (
        plan.starts_at.astimezone(settings.zone).date() if plan else date.today()
    )
    spans = _working_days(settings, start_day, days)
    timeline = Timeline(spans, 1)
    total = max(1.0, timeline.minutes_before(spans[-1][1])) if spans else 1.0
    at = {s.code: s.workcentre_code for s in stations}
    colourways = tuple(sorted({r.colourway_code for r in rows}))  # the same colours in any view
    if workcentre:
        rows = [r for r in rows if at[r.station_code] == workcentre]
    position = _Positions(timeline, total, colourways)
    marks = _day_marks(spans, settings, position)
    if by == "station":
        lines = _by_station(rows, stations, workcentre, position, workcentres)
    else:
        names = {p.badge: p.name for p in staff}
        lines = _by_person(rows, names, position, absences, workcentre)
    return Gantt(
        by,
        start_day,
        days,
        workcentre,
        tuple((code, name) for code, _, name, _ in workcentres),
        plan.id if plan else None,
        tuple(lines),
        tuple(marks),
    )


def _working_days(
    settings: PlanSettings, first: date, days: int
) -> tuple[tuple[datetime, datetime], ...]:
    """The spans of the first ``days`` working days from ``first``."""
    spans = working_windows(
        settings.shift, first, days * 3 + 7, settings.zone, settings.closed_days
    )
    kept: list[tuple[datetime, datetime]] = []
    seen: list[date] = []
    for a, b in spans:
        day = a.astimezone(settings.zone).date()
        if day not in seen:
            if len(seen) == days:
                break
            seen.append(day)
        kept.append((a, b))
    return tuple(kept)


@dataclass(frozen=True)
class _Positions:
    timeline: Timeline
    total: float
    colourways: tuple[str, ...]  # every colourway in the plan, in order: one colour each

    def colour_of(self, colourway: str) -> int:
        return self.colourways.index(colourway) % COLOURS if colourway in self.colourways else 0

    def of(self, moment: datetime) -> float:
        return min(1.0, max(0.0, self.timeline.minutes_before(moment) / self.total))


def _day_marks(
    spans: tuple[tuple[datetime, datetime], ...], settings: PlanSettings, position: _Positions
) -> list[DayMark]:
    by_day: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    for a, b in spans:
        by_day[a.astimezone(settings.zone).date()].append((a, b))
    marks = []
    for day, day_spans in by_day.items():
        left = position.of(day_spans[0][0])
        right = position.of(day_spans[-1][1])
        marks.append(DayMark(day, left, right - left))
    return marks


def _bar(row: AssignmentRecord, position: _Positions, label: str) -> Bar | None:
    left, right = position.of(row.starts_at), position.of(row.ends_at)
    if right <= left:
        return None
    begins = row.starts_at - timedelta(minutes=row.setup_minutes)
    setup_left = position.of(begins)
    width = right - setup_left
    same_day = row.starts_at.date() == row.ends_at.date()
    title = (
        f"{row.rack_code or row.rack_key} · {row.order_code} · {row.operation_code} · "
        f"{row.pairs} pairs · {label} · {row.starts_at:%a %d %b %H:%M}–"
        f"{row.ends_at:%H:%M}{'' if same_day else row.ends_at.strftime(' %a %d %b')} UTC"
        + (f" · {row.setup_minutes} min changeover first" if row.setup_minutes else "")
    )
    return Bar(
        setup_left,
        width,
        (left - setup_left) / width if width else 0.0,
        row.rack_code or row.rack_key,
        title,
        position.colour_of(row.colourway_code),
        row.frozen,
    )


def _by_station(
    rows: list[AssignmentRecord],
    stations: list[Station],
    workcentre: str,
    position: _Positions,
    workcentres: list[tuple[str, int, str, str]],
) -> list[GanttRow]:
    order = {code: i for i, (code, *_) in enumerate(workcentres)}
    names = {code: name for code, _, name, _ in workcentres}
    per: dict[str, list[AssignmentRecord]] = defaultdict(list)
    for row in rows:
        per[row.station_code].append(row)
    lines = []
    for station in sorted(stations, key=lambda s: (order.get(s.workcentre_code, 99), s.code)):
        code, centre = station.code, station.workcentre_code
        if workcentre and centre != workcentre:
            continue
        bars = [b for r in per.get(code, []) if (b := _bar(r, position, r.badge)) is not None]
        lines.append(GanttRow(code, code, names.get(centre, centre), tuple(bars)))
    return lines


def _by_person(
    rows: list[AssignmentRecord],
    names: dict[str, str],
    position: _Positions,
    absences: list[tuple[UUID, Absence]],
    workcentre: str,
) -> list[GanttRow]:
    per: dict[str, list[AssignmentRecord]] = defaultdict(list)
    for row in rows:
        per[row.badge].append(row)
    badges = sorted(per) if workcentre else sorted(names)
    lines = []
    for badge in badges:
        bars = [
            b for r in per.get(badge, []) if (b := _bar(r, position, r.station_code)) is not None
        ]
        for _, absence in absences:
            if absence.badge != badge:
                continue
            left, right = position.of(absence.starts_at), position.of(absence.ends_at)
            if right > left:
                title = f"Away: {absence.reason}"
                bars.append(Bar(left, right - left, 0.0, "Away", title, 0, False, "away"))
        lines.append(GanttRow(badge, names.get(badge, badge), badge, tuple(bars)))
    return lines
