"""The collection: the season's lookbook of the styles the factory makes.

Each style still made (not discontinued by ``today``) with its story, the sizes and
widths it comes in, and its colourways: each with its story, its materials and where
they come from, and a few pairs made of it whose passports are worth opening. A
colourway launched later in the season is shown with its date. Public, like the
passport: no prices, orders, customers or people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cordwainer.domain.catalogue import UK_SIZES
from cordwainer.domain.errors import NotFound
from cordwainer.domain.passport import Factory
from cordwainer.services.recording import utcnow
from cordwainer.storage import collection_queries as q
from cordwainer.storage import passport_queries
from cordwainer.storage.database import Database

EXAMPLES_PER_COLOURWAY = 2
WIDTH_ORDER = ("B", "D", "2E", "4E")
# The kinds of material, in the order a lookbook names them: uppers first.
KIND_ORDER = (
    "leather",
    "suede",
    "mycelium",
    "textile",
    "lining",
    "foam",
    "rubber",
    "component",
    "thread",
    "packaging",
)
KIND_WORDS = {
    "leather": "Leather and nubuck for the uppers",
    "suede": "Suede for the uppers",
    "mycelium": "Mycelium-grown leather alternatives",
    "textile": "Mesh and textiles",
    "lining": "Leather linings",
    "foam": "Midsoles",
    "rubber": "Outsoles",
    "component": "Laces, toe puffs and heel counters",
    "thread": "Thread",
    "packaging": "Boxes and tissue",
}


@dataclass(frozen=True, slots=True)
class MaterialNote:
    name: str
    kind: str
    supplier: str
    city: str
    country: str
    certifications: tuple[str, ...]
    distance_km: int


@dataclass(frozen=True, slots=True)
class ExamplePair:
    gtin: str
    serial: str
    size: str
    width: str


@dataclass(frozen=True, slots=True)
class ColourwayLook:
    code: str
    name: str
    story: str
    launched_on: date
    is_coming: bool
    materials: tuple[MaterialNote, ...]
    examples: tuple[ExamplePair, ...]


@dataclass(frozen=True, slots=True)
class StyleLook:
    code: str
    name: str
    reference: str
    story: str
    launched_on: date
    steps: int
    sizes: tuple[str, ...]
    widths: tuple[str, ...]
    colourways: tuple[ColourwayLook, ...]


@dataclass(frozen=True, slots=True)
class MaterialKind:
    """A kind of material the season uses, and the places it comes from."""

    kind: str
    words: str
    places: tuple[tuple[str, str], ...]  # (city, country code), nearest first


@dataclass(frozen=True, slots=True)
class Collection:
    season: str
    factory: Factory
    styles: tuple[StyleLook, ...]
    kinds: tuple[MaterialKind, ...]


def season_of(day: date) -> str:
    """``Spring/Summer 2027`` from March to August, else ``Autumn/Winter`` of its autumn."""
    if 3 <= day.month <= 8:
        return f"Spring/Summer {day.year}"
    return f"Autumn/Winter {day.year if day.month >= 9 else day.year - 1}"


def collection(db: Database, *, today: date | None = None) -> Collection:
    """The season's styles made at the factory, with their colourways, as a lookbook."""
    day = today or utcnow().date()
    with db.reading() as connection:
        site = passport_queries.site(connection)
        styles = q.styles(connection)
        colourways = q.colourways(connection)
        materials = q.materials(connection)
        variants = q.variants(connection)
        examples = q.examples(connection, EXAMPLES_PER_COLOURWAY)
    if site is None:
        raise NotFound("This factory is not set up yet.", code="site_not_found")
    factory = Factory(
        site.name, site.company, site.address, site.country, site.established, site.story, site.gln
    )
    made = [style for style in styles if not _is_discontinued(style, day)]
    looks = tuple(_style(style, colourways, materials, variants, examples, day) for style in made)
    return Collection(season_of(day), factory, looks, _kinds(looks))


def _is_discontinued(style: q.StyleRow, day: date) -> bool:
    return style.discontinued_on is not None and style.discontinued_on <= day


def _style(
    style: q.StyleRow,
    colourways: Sequence[q.ColourwayRow],
    materials: Sequence[q.MaterialRow],
    variants: Sequence[q.VariantRow],
    examples: Sequence[q.ExampleRow],
    day: date,
) -> StyleLook:
    grid = [v for v in variants if v.style_code == style.code]
    sizes = {v.size for v in grid}
    widths = {v.width for v in grid}
    return StyleLook(
        code=style.code,
        name=style.name,
        reference=style.reference,
        story=style.story,
        launched_on=style.launched_on,
        steps=style.steps,
        sizes=tuple(size for size in UK_SIZES if size in sizes),
        widths=tuple(sorted(widths, key=_width_rank)),
        colourways=tuple(
            ColourwayLook(
                code=c.code,
                name=c.name,
                story=c.story,
                launched_on=c.launched_on,
                is_coming=c.launched_on > day,
                materials=tuple(
                    sorted(
                        (_note(m) for m in materials if m.colourway_code == c.code),
                        key=lambda note: (_kind_rank(note.kind), note.name),
                    )
                ),
                examples=tuple(
                    ExamplePair(e.gtin, e.serial, e.size, e.width)
                    for e in examples
                    if e.colourway_code == c.code
                ),
            )
            for c in colourways
            if c.style_code == style.code
        ),
    )


def _note(row: q.MaterialRow) -> MaterialNote:
    return MaterialNote(
        row.name,
        row.kind,
        row.supplier,
        row.city,
        row.country,
        row.certifications,
        row.distance_km,
    )


def _width_rank(width: str) -> tuple[int, str]:
    return (WIDTH_ORDER.index(width) if width in WIDTH_ORDER else len(WIDTH_ORDER), width)


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _kinds(looks: Sequence[StyleLook]) -> tuple[MaterialKind, ...]:
    places: dict[str, dict[tuple[str, str], int]] = {}
    for look in looks:
        for colourway in look.colourways:
            for note in colourway.materials:
                places.setdefault(note.kind, {})[(note.city, note.country)] = note.distance_km
    return tuple(
        MaterialKind(
            kind,
            KIND_WORDS.get(kind, kind.capitalize()),
            tuple(sorted(places[kind], key=lambda place: places[kind][place])),
        )
        for kind in sorted(places, key=_kind_rank)
    )
