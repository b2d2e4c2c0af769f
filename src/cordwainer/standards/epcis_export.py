"""The floor's events as EPCIS 2.0 events: what, when, where and why, never who.

One floor event becomes one EPCIS event per outcome: an inspection where eleven pairs
pass and one goes back to closing is two EPCIS events. Each gets an event id of its own
that is the same every time it is exported: ``urn:uuid:`` and the UUID (version 5) of
the floor event's id and the outcome.

=================  ==================================================================
floor event        EPCIS event(s)
=================  ==================================================================
lot received       ObjectEvent ADD, receiving, the lot as a quantity (ILMD: material)
rack released      ObjectEvent ADD, commissioning, active, per variant (ILMD: rack,
                   order, style, colourway, size, width, country of origin)
step started       ObjectEvent OBSERVE, ``cw:{step}``, in_progress
step finished      ObjectEvent OBSERVE, ``cw:{step}``, in_progress; when material lots
                   were drawn (clicking) a TransformationEvent: lots in, pairs out
pairs inspected    pass: ObjectEvent OBSERVE inspecting, conformant;
                   rework: ObjectEvent OBSERVE repairing, non_conformant;
                   scrap: ObjectEvent DELETE destroying, destroyed
metal scanned      ObjectEvent OBSERVE inspecting, conformant or non_conformant
pairs boxed        AggregationEvent ADD packing, container_closed, one per box
pairs shipped      ObjectEvent OBSERVE shipping, in_transit, with the shipment as a
                   despatch advice
=================  ==================================================================

Operators are never exported, nor customers: EPCIS travels beyond the factory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote
from uuid import UUID, uuid5

from cordwainer.domain.floor import EventKind, FloorEvent, PairMark, Result
from cordwainer.domain.identifiers import Gln, Sgtin
from cordwainer.standards import cbv
from cordwainer.standards.digital_link import epc_for, pair_uri
from cordwainer.standards.epcis import UTC_OFFSET, format_time, location_link

EVENT_ID_NAMESPACE = uuid5(UUID(int=0), cbv.CW_NAMESPACE)
BOX_SUFFIX = "/box"

# UN/ECE Recommendation 20 codes for the units materials are counted in.
UNIT_CODES = {"dm2": "DMK", "m2": "MTK", "m": "MTR", "kg": "KGM", "pair": "PR", "piece": "H87"}


@dataclass(frozen=True, slots=True)
class Site:
    """The factory: its GLN is the business location, its resolver names its lots and boxes."""

    gln: Gln
    resolver: str
    country: str


@dataclass(frozen=True, slots=True)
class PairFacts:
    sgtin: Sgtin
    style: str  # the style's reference, e.g. U991LV2
    colourway: str
    size: str
    width: str


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """A floor event as the log holds it, with the production order of its rack."""

    event: FloorEvent
    record_time: datetime
    order: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """What the events name, by the keys they name it with."""

    site: Site
    pairs: Mapping[UUID, PairFacts]
    lot_units: Mapping[str, str]


def export_events(logged: Iterable[LoggedEvent], facts: Facts) -> list[dict[str, Any]]:
    """Every EPCIS event of the floor events, in the order given."""
    return [event for entry in logged for event in export_event(entry, facts)]


def export_event(logged: LoggedEvent, facts: Facts) -> list[dict[str, Any]]:
    """The EPCIS events of one floor event."""
    return _EXPORTERS[logged.event.kind](_Scope(logged, facts))


def lot_class(site: Site, lot_code: str) -> str:
    """A material lot as a class of objects: a URI on the factory's resolver.

    Materials carry no GTIN, so a lot cannot be an LGTIN; EPCIS 2.0 takes any URI.
    """
    return f"{site.resolver.rstrip('/')}/lots/{quote(lot_code, safe='')}"


def box_id(site: Site, sgtin: Sgtin) -> str:
    """The box a pair is packed in: the pair's Digital Link on the factory's resolver + /box."""
    return pair_uri(site.resolver, sgtin) + BOX_SUFFIX


def business_transaction(site: Site, reference: str) -> str:
    """A production order or shipment as a CBV business transaction id (GLN of the issuer)."""
    return f"urn:epcglobal:cbv:bt:{site.gln.value}:{quote(reference, safe='')}"


def event_id(floor_event_id: UUID, outcome: str) -> str:
    return f"urn:uuid:{uuid5(EVENT_ID_NAMESPACE, f'{floor_event_id}/{outcome}')}"


def floor_steps_for(biz_step: str) -> frozenset[str]:
    """The floor's step names whose events may export with ``biz_step`` (canonical)."""
    if biz_step in (cbv.REPAIRING, cbv.DESTROYING):
        return frozenset({cbv.INSPECTING})
    if biz_step.startswith(f"{cbv.CW_PREFIX}:"):
        return frozenset({biz_step.removeprefix(f"{cbv.CW_PREFIX}:")})
    return frozenset({biz_step})


