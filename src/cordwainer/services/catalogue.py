"""Reading the catalogue: colourways, variants, a style's routing, the defect catalogue."""

from __future__ import annotations

from cordwainer.domain.catalogue import Colourway, Routing, Variant
from cordwainer.domain.errors import NotFound
from cordwainer.domain.quality import DefectCode
from cordwainer.storage.database import Database


def colourways(db: Database) -> list[Colourway]:
    with db.looking() as uow:
        return uow.catalogue.colourways()


def variants(db: Database, colourway: str) -> list[Variant]:
    with db.looking() as uow:
        if uow.catalogue.colourway(colourway) is None:
            raise NotFound(f"There is no colourway {colourway}.", code="colourway_not_found")
        return uow.catalogue.variants(colourway)


def defect_catalogue(db: Database) -> list[DefectCode]:
    with db.looking() as uow:
        return sorted(uow.catalogue.defect_codes().values(), key=lambda d: d.code)


def routing(db: Database, style: str) -> Routing:
    """The operations a pair of ``style`` passes through, in order, with its standard minutes."""
    with db.looking() as uow:
        if uow.catalogue.style(style) is None:
            raise NotFound(f"There is no style {style}.", code="style_not_found")
        return uow.catalogue.routing(style)
