"""A pair's passport: its public story, told from the floor's own records.

The story runs in the order a wearer asks about it: the pair, where its materials came
from, the steps it passed and when, the hands that made it, care and repair, what it is
made of and how to end its life well. Nothing private is in a ``Passport``: no price or
cost, no defect, rework or scrap, no operator's name without their consent, no badge,
internal id, rack, order or customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cordwainer.domain.errors import NotFound
from cordwainer.domain.identifiers import Gtin, Serial, Sgtin
from cordwainer.domain.quality import INSPECTOR_SKILL
from cordwainer.standards.digital_link import pair_uri
from cordwainer.storage import passport_queries as q
from cordwainer.storage import trace_queries
from cordwainer.storage.database import Database

FINISHED = frozenset({"boxed", "shipped"})
PASSING_CHECKS = frozenset({"pairs_inspected", "metal_scanned"})
BOXED = "pairs_boxed"
INSPECTED = "pairs_inspected"
# Uppers first, then what lies under and around them, the box last.
MATERIAL_ORDER = (
    "leather",
    "suede",
    "mycelium",
    "textile",
    "lining",
    "component",
    "thread",
    "foam",
    "rubber",
    "packaging",
)


@dataclass(frozen=True, slots=True)
class Factory:
    name: str
    company: str
    address: str
    country: str
    established: int
    story: str


@dataclass(frozen=True, slots=True)
class LotCut:
    """A material lot this very pair was cut from, and when the factory received it."""

    lot: str
    received_on: date


@dataclass(frozen=True, slots=True)
class MaterialOrigin:
    name: str
    kind: str
    composition: str
    recyclable: str
    supplier: str
    city: str
    country: str
    certifications: tuple[str, ...]
    distance_km: int
    lots: tuple[LotCut, ...]


@dataclass(frozen=True, slots=True)
class StepPassed:
    operation: str
    check: str
    passed_on: date


@dataclass(frozen=True, slots=True)
class Maker:
    """One pair of hands: the name the maker chose when they consented, else None."""

    name: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Passport:
    gtin: str
    serial: str
    digital_link: str
    style_name: str
    reference: str
    style_story: str
    colourway_name: str
    colourway_story: str
    size: str
    width: str
    is_finished: bool
    made_on: date | None
    factory: Factory
    materials: tuple[MaterialOrigin, ...]
    steps: tuple[StepPassed, ...]
    makers: tuple[Maker, ...]
    care: str
    end_of_life: str

    @property
    def hands(self) -> int:
        return len(self.makers)

    @property
    def recycling(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each end-of-life advice once, with the materials it is for, in the story's order."""
        grouped: dict[str, list[str]] = {}
        for material in self.materials:
            grouped.setdefault(material.recyclable, []).append(material.name)
        return tuple((advice, tuple(names)) for advice, names in grouped.items())


def passport_for(db: Database, gtin: str, serial: str) -> Passport:
    """The public story of the pair ``serial`` of ``gtin`` (a GTIN-8, -12, -13 or -14)."""
    key, code = Gtin.parse(gtin).value, Serial.parse(serial).value
    with db.reading() as connection:
        found = trace_queries.pair_facts(connection, key, code)
        if found is None:
            raise _not_made_here(key, code)
        pair_id, pair = found
        site = q.site(connection)
        words = q.style(connection, pair.colourway_code)
        routing = q.routing(connection, pair.style_code)
        bill = q.bill_of_materials(connection, pair.colourway_code)
        lots = trace_queries.pair_lots(connection, pair_id)
        work = q.pair_work(connection, pair_id)
    if site is None or words is None:
        raise NotFound("This factory is not set up yet.", code="site_not_found")
    return Passport(
        gtin=key,
        serial=code,
        digital_link=pair_uri(site.resolver, Sgtin(Gtin(key), Serial(code))),
        style_name=words.style_name,
        reference=words.reference,
        style_story=words.style_story,
        colourway_name=words.colourway_name,
        colourway_story=words.colourway_story,
        size=pair.size,
        width=pair.width,
        is_finished=pair.status in FINISHED,
        made_on=_made_on(work),
        factory=Factory(
            site.name, site.company, site.address, site.country, site.established, site.story
        ),
        materials=_materials(bill, lots),
        steps=_steps(routing, work),
        makers=_makers(routing, work),
        care=words.care,
        end_of_life=words.end_of_life,
    )


def _not_made_here(gtin: str, serial: str) -> NotFound:
    return NotFound(
        f"No pair {serial} of GTIN {gtin} was made here. "
        "Check the GTIN and serial on the box label.",
        code="pair_not_found",
        gtin=gtin,
        serial=serial,
    )


def recently_boxed(db: Database, limit: int = 6) -> list[q.BoxedPair]:
    """The pairs boxed last, newest first: passports worth opening."""
    with db.reading() as connection:
        return q.recently_boxed(connection, limit)


def _made_on(work: Sequence[q.PairWork]) -> date | None:
    boxed = [item.event_time for item in work if item.kind == BOXED]
    moments = boxed or [item.event_time for item in work]
    return moments[-1].date() if moments else None


def _materials(
    bill: Sequence[q.BomMaterial], lots: Sequence[trace_queries.LotFacts]
) -> tuple[MaterialOrigin, ...]:
    cut: dict[str, list[LotCut]] = {}
    for lot in lots:
        cut.setdefault(lot.material_code, []).append(LotCut(lot.lot, lot.received_on))
    origins = [
        MaterialOrigin(
            name=line.name,
            kind=line.kind,
            composition=line.composition,
            recyclable=line.recyclable,
            supplier=line.supplier_name,
            city=line.supplier_city,
            country=line.supplier_country,
            certifications=line.certifications,
            distance_km=line.distance_km,
            lots=tuple(cut.get(line.material_code, ())),
        )
        for line in bill
    ]
    return tuple(sorted(origins, key=_material_rank))


def _material_rank(origin: MaterialOrigin) -> tuple[int, str]:
    kind = origin.kind if origin.kind in MATERIAL_ORDER else "component"
    return MATERIAL_ORDER.index(kind), origin.name


def _steps(routing: Sequence[q.RoutingStep], work: Sequence[q.PairWork]) -> tuple[StepPassed, ...]:
    """Each step the pair passed, with the day it last passed it (a rework is not told)."""
    passed = {}
    for item in work:
        if (item.kind in PASSING_CHECKS and item.result == "pass") or item.kind == BOXED:
            passed[item.operation] = item.event_time.date()
    return tuple(
        StepPassed(step.name, step.check, passed[step.code])
        for step in routing
        if step.code in passed
    )


def _makers(routing: Sequence[q.RoutingStep], work: Sequence[q.PairWork]) -> tuple[Maker, ...]:
    """Everyone who started, finished, checked, scanned or boxed the pair, in order of
    their first touch, named only with their consent."""
    roles = {step.code: step.role for step in routing}
    inspector = roles.get(INSPECTOR_SKILL, "inspector")
    names: dict[str, str | None] = {}
    done: dict[str, list[str]] = {}
    for item in work:
        if item.operator_key is None:
            continue
        role = inspector if item.kind == INSPECTED else roles.get(item.operation or "", "maker")
        names[item.operator_key] = item.display_name if item.passport_consent else None
        if role not in done.setdefault(item.operator_key, []):
            done[item.operator_key].append(role)
    return tuple(Maker(names[key], tuple(done[key])) for key in done)
