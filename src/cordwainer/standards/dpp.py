"""The machine-readable passport: a UNTP Digital Product Passport (0.7.0) in JSON-LD.

``passport_credential`` turns a pair's ``Passport`` into the UN Transparency Protocol's
``DigitalProductPassport`` credential (an unsigned W3C Verifiable Credential 2.0): the
pair's identifier (its GS1 Digital Link), the manufacturer, the facility (its GLN), the
materials with their country of origin, care and repair, and what to do with each
material at the end of its life. docs/passport.md says how each field is filled.

Pure: it reads no clock and no file; the same passport always gives the same document.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from cordwainer.domain.identifiers import Gtin, Serial, Sgtin
from cordwainer.domain.passport import MaterialOrigin, Passport
from cordwainer.standards import linkset
from cordwainer.standards.countries import country_name
from cordwainer.standards.digital_link import pair_path

UNTP_VERSION = "0.7.0"
CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    f"https://vocabulary.uncefact.org/untp/{UNTP_VERSION}/context/",
)
GTIN_SCHEME = {"type": ["IdentifierScheme"], "id": "https://id.gs1.org/01/", "name": "GS1 GTIN"}
GLN_RESOLVER = "https://id.gs1.org/414/"

# Harmonized System headings for footwear with rubber or plastic outer soles, by what the
# upper (the first material of the bill) is made of.
HS_SCHEME = (
    "https://www.wcoomd.org/en/topics/nomenclature/overview/what-is-the-harmonized-system.aspx"
)
HS_FOOTWEAR = {
    "leather": (
        "6403",
        "Footwear with outer soles of rubber, plastics, leather or composition leather "
        "and uppers of leather",
    ),
    "textile": (
        "6404",
        "Footwear with outer soles of rubber, plastics, leather or composition leather "
        "and uppers of textile materials",
    ),
    "other": ("6405", "Other footwear"),
}
LEATHER_KINDS = frozenset({"leather", "suede"})
PACKAGING = "packaging"

# Nominal grams per unit of each kind of material, to estimate the mass fractions UNTP
# asks for from a bill of materials kept in dm2, pairs and metres.
GRAMS_PER_UNIT = {
    ("leather", "dm2"): 12.0,  # about 1.3 mm of full grain or nubuck
    ("suede", "dm2"): 10.0,
    ("lining", "dm2"): 8.0,
    ("mycelium", "dm2"): 10.0,
    ("textile", "dm2"): 3.0,  # a 300 g/m2 mesh
    ("foam", "pair"): 180.0,  # a pair of midsoles
    ("rubber", "pair"): 380.0,  # a pair of outsoles
    ("component", "pair"): 30.0,  # laces, or toe puffs and heel counters
    ("thread", "m"): 0.08,
    ("packaging", "pair"): 350.0,  # a box and its tissue
}
DEFAULT_GRAMS = {"dm2": 8.0, "pair": 30.0, "m": 0.08}
MASS_BASIS = (
    "Mass fractions are estimated from the bill of materials of the colourway, with "
    "nominal weights per dm2, per pair and per metre of each kind of material."
)
_RECYCLED = re.compile(
    r"(\d+(?:\.\d+)?)\s*%\s*(?:recycled|post-industrial|post-consumer)", re.IGNORECASE
)


def passport_credential(passport: Passport) -> dict[str, Any]:
    """The pair's passport as a UNTP DigitalProductPassport credential, ready for JSON."""
    base = _resolver_base(passport)
    maker = _manufacturer(passport, base)
    document: dict[str, Any] = {
        "@context": list(CONTEXT),
        "type": ["DigitalProductPassport", "VerifiableCredential"],
        "id": linkset.PASSPORT_DATA.href(passport.digital_link),
        "issuer": {"type": ["CredentialIssuer"], "id": maker["id"], "name": maker["name"]},
        "validFrom": f"{(passport.made_on or passport.released_on).isoformat()}T00:00:00Z",
        "name": (
            f"Digital product passport of {_product_name(passport)}, UK {passport.size} "
            f"{passport.width}, serial {passport.serial}"
        ),
        "credentialSubject": _product(passport, base, maker),
    }
    return document


def _resolver_base(passport: Passport) -> str:
    path = pair_path(Sgtin(Gtin(passport.gtin), Serial(passport.serial)))
    return passport.digital_link.removesuffix(path)


def _did_web(base: str) -> str:
    """``https://id.cordwainer.example`` → ``did:web:id.cordwainer.example``."""
    parts = urlsplit(base)
    segments = [quote(parts.netloc, safe="")] + [s for s in parts.path.split("/") if s]
    return "did:web:" + ":".join(segments)


def _country(code: str) -> dict[str, str]:
    return {"countryCode": code, "countryName": country_name(code)}


def _product_name(passport: Passport) -> str:
    return f"{passport.style_name} {passport.colourway_name}"


