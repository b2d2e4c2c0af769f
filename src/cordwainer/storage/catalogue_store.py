"""Master data: the site, its routing, benches, people, suppliers, materials and styles."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from cordwainer.domain.catalogue import (
    BomLine,
    Colourway,
    Operation,
    OperationKind,
    Routing,
    Site,
    Style,
    Variant,
)
from cordwainer.domain.floor import Operator, Station
from cordwainer.domain.materials import Material, Supplier
from cordwainer.domain.quality import DefectCode, Severity
from cordwainer.storage import tables as t
from cordwainer.storage.catalogue_cache import CatalogueCache

T = TypeVar("T")


CATALOGUE_VERSION = "catalogue"
_VERSION = select(t.counters.c.value).where(t.counters.c.name == CATALOGUE_VERSION)


class CatalogueStore:
    def __init__(self, connection: Connection, cache: CatalogueCache | None = None) -> None:
        self.connection = connection
        self._cache = cache
        self._version: int | None = None
        self._changed = False

    def _insert(self, table: Any, rows: Sequence[dict[str, Any]]) -> None:
        """Insert master data, and move the catalogue's version on so caches drop what they hold."""
        if rows:
            self.connection.execute(insert(table), list(rows))
            self._changed = True
            moved = self.connection.execute(
                update(t.counters)
                .where(t.counters.c.name == CATALOGUE_VERSION)
                .values(value=t.counters.c.value + 1)
            )
            if moved.rowcount == 0:
                self.connection.execute(
                    insert(t.counters), [{"name": CATALOGUE_VERSION, "value": 1}]
                )

    def _cached(self, key: Hashable, load: Callable[[], T]) -> T:
        if self._cache is None or self._changed:
            return load()
        if self._version is None:
            self._version = int(self.connection.execute(_VERSION).scalar() or 0)
        return self._cache.get(self._version, key, load)

    def _one(self, query: Any) -> RowMapping | None:
        return self.connection.execute(query).mappings().first()

    # the site
    def add_site(self, site: Site) -> None:
        self._insert(t.sites, [asdict(site)])

    def site(self) -> Site | None:
        row = self._one(select(t.sites))
        return Site(**row) if row else None

    # the routing and the benches
    def add_operations(self, operations: Sequence[Operation]) -> None:
        rows = []
        for position, operation in enumerate(operations):
            row = asdict(operation) | {"position": position, "kind": operation.kind.value}
            row["check_text"] = row.pop("check")
            rows.append(row)
        self._insert(t.operations, rows)

    def operations(self) -> list[Operation]:
        rows = self.connection.execute(select(t.operations).order_by(t.operations.c.position))
        return [_operation(row) for row in rows.mappings()]

    def add_workcentre(
        self, code: str, name: str, operation_code: str, stations: list[str]
    ) -> None:
        self._insert(
            t.workcentres, [{"code": code, "name": name, "operation_code": operation_code}]
        )
        self._insert(t.stations, [{"code": s, "workcentre_code": code} for s in stations])

    def station(self, code: str) -> Station | None:
        return self._cached(("station", code), lambda: self._load_station(code))

    def _load_station(self, code: str) -> Station | None:
        query = (
            select(t.stations.c.code, t.stations.c.workcentre_code, t.workcentres.c.operation_code)
            .join(t.workcentres)
            .where(t.stations.c.code == code)
        )
        row = self._one(query)
        return Station(**row) if row else None

    # people
    def add_operator(
        self, operator: Operator, *, display_name: str, passport_consent: bool, pin_hash: str
    ) -> None:
        row = {
            "id": operator.id,
            "badge": operator.badge,
            "name": operator.name,
            "display_name": display_name,
            "passport_consent": passport_consent,
            "pin_hash": pin_hash,
        }
        self._insert(t.operators, [row])
        skills = [
            {"operator_id": operator.id, "operation_code": code, "level": level}
            for code, level in operator.skills.items()
        ]
        self._insert(t.skills, skills)

    def operator_by_badge(self, badge: str) -> Operator | None:
        return self._cached(("badge", badge), lambda: self._load_operator_by_badge(badge))

    def _load_operator_by_badge(self, badge: str) -> Operator | None:
        row = self._one(select(t.operators).where(t.operators.c.badge == badge))
        return self._operator(row) if row else None

    def operator(self, operator_id: UUID) -> Operator | None:
        row = self._one(select(t.operators).where(t.operators.c.id == operator_id))
        return self._operator(row) if row else None

    def _operator(self, row: RowMapping) -> Operator:
        query = select(t.skills.c.operation_code, t.skills.c.level).where(
            t.skills.c.operator_id == row["id"]
        )
        skills = {str(code): int(level) for code, level in self.connection.execute(query)}
        return Operator(row["id"], row["badge"], row["name"], skills)

    def pin_hash(self, badge: str) -> str | None:
        """The argon2 hash of the badge's PIN; never cached."""
        query = select(t.operators.c.pin_hash).where(t.operators.c.badge == badge)
        found = self.connection.execute(query).scalar()
        return str(found) if found is not None else None

    def staff(self) -> list[Operator]:
        """Everyone with their skills, in badge order, in one query."""
        query = (
            select(
                t.operators.c.id,
                t.operators.c.badge,
                t.operators.c.name,
                t.skills.c.operation_code,
                t.skills.c.level,
            )
            .outerjoin(t.skills)
            .order_by(t.operators.c.badge)
        )
        names: dict[UUID, tuple[str, str]] = {}
        skills: dict[UUID, dict[str, int]] = {}
        for operator_id, badge, name, operation_code, level in self.connection.execute(query):
            names[operator_id] = (badge, name)
            held = skills.setdefault(operator_id, {})
            if operation_code is not None:
                held[operation_code] = int(level)
        return [Operator(key, *names[key], skills[key]) for key in names]

    def skill_levels(self) -> list[tuple[str, str, int]]:
        """(badge, operation, level) for everyone, in badge order."""
        query = (
            select(t.operators.c.badge, t.skills.c.operation_code, t.skills.c.level)
            .join(t.skills)
            .order_by(t.operators.c.badge)
        )
        return [(badge, code, level) for badge, code, level in self.connection.execute(query)]

    def stations(self) -> list[Station]:
        query = (
            select(t.stations.c.code, t.stations.c.workcentre_code, t.workcentres.c.operation_code)
            .join(t.workcentres)
            .order_by(t.stations.c.code)
        )
        return [Station(**row) for row in self.connection.execute(query).mappings()]

    # quality
    def add_defect_codes(self, defects: Iterable[DefectCode]) -> None:
        self._insert(t.defect_codes, [asdict(d) | {"severity": d.severity.value} for d in defects])

    def defect_codes(self) -> dict[str, DefectCode]:
        return self._cached(("defects",), self._load_defect_codes)

    def _load_defect_codes(self) -> dict[str, DefectCode]:
        query = select(t.defect_codes, t.defect_code_retirements.c.retired_at).outerjoin(
            t.defect_code_retirements
        )
        return {
            row["code"]: DefectCode(
                row["code"],
                row["operation_code"],
                row["description"],
                Severity(row["severity"]),
                retired=row["retired_at"] is not None,
            )
            for row in self.connection.execute(query).mappings()
        }

    def retire_defect_code(self, code: str, at: datetime) -> None:
        self._insert(t.defect_code_retirements, [{"code": code, "retired_at": at}])

    def defect_code_retirements(self) -> dict[str, datetime]:
        """When each retired code was retired."""
        query = select(t.defect_code_retirements.c.code, t.defect_code_retirements.c.retired_at)
        return {str(code): at for code, at in self.connection.execute(query).all()}

    # materials
    def add_supplier(self, supplier: Supplier) -> None:
        self._insert(
            t.suppliers, [asdict(supplier) | {"certifications": list(supplier.certifications)}]
        )

    def add_material(self, material: Material) -> None:
        self._insert(t.materials, [asdict(material)])

    def material(self, code: str) -> Material | None:
        row = self._one(select(t.materials).where(t.materials.c.code == code))
        return Material(**row) if row else None

    # styles
    def add_style(
        self,
        style: Style,
        routing: Sequence[tuple[str, float]],
        colourways: Sequence[tuple[Colourway, Sequence[BomLine]]],
        variants: Sequence[Variant],
    ) -> None:
        self._insert(t.styles, [asdict(style)])
        self._insert(
            t.routing_steps,
            [
                {
                    "style_code": style.code,
                    "position": i,
                    "operation_code": c,
                    "standard_minutes": m,
                }
                for i, (c, m) in enumerate(routing)
            ],
        )
        self._insert(t.colourways, [asdict(colourway) for colourway, _ in colourways])
        self._insert(
            t.bom_lines,
            [
                {
                    "colourway_code": c.code,
                    "material_code": line.material_code,
                    "quantity": line.quantity,
                }
                for c, lines in colourways
                for line in lines
            ],
        )
        self._insert(
            t.variants,
            [
                {
                    "gtin": v.gtin,
                    "colourway_code": v.colourway_code,
                    "size": v.size,
                    "width": v.width,
                }
                for v in variants
            ],
        )

    def style(self, code: str) -> Style | None:
        row = self._one(select(t.styles).where(t.styles.c.code == code))
        return Style(**row) if row else None

    def discontinue_style(self, code: str, on: date) -> None:
        """The style is made no more from ``on`` (styles are read uncached, so no cache moves)."""
        self.connection.execute(
            update(t.styles).where(t.styles.c.code == code).values(discontinued_on=on)
        )

    def colourways(self) -> list[Colourway]:
        rows = self.connection.execute(select(t.colourways).order_by(t.colourways.c.code))
        return [Colourway(**row) for row in rows.mappings()]

    def colourway(self, code: str) -> Colourway | None:
        return self._cached(("colourway", code), lambda: self._load_colourway(code))

    def _load_colourway(self, code: str) -> Colourway | None:
        row = self._one(select(t.colourways).where(t.colourways.c.code == code))
        return Colourway(**row) if row else None

    def routing(self, style_code: str) -> Routing:
        return self._cached(("routing", style_code), lambda: self._load_routing(style_code))

    def _load_routing(self, style_code: str) -> Routing:
        query = (
            select(t.operations, t.routing_steps.c.standard_minutes.label("style_minutes"))
            .join(t.routing_steps, t.routing_steps.c.operation_code == t.operations.c.code)
            .where(t.routing_steps.c.style_code == style_code)
            .order_by(t.routing_steps.c.position)
        )
        rows = self.connection.execute(query).mappings()
        return Routing(
            tuple(_operation(row, standard_minutes=row["style_minutes"]) for row in rows)
        )

    def variants(self, colourway_code: str) -> list[Variant]:
        query = (
            select(t.variants, t.colourways.c.style_code)
            .join(t.colourways)
            .where(t.variants.c.colourway_code == colourway_code)
        )
        return [_variant(row) for row in self.connection.execute(query).mappings()]

    def variant(self, gtin: str) -> Variant | None:
        query = (
            select(t.variants, t.colourways.c.style_code)
            .join(t.colourways)
            .where(t.variants.c.gtin == gtin)
        )
        row = self._one(query)
        return _variant(row) if row else None

    def bill_of_materials(self, colourway_code: str) -> list[BomLine]:
        key = ("bill", colourway_code)
        return self._cached(key, lambda: self._load_bill_of_materials(colourway_code))

    def _load_bill_of_materials(self, colourway_code: str) -> list[BomLine]:
        query = select(t.bom_lines.c.material_code, t.bom_lines.c.quantity).where(
            t.bom_lines.c.colourway_code == colourway_code
        )
        return [BomLine(code, quantity) for code, quantity in self.connection.execute(query)]

    # numbering
    def take_numbers(self, name: str, count: int = 1) -> int:
        """Reserve ``count`` consecutive numbers of a counter; returns the first."""
        current = self.connection.execute(
            update(t.counters)
            .where(t.counters.c.name == name)
            .values(value=t.counters.c.value + count)
            .returning(t.counters.c.value)
        ).scalar()
        if current is None:
            self.connection.execute(insert(t.counters), [{"name": name, "value": count}])
            return 1
        return int(current) - count + 1

    def count(self, table: Any) -> int:
        return int(self.connection.execute(select(func.count()).select_from(table)).scalar_one())


def _operation(row: RowMapping, standard_minutes: float | None = None) -> Operation:
    return Operation(
        code=row["code"],
        name=row["name"],
        kind=OperationKind(row["kind"]),
        standard_minutes=row["standard_minutes"] if standard_minutes is None else standard_minutes,
        uses_tacks_or_needles=row["uses_tacks_or_needles"],
        consumes_materials=row["consumes_materials"],
        check=row["check_text"],
        role=row["role"],
    )


def _variant(row: RowMapping) -> Variant:
    return Variant(row["gtin"], row["style_code"], row["colourway_code"], row["size"], row["width"])
