"""Trace: a pair back to its lots, people and benches; a lot forward to its pairs."""

from __future__ import annotations

from fastapi import APIRouter

from cordwainer.api.deps import Db
from cordwainer.services import trace

router = APIRouter(prefix="/api/trace", tags=["trace"])


@router.get("/pairs/{gtin}/{serial}", operation_id="trace_pair", response_model=trace.PairTrace)
def trace_pair(gtin: str, serial: str, db: Db) -> trace.PairTrace:
    """The pair's whole story: events, operators, stations, material lots and suppliers."""
    return trace.trace_pair(db, gtin, serial)


@router.get("/lots/{lot}", operation_id="trace_lot", response_model=trace.LotTrace)
def trace_lot(lot: str, db: Db) -> trace.LotTrace:
    """Every pair cut from the lot, with where it is now and its shipment."""
    return trace.trace_lot(db, lot)
