"""The catalogue as the floor and integrations read it."""

from __future__ import annotations

from fastapi import APIRouter

from cordwainer.api.deps import Db
from cordwainer.domain.catalogue import Colourway, Variant
from cordwainer.domain.quality import DefectCode
from cordwainer.services import catalogue

router = APIRouter(prefix="/api", tags=["catalogue"])


@router.get("/colourways", operation_id="list_colourways", response_model=list[Colourway])
def list_colourways(db: Db) -> list[Colourway]:
    return catalogue.colourways(db)


@router.get(
    "/colourways/{code}/variants", operation_id="list_variants", response_model=list[Variant]
)
def list_variants(code: str, db: Db) -> list[Variant]:
    """Every size and width of a colourway, each with its GTIN."""
    return catalogue.variants(db, code)


@router.get("/defect-codes", operation_id="list_defect_codes", response_model=list[DefectCode])
def list_defect_codes(db: Db) -> list[DefectCode]:
    return catalogue.defect_catalogue(db)
