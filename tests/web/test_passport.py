"""The passport: a pair's public story at its GS1 Digital Link path, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import date
from uuid import uuid4

import pytest

from cordwainer.domain.errors import InvalidValue, NotFound
from cordwainer.domain.passport import LEVEL_WORDS
from cordwainer.domain.sizes import shoe_size, width_name
from cordwainer.services import catalogue, orders, setup
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.rendering import country
from tests.web.conftest import Site
from tests.web.reading import has_word, text_of, without_stylesheet

REWORKED = """
    SELECT p.gtin, p.serial FROM pairs p
    JOIN event_pairs ep ON ep.pair_id = p.id
    WHERE ep.result = 'rework'
    ORDER BY p.serial
"""

# Who did something to the pair, as the passport counts hands, with their skill levels
# at the step and at inspecting.
MAKERS = """
    SELECT DISTINCT op.badge, op.name, op.display_name, op.passport_consent, o.role, e.kind,
           sk.level AS level, si.level AS inspector_level
    FROM pairs p
    JOIN event_pairs ep ON ep.pair_id = p.id
    JOIN events e ON e.id = ep.event_id
    JOIN operators op ON op.id = e.operator_id
    JOIN operations o ON o.code = e.operation_code
    LEFT JOIN skills sk ON sk.operator_id = op.id AND sk.operation_code = e.operation_code
    LEFT JOIN skills si ON si.operator_id = op.id AND si.operation_code = 'final_inspection'
    WHERE p.gtin = :gtin AND p.serial = :serial
      AND e.kind IN ('operation_started', 'operation_finished', 'pairs_inspected',
                     'metal_scanned', 'pairs_boxed')
