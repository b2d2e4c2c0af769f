"""A pair's passport: the public story of one pair, as values.

The story runs in the order a wearer asks about it: the pair, where its materials came
from, where and when it was made, the steps it passed, the hands that made it, care and
repair, what it is made of and how to end its life well. Nothing private is in a
``Passport``: no price or cost, no defect, rework or scrap, no operator's name without
their consent, no badge, internal id, rack, order, customer or lot reference.

The page (``web``) and the machine-readable passport (``standards.dpp``) are both built
from these values, so what one tells the other tells too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cordwainer.domain.floor import EXPERT, QUALIFIED, TRAINEE
from cordwainer.domain.sizes import ShoeSize, shoe_size, width_name

# How a maker who chose not to be named is thanked: by their craft, with a word for how
# far along it they are. Their highest skill level among the work done on this pair.
LEVEL_WORDS = {EXPERT: "experienced", QUALIFIED: "skilled", TRAINEE: "apprentice"}


def with_article(noun: str) -> str:
    """``a closer``, ``an experienced closer``."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


@dataclass(frozen=True, slots=True)
class Factory:
    name: str
    company: str
    address: str
    country: str
    established: int
    story: str
    gln: str


@dataclass(frozen=True, slots=True)
class MaterialOrigin:
    """A material of the pair's bill, where it came from and when it reached the factory."""

    name: str
    kind: str
    composition: str
    recyclable: str
    supplier: str
    city: str
    country: str
    certifications: tuple[str, ...]
    distance_km: int
    quantity: float  # per pair, in ``unit``
    unit: str
    received_on: tuple[date, ...]  # the days the lots this pair was cut from arrived


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
    level: int = QUALIFIED

    @property
    def craft(self) -> str:
        """``closer and inspector``."""
        return " and ".join(self.roles)

    @property
    def described(self) -> str:
        """``Chris, closer and inspector`` with consent, else ``an experienced closer``.

        A named maker is not graded in public: the level words are for the unnamed only.
        """
        if self.name:
            return f"{self.name}, {self.craft}"
        return with_article(f"{LEVEL_WORDS.get(self.level, LEVEL_WORDS[QUALIFIED])} {self.craft}")


@dataclass(frozen=True, slots=True)
class Passport:
    gtin: str
    serial: str
    digital_link: str
    style_name: str
    reference: str
    style_story: str
    style_launched_on: date
    discontinued_on: date | None
    is_discontinued: bool
    colourway_name: str
    colourway_story: str
    size: str  # UK
    width: str
    is_finished: bool
    made_on: date | None
    released_on: date
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
    def shoe_size(self) -> ShoeSize:
        return shoe_size(self.size)

    @property
    def width_name(self) -> str:
        return width_name(self.width)

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries its materials came from, nearest first, each once."""
        nearest = sorted(self.materials, key=lambda material: material.distance_km)
        return tuple(dict.fromkeys(material.country for material in nearest))

    @property
    def recycling(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each end-of-life advice once, with the materials it is for, in the story's order."""
        grouped: dict[str, list[str]] = {}
        for material in self.materials:
            grouped.setdefault(material.recyclable, []).append(material.name)
        return tuple((advice, tuple(names)) for advice, names in grouped.items())
