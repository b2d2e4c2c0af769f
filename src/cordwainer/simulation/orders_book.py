"""The twin's order book and racks: what it knows of each order and rack as it runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cordwainer.domain.catalogue import Routing


@dataclass(eq=False)
class Order:
    code: str
    colourway: str
    style: str
    customer: str
    due_on: date
    ordered_at: float  # sim minutes
    pairs: int
    released: int = 0
    finished: int = 0  # boxed or scrapped
    shipments: int = 0
    boxed_unshipped: list[tuple[Rack, int]] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.pairs - self.released

    @property
    def is_complete(self) -> bool:
        return self.finished == self.pairs


@dataclass(eq=False)
class Rack:
    """A rack as the twin follows it. Its pairs are numbered 0..size-1 in serial order;
    the code and serials are learnt from the release's receipt, by the clerk's thread."""

    key: int
    order: Order
    size: int
    routing: Routing
    released_at: float
    code: str = ""
    serials: tuple[str, ...] = ()
    members: list[int] = field(default_factory=list)  # pairs travelling with the rack
    solos: set[int] = field(default_factory=set)  # pairs travelling on their own
    step: int = 0
    waiting: bool = True  # waiting at ``step`` for a bench and a person

    @property
    def lane(self) -> tuple[str, int]:
        return ("rack", self.key)

    def serials_of(self, pairs: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(self.serials[index] for index in pairs)

    def can_join(self, step: int) -> bool:
        """Whether a pair arriving at ``step`` on its own may travel on with the rack."""
        return self.step == step and self.waiting