"""

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def reworked_pair(public_site: Site) -> tuple[str, str]:
    """The pair sent back once on the worked day: its passport must not tell."""
    gtin, serial = public_site.rows(REWORKED)[0]
    return gtin, serial


@pytest.fixture(scope="module")
def page(public_site: Site, reworked_pair: tuple[str, str]) -> str:
    response = public_site.client.get(urls.passport(*reworked_pair))
    assert response.status_code == 200
    return response.text


@pytest.fixture(scope="module")
def passport_json(public_site: Site, reworked_pair: tuple[str, str]) -> str:
    response = public_site.client.get(
        urls.passport(*reworked_pair), headers={"Accept": "application/ld+json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    return response.text


def test_a_boxed_pairs_passport_tells_its_story_in_order(
    public_site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    gtin, serial = reworked_pair
    style, colourway, size, width = public_site.rows(
        """
        SELECT s.name, c.name, v.size, v.width FROM variants v
        JOIN colourways c ON c.code = v.colourway_code JOIN styles s ON s.code = c.style_code
        WHERE v.gtin = :gtin
        """,
        gtin=gtin,
    )[0]
    seen = text_of(page)

    for fact in (style, colourway, f"UK {size}", width, serial, gtin, "Made in Flimby"):
        assert fact in seen
    order = [
        "Passport of one pair",
        "Where its materials came from",
        "Made in Flimby",
        "How it was made",
        "pairs of hands",
        "Care and repair",
        "What it is made of",
        "At the end of its life",
    ]
    positions = [seen.index(heading, seen.index("Passport of one pair")) for heading in order]
    assert positions == sorted(positions)


def test_the_size_is_given_in_uk_eu_and_us_sizes_with_the_width_in_words(
    public_site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    (size, width) = public_site.rows(
        "SELECT size, width FROM variants WHERE gtin = :gtin", gtin=reworked_pair[0]
    )[0]
    equivalents = shoe_size(size)
    seen = text_of(page)

    assert f"UK {size} EU {equivalents.eu} · US {equivalents.us}" in seen
    assert f"{width} {width_name(width)}" in seen


def test_the_materials_are_told_with_their_suppliers_countries_and_arrival_not_their_lots(
    public_site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    gtin, serial = reworked_pair
    bill = public_site.rows(
        """
        SELECT m.name, su.name, su.city, su.country, su.distance_km, su.certifications
        FROM variants v
        JOIN bom_lines b ON b.colourway_code = v.colourway_code
        JOIN materials m ON m.code = b.material_code
        JOIN suppliers su ON su.code = m.supplier_code
        WHERE v.gtin = :gtin
        """,
        gtin=gtin,
    )
    lots = public_site.rows(
        """
        SELECT DISTINCT l.code, l.received_on, l.supplier_reference FROM pairs p
        JOIN event_pairs ep ON ep.pair_id = p.id
        JOIN event_lots el ON el.event_id = ep.event_id
        JOIN material_lots l ON l.code = el.lot_code
        WHERE p.gtin = :gtin AND p.serial = :serial
        """,
        gtin=gtin,
        serial=serial,
    )
    seen = text_of(page)

    for material, supplier, city, country_code, distance_km, certifications in bill:
        assert material in seen
        assert supplier in seen
        assert f"{city}, {country(country_code)}" in seen
        assert f"{distance_km:,} km to Flimby" in seen
        found = certifications if isinstance(certifications, list) else json.loads(certifications)
        assert all(certificate in seen for certificate in found)
    assert lots, "the pair was cut from lots at clicking"
    for code, received_on, reference in lots:
        day = received_on if isinstance(received_on, date) else date.fromisoformat(received_on)
        assert f"{day.day} {day:%B %Y}" in seen
        assert code not in page
        assert reference not in page


def test_each_step_is_dated_once_even_when_the_pair_was_sent_back(
    public_site: Site, page: str
) -> None:
    steps = [name for (name,) in public_site.rows("SELECT name FROM operations ORDER BY position")]
    told = re.findall(r'<span class="step-name">([^<]+)</span>', page)

    assert told == steps
    assert "16 November 2026" in text_of(page)


def test_a_maker_is_named_only_with_their_consent_else_thanked_by_craft_and_experience(
    public_site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    makers = public_site.rows(MAKERS, gtin=reworked_pair[0], serial=reworked_pair[1])
    consenting = [m for m in makers if m.passport_consent]
    withholding = [m for m in makers if not m.passport_consent]
    seen = text_of(page)

    assert consenting, "the worked day gives this pair makers who agreed to be named"
    assert withholding, "and makers who did not"
    for maker in consenting:
        assert has_word(seen, maker.display_name)
    for maker in withholding:
        inspecting = maker.kind == "pairs_inspected"
        role = "inspector" if inspecting else maker.role
        mine = [m for m in makers if m.badge == maker.badge]
        level = max(
            max(m.level or 0, (m.inspector_level or 0) if m.kind == "pairs_inspected" else 0)
            for m in mine
        )
        assert not has_word(seen, maker.display_name)
        assert maker.name not in seen
        assert re.search(rf"\bAn? {LEVEL_WORDS[level]} [a-z ]*\b{re.escape(role)}\b", seen)
    hands = len({m.badge for m in makers})
    assert f"Made by {hands} pairs of hands" in seen


def test_the_passport_gives_care_composition_and_end_of_life(
    public_site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    care, end_of_life = public_site.rows(
        """
        SELECT s.care, s.end_of_life FROM variants v
        JOIN colourways c ON c.code = v.colourway_code JOIN styles s ON s.code = c.style_code
        WHERE v.gtin = :gtin
        """,
        gtin=reworked_pair[0],
    )[0]
    compositions = public_site.rows(
        """
        SELECT m.composition, m.recyclable FROM variants v
        JOIN bom_lines b ON b.colourway_code = v.colourway_code
        JOIN materials m ON m.code = b.material_code WHERE v.gtin = :gtin
        """,
        gtin=reworked_pair[0],
    )
    seen = text_of(page)

    assert " ".join(care.split()) in seen
    assert " ".join(end_of_life.split()) in seen
    for composition, recyclable in compositions:
        assert composition in seen
        assert recyclable in seen


def _assert_nothing_private(
    site: Site, body: str, own_serial: str, gtin: str, makers: list[object]
) -> None:
    badges = [badge for (badge,) in site.rows("SELECT badge FROM operators")]
    racks = [code for (code,) in site.rows("SELECT code FROM racks")]
    orders_ = [code for (code,) in site.rows("SELECT code FROM production_orders")]
    defects = [code for (code,) in site.rows("SELECT code FROM defect_codes")]
    customers = [name for (name,) in site.rows("SELECT customer FROM production_orders")]
    lots = site.rows("SELECT code, supplier_reference FROM material_lots")
    serials = [serial for (serial,) in site.rows("SELECT serial FROM pairs")]
    full_names = [name for (name,) in site.rows("SELECT name FROM operators")]
    body = without_stylesheet(body)

    assert not re.search(r"B1\d{3}", body)
    assert not any(badge in body for badge in badges)
    assert not any(rack in body for rack in racks)
    assert not any(order in body for order in orders_)
    assert "PO-" not in body
    assert not any(defect in body for defect in defects)
    assert not any(customer in body for customer in customers)
    assert not any(code in body or reference in body for code, reference in lots)
    assert not any(name in body for name in full_names)
    assert not re.search(r"£|GBP|price|cost|pence", body, re.IGNORECASE)
    assert not UUID.search(body)
    assert not re.search(r"\b[0-9a-f]{32}\b", body)
    assert not re.search(r"rework|scrap|defect|quarantin", body, re.IGNORECASE)
    others = [s for s in serials if s != own_serial]
    assert not any(serial in body for serial in others)
    for maker in makers:
        if not maker.passport_consent:  # type: ignore[attr-defined]
            assert not has_word(body, maker.display_name)  # type: ignore[attr-defined]
    assert gtin in body


def test_the_passport_page_keeps_private_data_private(
    public_site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    own_serial = re.search(r"<dt>Serial</dt><dd>([^<]+)</dd>", page)
    assert own_serial is not None
    assert own_serial.group(1) == reworked_pair[1]
    makers = public_site.rows(MAKERS, gtin=reworked_pair[0], serial=reworked_pair[1])

    _assert_nothing_private(public_site, page, reworked_pair[1], reworked_pair[0], makers)


def test_the_machine_readable_passport_keeps_private_data_private(
    public_site: Site, reworked_pair: tuple[str, str], passport_json: str
) -> None:
    makers = public_site.rows(MAKERS, gtin=reworked_pair[0], serial=reworked_pair[1])
    document = json.loads(passport_json)

    assert document["credentialSubject"]["itemNumber"] == reworked_pair[1]
    _assert_nothing_private(public_site, passport_json, reworked_pair[1], reworked_pair[0], makers)
    named = [m.display_name for m in makers if m.passport_consent]
    told = document["credentialSubject"]["characteristics"]["makers"]
    assert any(name in " ".join(told) for name in named)


def test_the_passport_reads_without_javascript_and_asks_nothing_of_other_sites(page: str) -> None:
    assert "<script" not in page
    addresses = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert addresses
    assert all(address.startswith(("/", "#")) for address in addresses)


def test_the_page_links_discreetly_to_the_machine_readable_passport(
    reworked_pair: tuple[str, str], page: str
) -> None:
    here = urls.passport(*reworked_pair)

    assert f'<link rel="alternate" type="application/ld+json" href="{here}">' in page
    assert f'href="{here}?linkType=gs1:dpp"' in page
    assert "Machine-readable passport" in text_of(page)


def test_a_gtin_13_opens_the_same_passport(
    public_site: Site, reworked_pair: tuple[str, str]
) -> None:
    gtin, serial = reworked_pair
    response = public_site.client.get(f"/01/{gtin[1:]}/21/{serial}")

    assert response.status_code == 200
    assert gtin in response.text


def test_a_shipped_pair_keeps_its_passport(public_site: Site) -> None:
    gtin, serial = public_site.rows(
        "SELECT gtin, serial FROM pairs WHERE status = 'shipped' ORDER BY serial"
    )[0]

    response = public_site.client.get(urls.passport(gtin, serial))

    assert response.status_code == 200
    seen = text_of(response.text)
    assert "Made" in seen
    assert "still in the workshop" not in seen


def test_an_unknown_pair_is_a_404_page_that_says_so(public_site: Site) -> None:
    response = public_site.client.get("/01/05012345000817/21/999999999")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "No pair 999999999 of GTIN 05012345000817 was made here." in text_of(response.text)
    assert f'href="{urls.collection()}"' in response.text
    assert urls.dashboard() not in response.text, "the public sees no office links"
    assert urls.stations() not in response.text


def test_a_gtin_with_a_wrong_check_digit_is_refused_with_the_reason(public_site: Site) -> None:
    response = public_site.client.get("/01/05012345000818/21/000000001")

    assert response.status_code == 422
    assert "GTIN 05012345000818 has check digit 8; it should be 7." in text_of(response.text)


def test_a_gtin_of_the_wrong_length_is_refused_with_the_reason(public_site: Site) -> None:
    response = public_site.client.get("/01/123/21/000000001")

    assert response.status_code == 422
    assert "GTIN 123 has 3 digits; a GTIN has 8, 12, 13 or 14." in text_of(response.text)


def test_a_pair_still_in_the_workshop_says_so(fresh_site: Site) -> None:
    db = fresh_site.db
    variant = catalogue.variants(db, "UADWDBR")[0]
    order = orders.create_order(
        db, orders.NewOrder("UADWDBR", date(2026, 12, 1), "Direct — online", ((variant.gtin, 1),))
    )
    orders.release_rack_of(db, orders.ReleaseRack(uuid4(), order.code))
    (serial,) = fresh_site.rows(
        "SELECT serial FROM pairs WHERE gtin = :gtin AND status = 'in_production'",
        gtin=variant.gtin,
    )[0]

    response = fresh_site.client.get(urls.passport(variant.gtin, serial))

    assert response.status_code == 200
    seen = text_of(response.text)
    assert "This pair is still in the workshop." in seen
    assert "Allerdale" in seen
    assert "pairs of hands" not in seen


def test_the_passport_outlives_its_discontinued_style(fresh_site: Site) -> None:
    gtin, serial, style = fresh_site.rows(
        """
        SELECT p.gtin, p.serial, c.style_code FROM pairs p
        JOIN variants v ON v.gtin = p.gtin JOIN colourways c ON c.code = v.colourway_code
        WHERE p.status = 'shipped' ORDER BY p.serial
        """
    )[0]

    discontinued = setup.discontinue_style(fresh_site.db, style, date(2026, 11, 20))
    page = fresh_site.client.get(urls.passport(gtin, serial))
    data = fresh_site.client.get(
        urls.passport(gtin, serial), headers={"Accept": "application/ld+json"}
    )
    lookbook = fresh_site.client.get(urls.collection())

    assert discontinued.discontinued_on == date(2026, 11, 20)
    assert page.status_code == 200
    seen = text_of(page.text)
    assert f"The {discontinued.name} is no longer made" in seen
    assert "20 November 2026" in seen
    assert "This passport stays valid for the life of the pair." in seen
    assert data.status_code == 200
    characteristics = data.json()["credentialSubject"]["characteristics"]
    assert characteristics["styleDiscontinuedOn"] == "2026-11-20"
    assert f">{discontinued.name}</h2>" not in lookbook.text, "the collection leaves it out"


def test_a_style_is_discontinued_only_if_it_exists_and_after_its_launch(
    factory: Database,
) -> None:
    with pytest.raises(NotFound) as unknown:
        setup.discontinue_style(factory, "U999", date(2026, 11, 20))
    with pytest.raises(InvalidValue) as early:
        setup.discontinue_style(factory, "Allerdale", date(2025, 1, 1))
    made = setup.discontinue_style(factory, "Allerdale", date(2030, 1, 1))

    assert unknown.value.code == "style_not_found"
    assert early.value.code == "discontinued_before_launch"
    assert made.discontinued_on == date(2030, 1, 1)
