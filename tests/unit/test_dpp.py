"""The UNTP Digital Product Passport, built from a passport alone: pure, and valid."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date

import pytest

from cordwainer.domain.passport import Factory, Maker, MaterialOrigin, Passport, StepPassed
from cordwainer.domain.sizes import shoe_size, width_name
from cordwainer.standards import dpp, linkset
from tests.untp import dpp_problems

FLIMBY = Factory(
    name="Flimby",
    company="Solway Coast Footwear Ltd",
    address="Solway Works, Station Road, Flimby, Maryport, Cumbria CA15 8QX",
    country="GB",
    established=1991,
    story="UK production began in 1982.",
    gln="5012345000015",
)


def material(name: str, kind: str, unit: str, quantity: float, **more: object) -> MaterialOrigin:
    values: dict[str, object] = {
        "name": name,
        "kind": kind,
        "composition": "100% pig leather, chrome-free tanned",
        "recyclable": "Can be shredded into bonded leather fibreboard.",
        "supplier": "Conceria Valdarno Scamosciati S.p.A.",
        "city": "Santa Croce sull'Arno",
        "country": "IT",
        "certifications": ("LWG Gold",),
        "distance_km": 1990,
        "quantity": quantity,
        "unit": unit,
        "received_on": (date(2026, 10, 8),),
    } | more
    return MaterialOrigin(**values)  # type: ignore[arg-type]


SOFT_PINK = Passport(
    gtin="05012345000817",
    serial="000000042",
    digital_link="https://id.cordwainer.example/01/05012345000817/21/000000042",
    style_name="991v2",
    reference="U991LV2",
    style_story="The 991v2 streamlines a Made in UK icon.",
    style_launched_on=date(2024, 9, 5),
    discontinued_on=None,
    is_discontinued=False,
    colourway_name="Soft pink",
    colourway_story="Soft pink suede, like blossom on the vines.",
    size="8",
    width="2E",
    is_finished=True,
    made_on=date(2026, 11, 17),
    released_on=date(2026, 11, 16),
    factory=FLIMBY,
    materials=(
        material("Soft pink pig suede", "suede", "dm2", 9.5),
        material(
            "Cream open mesh",
            "textile",
            "dm2",
            3.5,
            composition="100% recycled polyester (GRS), knitted",
            country="PT",
        ),
        material(
            "Compression-moulded EVA midsole",
            "foam",
            "pair",
            1,
            composition="100% EVA foam, 20% post-industrial regrind",
            country="ES",
        ),
        material("Grey carbon-rubber running outsole", "rubber", "pair", 1, country="IT"),
        material("Shoe box, recycled board", "packaging", "pair", 1, country="GB"),
    ),
    steps=(StepPassed("Clicking", "Grain, flaws, shade", date(2026, 11, 16)),),
    makers=(Maker("Andy", ("clicker",), 3), Maker(None, ("closer",), 1)),
    care="Brush the suede when dry.",
    end_of_life="Send worn-out pairs back through our take-back scheme.",
)


def test_the_passport_credential_validates_against_the_untp_0_7_schema() -> None:
    document = dpp.passport_credential(SOFT_PINK)

    assert dpp_problems(document) == []
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://vocabulary.uncefact.org/untp/0.7.0/context/",
    ]
    assert json.loads(json.dumps(document)) == document, "plain JSON, nothing else"


def test_the_schema_check_is_not_a_formality() -> None:
    document = dpp.passport_credential(SOFT_PINK)
    broken = copy.deepcopy(document)
    del broken["credentialSubject"]["producedAtFacility"]
    broken["validFrom"] = "17 November 2026"
    broken["credentialSubject"]["materialProvenance"][0]["massFraction"] = 1.5

    problems = dpp_problems(broken)

    assert any("producedAtFacility" in problem for problem in problems)
    assert any("validFrom" in problem for problem in problems)
    assert any("massFraction" in problem for problem in problems)


def test_the_pair_is_named_by_its_digital_link_with_its_serial_as_the_item() -> None:
    subject = dpp.passport_credential(SOFT_PINK)["credentialSubject"]

    assert subject["id"] == SOFT_PINK.digital_link
    assert subject["idScheme"]["id"] == "https://id.gs1.org/01/"
    assert subject["modelNumber"] == "U991LV2"
    assert subject["itemNumber"] == "000000042"
    assert subject["idGranularity"] == "item"
    assert subject["productionDate"] == "2026-11-17"


def test_the_manufacturer_is_the_company_and_the_facility_its_gln() -> None:
    document = dpp.passport_credential(SOFT_PINK)
    subject = document["credentialSubject"]

    assert document["issuer"]["id"] == "did:web:id.cordwainer.example"
    assert document["issuer"]["name"] == "Solway Coast Footwear Ltd"
    assert subject["relatedParty"] == [
        {
            "role": "manufacturer",
            "party": {
                "type": ["Party"],
                "id": "did:web:id.cordwainer.example",
                "name": "Solway Coast Footwear Ltd",
                "registrationCountry": {"countryCode": "GB", "countryName": "United Kingdom"},
            },
        }
    ]
    assert subject["producedAtFacility"] == {
        "type": ["Facility"],
        "id": "https://id.gs1.org/414/5012345000015",
        "name": "Flimby",
        "registeredId": "5012345000015",
    }


def test_materials_carry_their_origin_and_mass_fractions_that_add_up() -> None:
    subject = dpp.passport_credential(SOFT_PINK)["credentialSubject"]
    worn = subject["materialProvenance"]
    box = subject["packaging"]["materialUsed"]

    assert [m["name"] for m in worn] == [
        "Soft pink pig suede",
        "Cream open mesh",
        "Compression-moulded EVA midsole",
        "Grey carbon-rubber running outsole",
    ]
    assert [m["originCountry"]["countryCode"] for m in worn] == ["IT", "PT", "ES", "IT"]
    assert sum(m["massFraction"] for m in worn) == pytest.approx(1, abs=0.001)
    assert worn[1]["recycledMassFraction"] == 1.0
    assert worn[2]["recycledMassFraction"] == 0.2
    assert "recycledMassFraction" not in worn[0]
    assert worn[0]["supplier"]["certifications"] == ["LWG Gold"]
    assert [m["name"] for m in box] == ["Shoe box, recycled board"]
    assert box[0]["massFraction"] == 1.0


def test_care_repair_and_end_of_life_are_told_and_linked() -> None:
    subject = dpp.passport_credential(SOFT_PINK)["credentialSubject"]
    documents = {d["linkType"]: d["linkURL"] for d in subject["relatedDocument"]}
    told = subject["characteristics"]

    assert documents["https://gs1.org/voc/careInstructions"] == SOFT_PINK.digital_link + "#care"
    assert (
        documents["https://gs1.org/voc/sustainabilityInfo"]
        == SOFT_PINK.digital_link + "#composition"
    )
    assert told["careAndRepair"] == "Brush the suede when dry."
    assert told["endOfLife"].startswith("Send worn-out pairs back")
    assert {"materials", "advice"} == set(told["recyclability"][0])
    size = shoe_size("8")
    assert told["size"] == {"uk": "8", "eu": size.eu, "us": size.us}
    assert told["widthName"] == width_name("2E")
    assert told["makers"] == ["Andy, clicker", "an apprentice closer"]
    assert told["madeByHands"] == 2


def test_a_leather_upper_is_hs_6403_and_a_textile_one_6404() -> None:
    leather = dpp.passport_credential(SOFT_PINK)["credentialSubject"]["productCategory"]
    knitted = replace(SOFT_PINK, materials=SOFT_PINK.materials[1:])
    textile = dpp.passport_credential(knitted)["credentialSubject"]["productCategory"]

    assert leather[0]["code"] == "6403"
    assert textile[0]["code"] == "6404"


def test_a_pair_in_the_workshop_has_no_production_date_yet() -> None:
    unfinished = replace(SOFT_PINK, is_finished=False, made_on=date(2026, 11, 16))
    document = dpp.passport_credential(unfinished)

    assert "productionDate" not in document["credentialSubject"]
    assert document["validFrom"] == "2026-11-16T00:00:00Z"
    assert dpp_problems(document) == []


def test_a_discontinued_style_says_so_and_the_passport_stays_valid() -> None:
    archived = replace(SOFT_PINK, discontinued_on=date(2027, 1, 31), is_discontinued=True)
    document = dpp.passport_credential(archived)

    assert document["credentialSubject"]["characteristics"]["styleDiscontinuedOn"] == "2027-01-31"
    assert dpp_problems(document) == []


def test_the_credential_is_served_where_the_linkset_says() -> None:
    document = dpp.passport_credential(SOFT_PINK)

    assert document["id"] == linkset.PASSPORT_DATA.href(SOFT_PINK.digital_link)
    assert document["id"].endswith("?linkType=gs1:dpp")


@pytest.mark.parametrize(
    ("composition", "fraction"),
    [
        ("100% recycled polyester (GRS), knitted", 1.0),
        ("Carbon rubber, 15% recycled rubber", 0.15),
        ("Thermoplastic toe puffs and heel counters, 40% recycled content", 0.4),
        ("100% EVA foam, 20% post-industrial regrind", 0.2),
        ("FSC recycled board, water-based inks", None),
        ("100% cow leather, vegetable-tanned", None),
    ],
)
def test_the_recycled_share_is_read_from_the_composition(
    composition: str, fraction: float | None
) -> None:
    assert dpp.recycled_fraction(composition) == fraction


def test_a_resolver_with_a_port_and_a_path_makes_a_did_web_of_both() -> None:
    moved = replace(
        SOFT_PINK,
        digital_link="http://127.0.0.1:8000/dl/01/05012345000817/21/000000042",
    )

    assert dpp.passport_credential(moved)["issuer"]["id"] == "did:web:127.0.0.1%3A8000:dl"