def _manufacturer(passport: Passport, base: str) -> dict[str, Any]:
    factory = passport.factory
    return {
        "type": ["Party"],
        "id": _did_web(base),
        "name": factory.company,
        "registrationCountry": _country(factory.country),
    }


def _product(passport: Passport, base: str, maker: dict[str, Any]) -> dict[str, Any]:
    worn = [m for m in passport.materials if m.kind != PACKAGING]
    boxed = [m for m in passport.materials if m.kind == PACKAGING]
    product: dict[str, Any] = {
        "type": ["Product"],
        "id": passport.digital_link,
        "name": _product_name(passport),
        "description": f"{passport.colourway_story} {passport.style_story}",
        "idScheme": GTIN_SCHEME,
        "modelNumber": passport.reference,
        "itemNumber": passport.serial,
        "idGranularity": "item",
        "productCategory": [_category(worn)],
        "relatedDocument": [
            {
                "linkURL": link.href(passport.digital_link),
                "linkName": link.title,
                "mediaType": link.media_type,
                "linkType": link.uri,
            }
            for link in linkset.LINK_TYPES
            if link.is_page
        ],
        "relatedParty": [{"role": "manufacturer", "party": maker}],
        "producedAtFacility": {
            "type": ["Facility"],
            "id": GLN_RESOLVER + passport.factory.gln,
            "name": passport.factory.name,
            "registeredId": passport.factory.gln,
        },
        "countryOfProduction": _country(passport.factory.country),
        "materialProvenance": _materials(worn, base),
        "characteristics": _characteristics(passport),
    }
    if passport.is_finished and passport.made_on is not None:
        product["productionDate"] = passport.made_on.isoformat()
    if boxed:
        product["packaging"] = {
            "description": "; ".join(m.name for m in boxed),
            "dimensions": {},
            "materialUsed": _materials(boxed, base),
        }
    return product


def _category(worn: list[MaterialOrigin]) -> dict[str, str]:
    upper = worn[0].kind if worn else "other"
    key = "leather" if upper in LEATHER_KINDS else upper if upper == "textile" else "other"
    code, name = HS_FOOTWEAR[key]
    return {"code": code, "name": name, "schemeId": HS_SCHEME, "schemeName": "Harmonized System"}


def grams(material: MaterialOrigin) -> float:
    """The estimated mass of ``material`` in one pair, from its quantity per pair."""
    per_unit = GRAMS_PER_UNIT.get(
        (material.kind, material.unit), DEFAULT_GRAMS.get(material.unit, 1.0)
    )
    return material.quantity * per_unit


def recycled_fraction(composition: str) -> float | None:
    """``"100% EVA foam, 20% post-industrial regrind"`` → 0.2; None when it does not say."""
    found = _RECYCLED.search(composition)
    return min(float(found.group(1)) / 100, 1.0) if found else None


def _materials(materials: list[MaterialOrigin], base: str) -> list[dict[str, Any]]:
    total = sum(grams(material) for material in materials) or 1.0
    listed = []
    for material in materials:
        entry: dict[str, Any] = {
            "name": material.name,
            "originCountry": _country(material.country),
            "materialType": {
                "code": material.kind,
                "name": material.kind.capitalize(),
                "schemeId": f"{base}/collection#material-kinds",
                "schemeName": "Cordwainer material kinds",
            },
            "massFraction": round(grams(material) / total, 4),
            "composition": material.composition,
            "recyclability": material.recyclable,
            "supplier": {
                "name": material.supplier,
                "city": material.city,
                "country": _country(material.country),
                "certifications": list(material.certifications),
                "distanceToFactoryKm": material.distance_km,
            },
        }
        recycled = recycled_fraction(material.composition)
        if recycled is not None:
            entry["recycledMassFraction"] = recycled
        listed.append(entry)
    return listed


def _characteristics(passport: Passport) -> dict[str, Any]:
    size = passport.shoe_size
    found: dict[str, Any] = {
        "style": passport.style_name,
        "styleReference": passport.reference,
        "colourway": passport.colourway_name,
        "size": {"uk": size.uk, "eu": size.eu, "us": size.us},
        "width": passport.width,
        "widthName": passport.width_name,
        "careAndRepair": passport.care,
        "endOfLife": passport.end_of_life,
        "recyclability": [
            {"materials": list(names), "advice": advice} for advice, names in passport.recycling
        ],
        "makingSteps": [
            {"step": step.operation, "check": step.check, "passedOn": step.passed_on.isoformat()}
            for step in passport.steps
        ],
        "madeByHands": passport.hands,
        "makers": [maker.described for maker in passport.makers],
        "massFractionBasis": MASS_BASIS,
    }
    if passport.discontinued_on is not None:
        found["styleDiscontinuedOn"] = passport.discontinued_on.isoformat()
    return found