@dataclass(frozen=True, slots=True)
class _Scope:
    logged: LoggedEvent
    facts: Facts

    @property
    def event(self) -> FloorEvent:
        return self.logged.event

    def epcs(self, marks: Iterable[PairMark]) -> list[str]:
        return [epc_for(sgtin) for sgtin in self.sgtins(marks)]

    def sgtins(self, marks: Iterable[PairMark]) -> list[Sgtin]:
        found = [self.facts.pairs[mark.pair_id].sgtin for mark in marks]
        return sorted(found, key=lambda sgtin: (sgtin.serial.value, sgtin.gtin.value))

    def base(self, kind: str, outcome: str) -> dict[str, Any]:
        """What every exported event has: type, when, and an id of its own."""
        return {
            "type": kind,
            "eventTime": format_time(self.event.event_time),
            "recordTime": format_time(self.logged.record_time),
            "eventTimeZoneOffset": UTC_OFFSET,
            "eventID": event_id(self.event.id, outcome),
        }

    def where(self) -> dict[str, Any]:
        """The bench (or the site, for what no bench records) and the site."""
        site = location_link(self.facts.site.gln)
        station = self.event.station_code
        read_point = location_link(self.facts.site.gln, station) if station else site
        return {"readPoint": {"id": read_point}, "bizLocation": {"id": site}}

    def extras(self) -> dict[str, Any]:
        return {"cw:rack": self.event.rack_code} if self.event.rack_code else {}

    def inspected(self) -> dict[str, Any]:
        operation = self.event.operation_code
        return {"cw:operation": cbv.craft_step(operation)} if operation else {}


def _received(scope: _Scope) -> list[dict[str, Any]]:
    event = scope.event
    lot = {
        "cw:material": event.details.get("material"),
        "cw:supplierReference": event.details.get("supplier_reference"),
    }
    ilmd = {name: value for name, value in lot.items() if value}
    return [
        scope.base("ObjectEvent", "received")
        | {"action": "ADD", "quantityList": _quantities(scope)}
        | {"bizStep": cbv.RECEIVING, "disposition": event.disposition or cbv.IN_PROGRESS}
        | scope.where()
        | ({"ilmd": ilmd} if ilmd else {})
    ]


def _quantities(scope: _Scope) -> list[dict[str, Any]]:
    """The event's material lots as quantities of their classes, in UN/ECE rec. 20 units."""
    quantities = []
    for use in scope.event.lots:
        element = {"epcClass": lot_class(scope.facts.site, use.lot_code), "quantity": use.quantity}
        unit = UNIT_CODES.get(scope.facts.lot_units.get(use.lot_code, ""))
        quantities.append(element | ({"uom": unit} if unit else {}))
    return quantities


def _released(scope: _Scope) -> list[dict[str, Any]]:
    site, event, order = scope.facts.site, scope.event, scope.logged.order
    by_gtin: dict[str, list[PairMark]] = {}
    for mark in event.pairs:
        by_gtin.setdefault(scope.facts.pairs[mark.pair_id].sgtin.gtin.value, []).append(mark)
    exported = []
    for gtin, marks in sorted(by_gtin.items()):
        pair = scope.facts.pairs[marks[0].pair_id]
        production = {
            "cw:rack": event.rack_code,
            "cw:productionOrder": order,
            "cw:style": pair.style,
            "cw:colourway": pair.colourway,
            "cw:size": pair.size,
            "cw:width": pair.width,
            "cbvmda:countryOfOrigin": site.country,
        }
        orders = (
            [{"type": cbv.PRODUCTION_ORDER, "bizTransaction": business_transaction(site, order)}]
            if order
            else []
        )
        exported.append(
            scope.base("ObjectEvent", f"commissioned/{gtin}")
            | {"action": "ADD", "epcList": scope.epcs(marks)}
            | {"bizStep": cbv.COMMISSIONING, "disposition": cbv.ACTIVE}
            | scope.where()
            | ({"bizTransactionList": orders} if orders else {})
            | {"ilmd": {name: value for name, value in production.items() if value}}
        )
    return exported


def _started(scope: _Scope) -> list[dict[str, Any]]:
    return [_craft(scope, "started")]


def _finished(scope: _Scope) -> list[dict[str, Any]]:
    if not scope.event.lots:
        return [_craft(scope, "finished")]
    return [
        scope.base("TransformationEvent", "finished")
        | {"inputQuantityList": _quantities(scope)}
        | {"outputEPCList": scope.epcs(scope.event.pairs)}
        | _why_craft(scope)
        | scope.where()
        | scope.extras()
        | {"cw:progress": "finished"}
    ]


