"""A floor command's event id makes it count once, however often the tablet sends it."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

import pytest

from cordwainer.domain.errors import Conflict
from cordwainer.services import floor
from cordwainer.storage.database import Database
from tests.floor_walk import Floor, snapshot

PINK_SUEDE = "L-2610-0005"


def test_the_same_event_sent_twice_is_recorded_once_and_answered_alike(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=5))
    command = shop.step("clicking", rack)

    first = floor.start_operation(factory, command)
    after_first = snapshot(factory)
    second = floor.start_operation(factory, command)

    assert second == first
    assert snapshot(factory) == after_first


def test_a_repeat_is_answered_even_after_the_rack_has_moved_on(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=5))
    command = shop.step("clicking", rack)
    first = floor.start_operation(factory, command)
    base = shop.step("clicking", rack)
    floor.finish_operation(
        factory,
        floor.FinishCommand(uuid4(), base.station, base.operator, rack, lots=((PINK_SUEDE, 1.0),)),
    )
    before = snapshot(factory)

    assert floor.start_operation(factory, command) == first
    assert snapshot(factory) == before


def test_an_event_id_reused_for_another_action_is_refused(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=5))
    command = shop.step("clicking", rack)
    floor.start_operation(factory, command)
    before = snapshot(factory)

    other = replace(command, station=shop.stations["clicking"][1])
    with pytest.raises(Conflict) as caught:
        floor.start_operation(factory, other)

    assert caught.value.code == "event_id_reused"
    assert str(command.event_id) in caught.value.message
    assert snapshot(factory) == before
