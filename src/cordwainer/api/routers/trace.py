"""Trace: a pair back to its lots, people and benches; a lot forward to its pairs; recalls."""

from __future__ import annotations

from fastapi import APIRouter

from cordwainer.api.deps import Db
from cordwainer.services import recall, trace

router = APIRouter(prefix="/api", tags=["trace"])


@router.get(
    "/trace/pairs/{gtin}/{serial}", operation_id="trace_pair", response_model=trace.PairTrace
)
def trace_pair(gtin: str, serial: str, db: Db) -> trace.PairTrace:
    """The pair's whole story: events, operators, stations, lots, suppliers, box, shipment."""
    return trace.trace_pair(db, gtin, serial)


@router.get("/trace/lots/{lot}", operation_id="trace_lot", response_model=trace.LotTrace)
def trace_lot(lot: str, db: Db) -> trace.LotTrace:
    """Every pair cut from the lot, with where it is now, its box and its shipment."""
    return trace.trace_lot(db, lot)


@router.get("/recalls/{lot}", operation_id="recall_lot", response_model=recall.Recall)
def recall_lot(lot: str, db: Db) -> recall.Recall:
    """A recall of the lot: its pairs by status, the shipments and customers that hold them."""
    return recall.recall_lot(db, lot)
