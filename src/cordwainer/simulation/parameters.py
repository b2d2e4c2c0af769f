"""What the factory twin assumes: the figures a manager would argue about.

Every figure here is a plausible default for the demo factory (DOMAIN.md), not a
measurement. A scenario file (see ``scenarios.py`` and docs/whatif.md) changes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cordwainer.domain.floor import EXPERT, QUALIFIED, TRAINEE
from cordwainer.simulation.calendar import Shift, clock

DAY_SHIFT = Shift(
    "day",
    clock("07:30"),
    clock("16:00"),
    (
        (clock("10:00"), clock("10:15")),
        (clock("12:30"), clock("13:00")),
        (clock("14:45"), clock("15:00")),
    ),
)
LATE_SHIFT = Shift(
    "late",
    clock("16:00"),
    clock("24:30"),
    (
        (clock("18:30"), clock("18:45")),
        (clock("20:30"), clock("21:00")),
        (clock("22:30"), clock("22:45")),
    ),
)


@dataclass(frozen=True, slots=True)
class Breakdowns:
    """How often a bench of one operation breaks down, and how long a repair takes."""

    mean_hours_between: float  # working hours of one bench between two breakdowns
    repair_minutes: tuple[float, float]  # shortest and longest repair


@dataclass(frozen=True, slots=True)
class FloorParameters:
    # The order book: pairs ordered each working day, in orders of these sizes.
    pairs_per_day: int = 300
    order_sizes: tuple[int, ...] = (12, 24, 36, 48, 60)
    due_in_working_days: tuple[int, int] = (8, 15)
    # The planner releases a rack while fewer pairs than this are on the floor.
    wip_limit_pairs: int = 1200
    set_out_minutes: tuple[float, float] = (2.0, 10.0)  # from release to the rack at clicking
    # Minutes a pair takes, as a share of its standard minutes, by skill level; each
    # rack's time also varies by a lognormal factor of this spread.
    speed: Mapping[int, float] = field(
        default_factory=lambda: {TRAINEE: 1.3, QUALIFIED: 1.0, EXPERT: 0.87}
    )
    speed_spread: float = 0.12
    rework_speed: float = 1.5  # a pair put right takes this much longer than the first time
    # The share of pairs sent back (rework) or scrapped at each step's check, for a
    # qualified hand; a trainee's and an expert's work are found wanting more and less often.
    rework_rate: Mapping[str, float] = field(
        default_factory=lambda: {
            "clicking": 0.004,
            "preparation": 0.004,
            "closing": 0.015,
            "lasting": 0.012,
            "sole_preparation": 0.004,
            "sole_attaching": 0.006,
            "finishing": 0.005,
            "final_inspection": 0.004,
        }
    )
    scrap_rate: Mapping[str, float] = field(
        default_factory=lambda: {"clicking": 0.001, "lasting": 0.0005, "sole_attaching": 0.001}
    )
    defect_factor: Mapping[int, float] = field(
        default_factory=lambda: {TRAINEE: 2.0, QUALIFIED: 1.0, EXPERT: 0.7}
    )
    metal_alarm_rate: float = 0.003  # per pair through the detector
    # Working minutes between a rack's finish and its sign-off, its check, or a quarantined
    # pair's clearance by a supervisor (shortest, longest).
    sign_off_minutes: tuple[float, float] = (5.0, 20.0)
    check_minutes: tuple[float, float] = (2.0, 10.0)
    clear_minutes: tuple[float, float] = (30.0, 120.0)
    breakdowns: Mapping[str, Breakdowns] = field(
        default_factory=lambda: {
            "clicking": Breakdowns(120, (20, 60)),
            "closing": Breakdowns(90, (15, 90)),
            "lasting": Breakdowns(120, (30, 120)),
            "sole_preparation": Breakdowns(60, (30, 180)),
            "sole_attaching": Breakdowns(150, (30, 90)),
            "metal_detection": Breakdowns(400, (30, 90)),
        }
    )
    shifts: Mapping[str, Shift] = field(
        default_factory=lambda: {"day": DAY_SHIFT, "late": LATE_SHIFT}
    )
    office_shift: str = "day"  # orders, releases, supervisors and dispatch keep these hours
    shift_of: Mapping[str, str] = field(default_factory=dict)  # badge -> shift; else day
    dispatch_at: int = clock("15:30")  # when the day's complete orders are shipped

    def shift_for(self, badge: str) -> Shift:
        return self.shifts[self.shift_of.get(badge, self.office_shift)]
