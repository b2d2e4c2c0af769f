"""The passport: a pair's public story at its GS1 Digital Link path."""

from __future__ import annotations

import re
from datetime import date
from uuid import uuid4

import pytest

from cordwainer.services import catalogue, orders
from cordwainer.web import urls
from cordwainer.web.rendering import country
from tests.web.conftest import Site
from tests.web.reading import has_word, text_of

REWORKED = """
    SELECT p.gtin, p.serial FROM pairs p
    JOIN event_pairs ep ON ep.pair_id = p.id
    WHERE ep.result = 'rework'
"""

# Who did something to the pair, as the passport counts hands.
MAKERS = """
    SELECT DISTINCT op.badge, op.name, op.display_name, op.passport_consent, o.role, e.kind
    FROM pairs p
    JOIN event_pairs ep ON ep.pair_id = p.id
    JOIN events e ON e.id = ep.event_id
    JOIN operators op ON op.id = e.operator_id
    JOIN operations o ON o.code = e.operation_code
    WHERE p.gtin = :gtin AND p.serial = :serial
      AND e.kind IN ('operation_started', 'operation_finished', 'pairs_inspected',
                     'metal_scanned', 'pairs_boxed')
"""


@pytest.fixture(scope="module")
def reworked_pair(site: Site) -> tuple[str, str]:
    """The pair sent back once on the worked day: its passport must not tell."""
    gtin, serial = site.rows(REWORKED)[0]
    return gtin, serial


@pytest.fixture(scope="module")
def page(site: Site, reworked_pair: tuple[str, str]) -> str:
    response = site.client.get(urls.passport(*reworked_pair))
    assert response.status_code == 200
    return response.text


def test_a_boxed_pairs_passport_tells_its_story_in_order(
    site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    gtin, serial = reworked_pair
    style, colourway, size, width = site.rows(
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
        "Where its materials came from",
        "How it was made",
        "pairs of hands",
        "Care and repair",
        "What it is made of",
        "At the end of its life",
    ]
    positions = [seen.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_the_materials_are_told_with_their_suppliers_countries_and_the_lots_cut(
    site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    gtin, serial = reworked_pair
    bill = site.rows(
        """
        SELECT m.name, su.name, su.country, su.distance_km FROM variants v
        JOIN bom_lines b ON b.colourway_code = v.colourway_code
        JOIN materials m ON m.code = b.material_code
        JOIN suppliers su ON su.code = m.supplier_code
        WHERE v.gtin = :gtin
        """,
        gtin=gtin,
    )
    lots = site.rows(
        """
        SELECT DISTINCT el.lot_code FROM pairs p
        JOIN event_pairs ep ON ep.pair_id = p.id
        JOIN event_lots el ON el.event_id = ep.event_id
        WHERE p.gtin = :gtin AND p.serial = :serial
        """,
        gtin=gtin,
        serial=serial,
    )
    seen = text_of(page)

    for material, supplier, country_code, distance_km in bill:
        assert material in seen
        assert supplier in seen
        assert country(country_code) in seen
        assert f"{distance_km:,} km to Flimby" in seen
    assert lots, "the pair was cut from lots at clicking"
    for (lot,) in lots:
        assert f"Cut from lot {lot}" in seen


def test_each_step_is_dated_once_even_when_the_pair_was_sent_back(site: Site, page: str) -> None:
    steps = [name for (name,) in site.rows("SELECT name FROM operations ORDER BY position")]
    told = re.findall(r'<span class="step-name">([^<]+)</span>', page)

    assert told == steps
    assert "16 November 2026" in text_of(page)


def test_a_maker_is_named_only_with_their_consent(
    site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    makers = site.rows(MAKERS, gtin=reworked_pair[0], serial=reworked_pair[1])
    consenting = [m for m in makers if m.passport_consent]
    withholding = [m for m in makers if not m.passport_consent]
    seen = text_of(page)

    assert consenting, "the worked day gives this pair makers who agreed to be named"
    assert withholding, "and makers who did not"
    for maker in consenting:
        assert has_word(seen, maker.display_name)
    for maker in withholding:
        role = "inspector" if maker.kind == "pairs_inspected" else maker.role
        assert not has_word(seen, maker.display_name)
        assert maker.name not in seen
        assert re.search(rf"\bAn? [a-z ]*\b{re.escape(role)}\b", seen)
    hands = len({m.badge for m in makers})
    assert f"Made by {hands} pairs of hands" in seen


def test_the_passport_gives_care_composition_and_end_of_life(
    site: Site, reworked_pair: tuple[str, str], page: str
) -> None:
    care, end_of_life = site.rows(
        """
        SELECT s.care, s.end_of_life FROM variants v
        JOIN colourways c ON c.code = v.colourway_code JOIN styles s ON s.code = c.style_code
        WHERE v.gtin = :gtin
        """,
        gtin=reworked_pair[0],
    )[0]
    compositions = site.rows(
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


def test_the_passport_keeps_private_data_private(site: Site, page: str) -> None:
    badges = [badge for (badge,) in site.rows("SELECT badge FROM operators")]
    racks = [code for (code,) in site.rows("SELECT code FROM racks")]
    defects = [code for (code,) in site.rows("SELECT code FROM defect_codes")]
    customers = [name for (name,) in site.rows("SELECT customer FROM production_orders")]
    references = [ref for (ref,) in site.rows("SELECT supplier_reference FROM material_lots")]
    serials = [serial for (serial,) in site.rows("SELECT serial FROM pairs")]
    own_serial = re.search(r"<dt>Serial</dt><dd>([^<]+)</dd>", page)
    assert own_serial is not None

    assert not re.search(r"B1\d{3}", page)
    assert not any(badge in page for badge in badges)
    assert not any(rack in page for rack in racks)
    assert "PO-" not in page
    assert not any(defect in page for defect in defects)
    assert not any(customer in page for customer in customers)
    assert not any(reference in page for reference in references)
    assert not re.search(r"£|GBP|price", page, re.IGNORECASE)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", page)
    assert not re.search(r"\b[0-9a-f]{32}\b", page)
    assert not re.search(r"rework|scrap|defect", page, re.IGNORECASE)
    others = [s for s in serials if s != own_serial.group(1)]
    assert not any(serial in page for serial in others)


def test_the_passport_reads_without_javascript_and_asks_nothing_of_other_sites(page: str) -> None:
    assert "<script" not in page
    addresses = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert addresses
    assert all(address.startswith(("/", "#")) for address in addresses)


def test_a_gtin_13_opens_the_same_passport(site: Site, reworked_pair: tuple[str, str]) -> None:
    gtin, serial = reworked_pair
    response = site.client.get(f"/01/{gtin[1:]}/21/{serial}")

    assert response.status_code == 200
    assert gtin in response.text


def test_an_unknown_pair_is_a_404_page_that_says_so(site: Site) -> None:
    response = site.client.get("/01/05012345000817/21/999999999")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "No pair 999999999 of GTIN 05012345000817 was made here." in text_of(response.text)
    assert 'href="/"' in response.text
    assert urls.dashboard() not in response.text, "the public sees no office links"


def test_a_gtin_with_a_wrong_check_digit_is_refused_with_the_reason(site: Site) -> None:
    response = site.client.get("/01/05012345000818/21/000000001")

    assert response.status_code == 422
    assert "GTIN 05012345000818 has check digit 8; it should be 7." in text_of(response.text)


def test_a_gtin_of_the_wrong_length_is_refused_with_the_reason(site: Site) -> None:
    response = site.client.get("/01/123/21/000000001")

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