def _craft(scope: _Scope, progress: str) -> dict[str, Any]:
    return (
        scope.base("ObjectEvent", progress)
        | {"action": "OBSERVE", "epcList": scope.epcs(scope.event.pairs)}
        | _why_craft(scope)
        | scope.where()
        | scope.extras()
        | {"cw:progress": progress}
    )


def _why_craft(scope: _Scope) -> dict[str, Any]:
    step = cbv.craft_step(scope.event.operation_code or scope.event.biz_step)
    return {"bizStep": step, "disposition": scope.event.disposition or cbv.IN_PROGRESS}


# What an inspection or a metal scan found: action, business step, disposition.
_OUTCOMES = {
    Result.PASS: ("OBSERVE", cbv.INSPECTING, cbv.CONFORMANT),
    Result.FAIL: ("OBSERVE", cbv.INSPECTING, cbv.NON_CONFORMANT),
    Result.REWORK: ("OBSERVE", cbv.REPAIRING, cbv.NON_CONFORMANT),
    Result.SCRAP: ("DELETE", cbv.DESTROYING, cbv.DESTROYED),
}


def _inspected(scope: _Scope) -> list[dict[str, Any]]:
    groups: dict[tuple[Result, str, str], list[PairMark]] = {}
    for mark in scope.event.pairs:
        key = (mark.result or Result.PASS, mark.defect_code or "", mark.rework_to or "")
        groups.setdefault(key, []).append(mark)
    exported = []
    results = list(Result)  # passes first, then the exceptions
    for (result, defect, rework_to), marks in sorted(
        groups.items(), key=lambda group: (results.index(group[0][0]), *group[0][1:])
    ):
        action, step, disposition = _OUTCOMES[result]
        defects = {"cw:defect": defect} if defect else {}
        back = {"cw:reworkAt": cbv.craft_step(rework_to)} if rework_to else {}
        outcome = "/".join(part for part in (result.value, defect, rework_to) if part)
        exported.append(
            scope.base("ObjectEvent", outcome)
            | {"action": action, "epcList": scope.epcs(marks)}
            | {"bizStep": step, "disposition": disposition}
            | scope.where()
            | scope.extras()
            | scope.inspected()
            | defects
            | back
        )
    return exported


def _boxed(scope: _Scope) -> list[dict[str, Any]]:
    site = scope.facts.site
    return [
        scope.base("AggregationEvent", f"box/{sgtin.gtin.value}/{sgtin.serial.value}")
        | {"parentID": box_id(site, sgtin), "childEPCs": [epc_for(sgtin)], "action": "ADD"}
        | {"bizStep": cbv.PACKING, "disposition": cbv.CONTAINER_CLOSED}
        | scope.where()
        | scope.extras()
        for sgtin in scope.sgtins(scope.event.pairs)
    ]


def _shipped(scope: _Scope) -> list[dict[str, Any]]:
    site, event = scope.facts.site, scope.event
    shipment = event.details.get("shipment")
    advice = (
        [{"type": cbv.DESPATCH_ADVICE, "bizTransaction": business_transaction(site, shipment)}]
        if shipment
        else []
    )
    return [
        scope.base("ObjectEvent", "shipped")
        | {"action": "OBSERVE", "epcList": scope.epcs(event.pairs)}
        | {"bizStep": cbv.SHIPPING, "disposition": cbv.IN_TRANSIT}
        | {"readPoint": {"id": location_link(site.gln)}}
        | ({"bizTransactionList": advice} if advice else {})
        | {"sourceList": [{"type": cbv.LOCATION, "source": location_link(site.gln)}]}
    ]


def _signed_off(scope: _Scope) -> list[dict[str, Any]]:
    """A qualified hand signs off a trainee's work at the step: still in progress."""
    return [_craft(scope, "signed_off")]


def _cleared(scope: _Scope) -> list[dict[str, Any]]:
    """A supervisor clears quarantined pairs after re-inspection: they are conformant again."""
    return [
        scope.base("ObjectEvent", "quarantine_cleared")
        | {"action": "OBSERVE", "epcList": scope.epcs(scope.event.pairs)}
        | {"bizStep": cbv.INSPECTING, "disposition": cbv.CONFORMANT}
        | scope.where()
        | scope.extras()
        | {"cw:progress": "quarantine_cleared"}
    ]


_EXPORTERS: Mapping[EventKind, Callable[[_Scope], list[dict[str, Any]]]] = {
    EventKind.LOT_RECEIVED: _received,
    EventKind.RACK_RELEASED: _released,
    EventKind.OPERATION_STARTED: _started,
    EventKind.OPERATION_FINISHED: _finished,
    EventKind.PAIRS_INSPECTED: _inspected,
    EventKind.METAL_SCANNED: _inspected,
    EventKind.PAIRS_BOXED: _boxed,
    EventKind.PAIRS_SHIPPED: _shipped,
    EventKind.WORK_SIGNED_OFF: _signed_off,
    EventKind.QUARANTINE_CLEARED: _cleared,
}
