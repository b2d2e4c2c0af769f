"""Setting a factory up: its site, routing, benches, people, suppliers, materials, styles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from argon2 import PasswordHasher

from cordwainer.domain.catalogue import (
    BomLine,
    Colourway,
    Operation,
    Site,
    Style,
    Variant,
    is_uk_size,
)
from cordwainer.domain.errors import Conflict, InvalidValue, NotFound
from cordwainer.domain.floor import Operator
from cordwainer.domain.identifiers import Gln, Gtin
from cordwainer.domain.materials import Material, Supplier
from cordwainer.domain.quality import DefectCode
from cordwainer.services.recording import new_id
from cordwainer.storage.database import Database, UnitOfWork

WIDTHS = ("B", "D", "2E", "4E")
COUNTERS = ("serial", "rack", "order", "gtin")


def register_site(db: Database, site: Site, *, gln_location_reference: int) -> Site:
    """The factory this Cordwainer runs; its GLN is allocated from the company prefix."""
    gln = Gln.allocate(site.company_prefix, gln_location_reference)
    site = replace(site, gln=str(gln))
    with db.unit_of_work() as uow:
        if uow.catalogue.site() is not None:
            raise Conflict("This database already has its site.", code="site_exists")
        uow.catalogue.add_site(site)
        for counter in COUNTERS:
            uow.catalogue.take_numbers(counter, 0)
        uow.commit()
    return site


def define_routing(db: Database, operations: Sequence[Operation]) -> None:
    if len({operation.code for operation in operations}) != len(operations):
        raise InvalidValue(
            "Each operation appears once in the routing.", code="duplicate_operation"
        )
    with db.unit_of_work() as uow:
        uow.catalogue.add_operations(operations)
        uow.commit()


def add_workcentre(
    db: Database, code: str, name: str, operation_code: str, stations: Sequence[str]
) -> None:
    with db.unit_of_work() as uow:
        _operation(uow, operation_code)
        uow.catalogue.add_workcentre(code, name, operation_code, list(stations))
        uow.commit()


@dataclass(frozen=True, slots=True)
class NewOperator:
    badge: str
    name: str
    display_name: str
    passport_consent: bool
    pin: str
    skills: Mapping[str, int] = field(default_factory=dict)


def hire_operator(db: Database, person: NewOperator) -> Operator:
    if not (person.pin.isdigit() and 4 <= len(person.pin) <= 8):
        raise InvalidValue("A PIN is 4 to 8 digits.", code="invalid_pin")
    if any(not 1 <= level <= 3 for level in person.skills.values()):
        raise InvalidValue(
            "Skill levels are 1 (trainee), 2 (qualified) or 3 (expert).", code="invalid_skill"
        )
    operator = Operator(new_id(), person.badge, person.name, dict(person.skills))
    pin_hash = PasswordHasher().hash(person.pin)
    with db.unit_of_work() as uow:
        for code in person.skills:
            _operation(uow, code)
        if uow.catalogue.operator_by_badge(person.badge) is not None:
            raise Conflict(f"Badge {person.badge} is already taken.", code="badge_taken")
        uow.catalogue.add_operator(
            operator,
            display_name=person.display_name,
            passport_consent=person.passport_consent,
            pin_hash=pin_hash,
        )
        uow.commit()
    return operator


def add_defect_codes(db: Database, defects: Sequence[DefectCode]) -> None:
    with db.unit_of_work() as uow:
        for defect in defects:
            _operation(uow, defect.operation_code)
        uow.catalogue.add_defect_codes(defects)
        uow.commit()


def add_supplier(db: Database, supplier: Supplier) -> None:
    with db.unit_of_work() as uow:
        uow.catalogue.add_supplier(supplier)
        uow.commit()


def add_material(db: Database, material: Material) -> None:
    with db.unit_of_work() as uow:
        uow.catalogue.add_material(material)
        uow.commit()


@dataclass(frozen=True, slots=True)
class NewStyle:
    style: Style
    sizes: tuple[str, ...]
    widths: tuple[str, ...]
    colourways: tuple[tuple[Colourway, tuple[BomLine, ...]], ...]
    standard_minutes: Mapping[str, float] = field(default_factory=dict)


def add_style(db: Database, new: NewStyle) -> list[Variant]:
    """Add a style with its routing, colourways and bills; a GTIN for every variant."""
    _check_grid(new.sizes, new.widths)
    with db.unit_of_work() as uow:
        site = uow.catalogue.site()
        if site is None:
            raise NotFound("Register the site before its styles.", code="site_not_found")
        routing = [
            (op.code, new.standard_minutes.get(op.code, op.standard_minutes))
            for op in uow.catalogue.operations()
        ]
        for _, lines in new.colourways:
            for line in lines:
                if uow.catalogue.material(line.material_code) is None:
                    raise NotFound(
                        f"There is no material {line.material_code}.", code="material_not_found"
                    )
        grid = [
            (c.code, size, width)
            for c, _ in new.colourways
            for width in new.widths
            for size in new.sizes
        ]
        first = uow.catalogue.take_numbers("gtin", len(grid))
        variants = [
            Variant(str(Gtin.allocate(site.company_prefix, first + i)), new.style.code, *cell)
            for i, cell in enumerate(grid)
        ]
        uow.catalogue.add_style(new.style, routing, new.colourways, variants)
        uow.commit()
    return variants


def discontinue_style(db: Database, code: str, on: date) -> Style:
    """Make style ``code`` no more from ``on``. Its pairs' passports stay valid and say so;
    the collection leaves it out from that day."""
    with db.unit_of_work() as uow:
        style = uow.catalogue.style(code)
        if style is None:
            raise NotFound(f"There is no style {code}.", code="style_not_found", style=code)
        if on < style.launched_on:
            raise InvalidValue(
                f"The {style.name} was launched on {_day(style.launched_on)}; it cannot be "
                f"discontinued before that, on {_day(on)}.",
                code="discontinued_before_launch",
                style=code,
                launched_on=style.launched_on,
                discontinued_on=on,
            )
        uow.catalogue.discontinue_style(code, on)
        uow.commit()
    return replace(style, discontinued_on=on)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _check_grid(sizes: Sequence[str], widths: Sequence[str]) -> None:
    bad_sizes = [size for size in sizes if not is_uk_size(size)]
    if bad_sizes or not sizes:
        raise InvalidValue(f"{bad_sizes or 'No size'} is not a UK size.", code="invalid_size")
    bad_widths = [width for width in widths if width not in WIDTHS]
    if bad_widths or not widths:
        raise InvalidValue(
            f"Widths are {', '.join(WIDTHS)}; {bad_widths or 'none'} given.", code="invalid_width"
        )


def _operation(uow: UnitOfWork, code: str) -> None:
    if code not in {operation.code for operation in uow.catalogue.operations()}:
        raise NotFound(f"There is no operation '{code}'.", code="operation_not_found")


def site_of(db: Database) -> Site | None:
    """The factory this database belongs to, or None before it is set up."""
    with db.looking() as uow:
        return uow.catalogue.site()
