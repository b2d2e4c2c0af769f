"""The demo factory: ``factory.yaml`` read, checked and loaded through the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from cordwainer.domain.catalogue import BomLine, Colourway, Operation, OperationKind, Site, Style
from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.materials import Material, Supplier
from cordwainer.domain.quality import DefectCode, Severity
from cordwainer.services import setup
from cordwainer.services.materials import ReceiveLot, receive_material_lot
from cordwainer.services.recording import new_id
from cordwainer.storage.database import Database

FACTORY_FILE = Path(__file__).with_name("factory.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CompanyData(_Strict):
    name: str
    gs1_company_prefix: str
    resolver: str


class SiteData(_Strict):
    code: str
    name: str
    gln_location_reference: int
    address: str
    country: str
    established: int
    story: str


class OperationData(_Strict):
    code: str
    name: str
    kind: Literal["craft", "metal_detection", "boxing"]
    standard_minutes: float
    uses_tacks_or_needles: bool
    consumes_materials: bool
    check: str
    role: str


class WorkcentreData(_Strict):
    code: str
    name: str
    operation: str
    stations: list[str]


class DefectData(_Strict):
    code: str
    operation: str
    description: str
    severity: Literal["minor", "major", "critical"]


class OperatorData(_Strict):
    badge: str
    name: str
    display_name: str
    passport_consent: bool
    pin: str
    skills: dict[str, int]


class SupplierData(_Strict):
    code: str
    name: str
    kind: str
    country: str
    city: str
    certifications: list[str]
    distance_km: int


class MaterialData(_Strict):
    code: str
    name: str
    kind: str
    supplier: str
    unit: str
    composition: str
    recyclable: str


class LotData(_Strict):
    code: str
    material: str
    quantity: float
    received_on: date
    supplier_reference: str


class BomLineData(_Strict):
    material: str
    quantity: float


class ColourwayData(_Strict):
    code: str
    name: str
    story: str
    launched_on: date
    bom: list[BomLineData]


class StyleData(_Strict):
    code: str
    name: str
    reference: str
    price_gbp: int
    last: str
    launched_on: date
    story: str
    care: str
    end_of_life: str
    sizes: list[str]
    widths: list[str]
    colourways: list[ColourwayData]


class FactoryData(_Strict):
    company: CompanyData
    site: SiteData
    operations: list[OperationData]
    workcentres: list[WorkcentreData]
    defect_codes: list[DefectData]
    operators: list[OperatorData]
    suppliers: list[SupplierData]
    materials: list[MaterialData]
    lots: list[LotData]
    styles: list[StyleData]


def read_factory(path: Path = FACTORY_FILE) -> FactoryData:
    try:
        return FactoryData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as error:
        raise InvalidValue(
            f"{path.name} is not a valid factory description: {error}", code="invalid_factory_file"
        ) from error


def load_factory(db: Database, data: FactoryData) -> Site:
    """Set the whole factory up in an empty database, through the services."""
    site = setup.register_site(
        db, _site(data), gln_location_reference=data.site.gln_location_reference
    )
    setup.define_routing(db, [_operation(op) for op in data.operations])
    for workcentre in data.workcentres:
        setup.add_workcentre(
            db, workcentre.code, workcentre.name, workcentre.operation, workcentre.stations
        )
    setup.add_defect_codes(
        db,
        [
            DefectCode(d.code, d.operation, d.description, Severity(d.severity))
            for d in data.defect_codes
        ],
    )
    for person in data.operators:
        setup.hire_operator(db, setup.NewOperator(**person.model_dump()))
    for supplier in data.suppliers:
        setup.add_supplier(
            db,
            Supplier(**supplier.model_dump() | {"certifications": tuple(supplier.certifications)}),
        )
    for material in data.materials:
        fields = material.model_dump()
        fields["supplier_code"] = fields.pop("supplier")
        setup.add_material(db, Material(**fields))
    for style in data.styles:
        setup.add_style(db, _style(style))
    for lot in data.lots:
        receive_material_lot(
            db,
            ReceiveLot(
                new_id(),
                lot.code,
                lot.material,
                lot.quantity,
                lot.received_on,
                lot.supplier_reference,
            ),
        )
    return site


def _site(data: FactoryData) -> Site:
    return Site(
        code=data.site.code,
        name=data.site.name,
        company=data.company.name,
        gln="",
        company_prefix=data.company.gs1_company_prefix,
        resolver=data.company.resolver,
        address=data.site.address,
        country=data.site.country,
        established=data.site.established,
        story=data.site.story,
    )


def _operation(data: OperationData) -> Operation:
    return Operation(**data.model_dump() | {"kind": OperationKind(data.kind)})


def _style(data: StyleData) -> setup.NewStyle:
    style = Style(
        code=data.code,
        name=data.name,
        reference=data.reference,
        price_pence=data.price_gbp * 100,
        last=data.last,
        launched_on=data.launched_on,
        story=data.story,
        care=data.care,
        end_of_life=data.end_of_life,
    )
    colourways = tuple(
        (
            Colourway(c.code, data.code, c.name, c.story, c.launched_on),
            tuple(BomLine(line.material, line.quantity) for line in c.bom),
        )
        for c in data.colourways
    )
    return setup.NewStyle(style, tuple(data.sizes), tuple(data.widths), colourways)
