"""Many tablets at once: each command is decided alone, refused alone, recorded once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

from sqlalchemy import text

from cordwainer.domain.errors import CordwainerError
from cordwainer.services import floor
from cordwainer.services.recording import Receipt
from cordwainer.storage.database import Database
from tests.floor_walk import Floor

TABLETS = 8


def test_tablets_sending_together_are_each_recorded_once_and_refused_alone(
    factory: Database,
) -> None:
    shop = Floor.of(factory)
    order = shop.order(pairs=38)  # one of each size and width: racks of 12, 12, 12 and 2
    racks = [shop.release(order) for _ in range(TABLETS // 2)]
    starts = [shop.step("clicking", rack) for rack in racks]
    skips = [shop.step("closing", rack) for rack in racks]
    together = threading.Barrier(TABLETS * 2)

    def send(command: floor.StepCommand) -> Callable[[], Receipt | str]:
        def go() -> Receipt | str:
            together.wait()
            try:
                return floor.start_operation(factory, command)
            except CordwainerError as error:
                return error.code

        return go

    commands = [*starts, *starts, *skips, *skips]  # each start twice, each skip twice
    with ThreadPoolExecutor(TABLETS * 2) as pool:
        answers = list(pool.map(lambda go: go(), [send(c) for c in commands]))

    first, again = answers[: len(starts)], answers[len(starts) : 2 * len(starts)]
    assert all(isinstance(answer, Receipt) for answer in first)
    assert again == first, "a repeat is answered as the first time"
    assert answers[2 * len(starts) :] == ["step_skipped"] * (2 * len(skips))
    with factory.reading() as connection:
        started = connection.execute(
            text("SELECT count(*) FROM events WHERE kind = 'operation_started'")
        ).scalar_one()
        stages = dict(
            connection.execute(text("SELECT stage, count(*) FROM pairs GROUP BY stage")).all()
        )
    assert started == len(racks)
    assert stages == {"in_work": 38}, "every pair of the four racks, and no other, is in work"


def test_a_refused_command_leaves_its_neighbours_recorded(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=4))
    good = shop.step("clicking", rack)
    unknown = floor.StepCommand(uuid4(), "CLK-01", "B0000", rack)
    with ThreadPoolExecutor(2) as pool:
        fine = pool.submit(floor.start_operation, factory, good)
        refused = pool.submit(floor.start_operation, factory, unknown)
        assert fine.result().kind == "operation_started"
        error = refused.exception()
    assert isinstance(error, CordwainerError)
    assert error.code == "operator_not_found"
