"""Trace: backward from a pair to everything it was made of and by, forward from a lot."""

from __future__ import annotations

from dataclasses import dataclass

from cordwainer.domain.errors import NotFound
from cordwainer.domain.identifiers import Gtin, Serial
from cordwainer.storage import trace_queries as q
from cordwainer.storage.database import Database


@dataclass(frozen=True, slots=True)
class PairTrace:
    pair: q.PairFacts
    events: list[q.TraceEvent]
    lots: list[q.LotFacts]
    packing: q.Packing  # its box and its shipment, if it got that far


@dataclass(frozen=True, slots=True)
class LotTrace:
    lot: str
    pairs: list[q.LotPair]


def trace_pair(db: Database, gtin: str, serial: str) -> PairTrace:
    """The pair's whole story: every event, who and where, and the lots it was cut from."""
    key, code = Gtin.parse(gtin).value, Serial.parse(serial).value
    with db.reading() as connection:
        found = q.pair_facts(connection, key, code)
        if found is None:
            raise NotFound(
                f"No pair {code} of GTIN {key} was made here.", code="pair_not_found", gtin=key
            )
        pair_id, facts = found
        events = q.pair_events(connection, pair_id)
        return PairTrace(facts, events, q.pair_lots(connection, pair_id), q.packing_of(events))


def trace_lot(db: Database, lot: str) -> LotTrace:
    """Every pair cut from a material lot, where it is now and whom it was shipped to."""
    with db.reading() as connection:
        if not q.lot_exists(connection, lot):
            raise lot_not_found(lot)
        return LotTrace(lot, q.lot_pairs(connection, lot))


def lot_not_found(lot: str) -> NotFound:
    return NotFound(f"There is no material lot {lot}.", code="lot_not_found", lot=lot)


def recently_boxed(db: Database, limit: int = 5) -> list[tuple[str, str]]:
    """(GTIN, serial) of the pairs most recently made ready to leave: boxed or shipped."""
    with db.reading() as connection:
        return q.recently_boxed(connection, limit)
