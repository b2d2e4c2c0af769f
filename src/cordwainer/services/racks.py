"""What a rack is and where its pairs stand: the view a station terminal shows after a scan."""

from __future__ import annotations

from dataclasses import dataclass

from cordwainer.domain.catalogue import Operation
from cordwainer.domain.errors import NotFound
from cordwainer.domain.floor import Pair
from cordwainer.storage.database import Database


@dataclass(frozen=True, slots=True)
class PairOnRack:
    gtin: str
    serial: str
    size: str
    width: str
    step: int
    operation: str
    stage: str
    status: str


@dataclass(frozen=True, slots=True)
class RackView:
    code: str
    order: str
    style_code: str
    colourway_code: str
    colourway_name: str
    routing: tuple[Operation, ...]
    pairs: tuple[PairOnRack, ...]

    @property
    def active_pairs(self) -> tuple[PairOnRack, ...]:
        return tuple(pair for pair in self.pairs if pair.status == "in_production")

    @property
    def at_operation(self) -> str | None:
        """The earliest step any pair still in production stands at."""
        active = self.active_pairs
        return min(active, key=lambda pair: pair.step).operation if active else None


def rack_view(db: Database, code: str) -> RackView:
    with db.looking() as uow:
        rack = uow.floor.rack(code)
        if rack is None:
            raise NotFound(f"There is no rack {code}.", code="rack_not_found", rack=code)
        routing = uow.catalogue.routing(rack.style_code)
        colourway = uow.catalogue.colourway(rack.colourway_code)
        variants = {v.gtin: v for v in uow.catalogue.variants(rack.colourway_code)}
        pairs = uow.floor.pairs_of_rack(code)
    assert colourway is not None
    return RackView(
        code=rack.code,
        order=rack.order_code,
        style_code=rack.style_code,
        colourway_code=rack.colourway_code,
        colourway_name=colourway.name,
        routing=routing.operations,
        pairs=tuple(
            _on_rack(
                pair, variants[pair.gtin].size, variants[pair.gtin].width, routing.at(pair.step)
            )
            for pair in pairs
        ),
    )


def _on_rack(pair: Pair, size: str, width: str, operation: Operation) -> PairOnRack:
    return PairOnRack(
        pair.gtin,
        pair.serial,
        size,
        width,
        pair.step,
        operation.code,
        pair.stage.value,
        pair.status.value,
    )
