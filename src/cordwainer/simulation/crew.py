"""The people and the benches of the twin, as SimPy resources.

Free people who are on shift stand in one ``Crew`` store; a rack at a step asks it for
anyone qualified for that step. When several people could take a rack, the one whose
own workcentre it is goes first, then the most skilled; when someone comes free while
racks wait, they take the oldest waiting at their own workcentre before helping elsewhere.
Each operation's benches are a store of their own: a rack waits for a bench and a person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import simpy

from cordwainer.domain.floor import TRAINEE
from cordwainer.simulation.calendar import Calendar


@dataclass(eq=False)
class Person:
    badge: str
    skills: Mapping[str, int]
    home: str  # the operation of their own workcentre
    calendar: Calendar
    in_crew: bool = False
    busy: bool = False

    def level(self, operation: str) -> int:
        return self.skills.get(operation, 0)


@dataclass(eq=False)
class Bench:
    code: str
    operation: str
    broken: bool = False
    working: bool = False  # a rack is being worked on it right now
    worker: simpy.Process | None = field(default=None, repr=False)


class Need:
    """What a rack asks of the crew: someone at ``minimum`` level or better in an operation."""

    def __init__(self, operation: str, minimum: int = TRAINEE) -> None:
        self.operation = operation
        self.minimum = minimum

    def __call__(self, person: Person) -> bool:
        return person.level(self.operation) >= self.minimum

    def rank(self, person: Person) -> tuple[bool, int, str]:
        return (person.home != self.operation, -person.level(self.operation), person.badge)


class Exactly(Need):
    """The shift bell asking for one person back: they leave for their break."""

    def __init__(self, person: Person) -> None:
        super().__init__(person.home)
        self.person = person

    def __call__(self, person: Person) -> bool:
        return person is self.person


class Crew(simpy.FilterStore):
    """The free people on shift; ``get(Need(...))`` waits for a suitable one."""

    def _do_get(self, event: Any) -> bool:
        need: Need = event.filter
        suitable = [person for person in self.items if need(person)]
        if suitable:
            chosen = min(suitable, key=need.rank)
            self.items.remove(chosen)
            event.succeed(chosen)
        return True

    def _trigger_get(self, put_event: Any) -> None:
        if put_event is None:
            super()._trigger_get(put_event)
            return
        person: Person = put_event.item
        waiting = [
            (position, get)
            for position, get in enumerate(self.get_queue)
            if not get.triggered and get.filter(person)
        ]
        if not waiting or person not in self.items:
            return
        _, chosen = min(
            waiting, key=lambda entry: (entry[1].filter.operation != person.home, entry[0])
        )
        self.items.remove(person)
        chosen.succeed(person)
        self.get_queue.remove(chosen)
