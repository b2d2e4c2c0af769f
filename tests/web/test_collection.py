"""The collection: the season's lookbook, public, in the passport's language."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cordwainer.services.collection import collection, season_of
from cordwainer.web import urls
from cordwainer.web.rendering import country, templates
from tests.web.conftest import Site
from tests.web.reading import text_of, without_stylesheet


@pytest.fixture(scope="module")
def lookbook(public_site: Site) -> str:
    response = public_site.client.get(urls.collection())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_every_style_made_is_shown_with_its_story_and_colourways(
    public_site: Site, lookbook: str
) -> None:
    styles = public_site.rows("SELECT code, name, reference, story FROM styles")
    colourways = public_site.rows("SELECT name, story FROM colourways")
    seen = text_of(lookbook)

    for _, name, reference, story in styles:
        assert f">{name}</h2>" in lookbook
        assert reference in seen
        assert " ".join(story.split()) in seen
    for name, story in colourways:
        assert f">{name}</h3>" in lookbook
        assert " ".join(story.split()) in seen


def test_each_colourway_says_what_it_is_made_of_and_where_that_comes_from(
    public_site: Site, lookbook: str
) -> None:
    uppers = public_site.rows(
        """
        SELECT DISTINCT m.name, su.city, su.country FROM bom_lines b
        JOIN materials m ON m.code = b.material_code JOIN suppliers su ON su.code = m.supplier_code
        WHERE m.kind IN ('leather', 'suede', 'textile', 'lining', 'foam', 'rubber')
        """
    )
    seen = text_of(lookbook)

    for name, city, country_code in uppers:
        assert f"{name} — {city}, {country(country_code)}" in seen
    assert "Made in Flimby in 10 steps, each checked by hand." in seen


def test_the_lookbook_leads_to_passports_of_pairs_made(public_site: Site, lookbook: str) -> None:
    linked = re.findall(r'href="(/01/\d{14}/21/[^"]+)"', lookbook)
    finished = {
        urls.passport(gtin, serial)
        for gtin, serial in public_site.rows(
            "SELECT gtin, serial FROM pairs WHERE status IN ('boxed', 'shipped')"
        )
    }

    assert linked
    assert set(linked) <= finished
    for link in linked:
        assert public_site.client.get(link).status_code == 200


def test_a_colourway_launched_later_is_shown_with_its_date(public_site: Site) -> None:
    found = collection(public_site.db, today=date(2026, 11, 23))
    limited = next(
        look for style in found.styles for look in style.colourways if look.code == "U1500GNV"
    )

    page = templates().env.get_template("collection.html").render(collection=found)

    assert limited.is_coming
    assert found.season == "Autumn/Winter 2026"
    assert "Autumn/Winter 2026 · Made in Flimby" in text_of(page)
    assert "Grey with navy accents Arrives 4 February 2027" in text_of(page)


def test_the_collection_keeps_private_data_private(public_site: Site, lookbook: str) -> None:
    customers = [name for (name,) in public_site.rows("SELECT customer FROM production_orders")]
    racks = [code for (code,) in public_site.rows("SELECT code FROM racks")]
    people = public_site.rows("SELECT badge, name FROM operators")
    lookbook = without_stylesheet(lookbook)

    assert not re.search(r"£|price|PO-|rework|scrap|defect", lookbook, re.IGNORECASE)
    assert not any(customer in lookbook for customer in customers)
    assert not any(rack in lookbook for rack in racks)
    assert not any(badge in lookbook or name in lookbook for badge, name in people)
    assert "<script" not in lookbook
    assert urls.dashboard() not in lookbook
    addresses = re.findall(r'(?:href|src)="([^"]*)"', lookbook)
    assert all(address.startswith(("/", "#")) for address in addresses)


def test_the_materials_we_work_with_name_their_places(lookbook: str) -> None:
    seen = text_of(lookbook)

    assert 'id="material-kinds"' in lookbook
    assert "Suede for the uppers from Graulhet (France), Santa Croce sull'Arno (Italy)" in seen


@pytest.mark.parametrize(
    ("day", "season"),
    [
        (date(2026, 11, 23), "Autumn/Winter 2026"),
        (date(2027, 1, 10), "Autumn/Winter 2026"),
        (date(2027, 3, 1), "Spring/Summer 2027"),
        (date(2027, 8, 31), "Spring/Summer 2027"),
        (date(2027, 9, 1), "Autumn/Winter 2027"),
    ],
)
def test_the_season_is_spring_summer_from_march_to_august(day: date, season: str) -> None:
    assert season_of(day) == season
