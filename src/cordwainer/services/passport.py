"""A pair's passport: its public story, told from the floor's own records.

``passport_for`` reads what the story needs and builds a ``domain.passport.Passport``;
nothing private gets into it (see that module). The passport stays valid for the life
of the pair: after it is boxed, after it ships, and after its style is discontinued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cordwainer.domain.errors import NotFound
from cordwainer.domain.floor import QUALIFIED
from cordwainer.domain.identifiers import Gtin, Serial, Sgtin
from cordwainer.domain.passport import (
    Factory,
    Maker,
    MaterialOrigin,
    Passport,
    StepPassed,
)
from cordwainer.domain.quality import INSPECTOR_SKILL
from cordwainer.services.recording import utcnow
from cordwainer.standards.digital_link import pair_uri
from cordwainer.storage import passport_queries as q
from cordwainer.storage import trace_queries
from cordwainer.storage.database import Database

__all__ = ["Passport", "passport_for", "recently_boxed"]

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


def passport_for(db: Database, gtin: str, serial: str, *, today: date | None = None) -> Passport:
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
        work = q.pair_work(connection, pair_id, INSPECTOR_SKILL)
    if site is None or words is None:
        raise NotFound("This factory is not set up yet.", code="site_not_found")
    day = today or utcnow().date()
    return Passport(
        gtin=key,
        serial=code,
        digital_link=pair_uri(site.resolver, Sgtin(Gtin(key), Serial(code))),
        style_name=words.style_name,
        reference=words.reference,
        style_story=words.style_story,
        style_launched_on=words.launched_on,
        discontinued_on=words.discontinued_on,
        is_discontinued=words.discontinued_on is not None and words.discontinued_on <= day,
        colourway_name=words.colourway_name,
        colourway_story=words.colourway_story,
        size=pair.size,
        width=pair.width,
        is_finished=pair.status in FINISHED,
        made_on=_made_on(work),
        released_on=pair.released_at.date(),
        factory=Factory(
            site.name,
            site.company,
            site.address,
            site.country,
            site.established,
            site.story,
            site.gln,
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
    """The bill of materials with each supplier, and when the lots this pair was cut from
    arrived (the lots' own codes and the suppliers' references stay in the factory)."""
    arrived: dict[str, set[date]] = {}
    for lot in lots:
        arrived.setdefault(lot.material_code, set()).add(lot.received_on)
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
            quantity=line.quantity,
            unit=line.unit,
            received_on=tuple(sorted(arrived.get(line.material_code, ()))),
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
    their first touch, named only with their consent, with their highest skill level at
    what they did (an inspector's at the step or at inspecting, whichever is higher)."""
    roles = {step.code: step.role for step in routing}
    inspector = roles.get(INSPECTOR_SKILL, "inspector")
    names: dict[str, str | None] = {}
    done: dict[str, list[str]] = {}
    levels: dict[str, int] = {}
    for item in work:
        if item.operator_key is None:
            continue
        key = item.operator_key
        inspecting = item.kind == INSPECTED
        role = inspector if inspecting else roles.get(item.operation or "", "maker")
        level = max(item.skill_level or 0, (item.inspector_level or 0) if inspecting else 0)
        names[key] = item.display_name if item.passport_consent else None
        levels[key] = max(levels.get(key, 0), level)
        if role not in done.setdefault(key, []):
            done[key].append(role)
    return tuple(Maker(names[key], tuple(done[key]), levels[key] or QUALIFIED) for key in done)
