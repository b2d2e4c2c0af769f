"""The demo factory, as `cordwainer demo` loads it: DOMAIN.md's Flimby in data."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import text

from cordwainer.domain.identifiers import Gln, Gtin
from cordwainer.storage.database import Database


def rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.reading() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_the_site_has_a_valid_gln(factory: Database) -> None:
    [(name, gln)] = rows(factory, "SELECT name, gln FROM sites")
    assert name == "Flimby"
    assert Gln.parse(str(gln)).value == gln


def test_every_variant_has_its_own_valid_gtin(factory: Database) -> None:
    gtins = [str(gtin) for (gtin,) in rows(factory, "SELECT gtin FROM variants")]
    assert len(gtins) == len(set(gtins))
    assert all(Gtin.parse(gtin).value == gtin for gtin in gtins)


def test_the_five_styles_come_in_uk_4_to_13_with_halves_and_in_widths(factory: Database) -> None:
    grid = rows(
        factory,
        "SELECT s.name, v.size, v.width FROM variants v "
        "JOIN colourways c ON c.code = v.colourway_code JOIN styles s ON s.code = c.style_code",
    )
    styles = {str(style) for style, _, _ in grid}
    assert styles == {"991v2", "Allerdale", "1500", "730", "997"}
    for style in styles:
        sizes = {str(size) for s, size, _ in grid if s == style}
        widths = {str(width) for s, _, width in grid if s == style}
        assert len(sizes) == 19
        assert {"4", "4.5", "12.5", "13"} <= sizes
        assert {"D", "2E"} <= widths
    all_widths = {str(width) for _, _, width in grid}
    assert {"B", "4E"} <= all_widths


def test_the_routing_has_the_ten_operations_and_about_74_standard_minutes(
    factory: Database,
) -> None:
    operations = rows(factory, "SELECT code, standard_minutes FROM operations ORDER BY position")
    codes = [str(code) for code, _ in operations]
    assert codes[:4] == ["clicking", "preparation", "closing", "lasting"]
    assert codes[-2:] == ["metal_detection", "boxing"]
    assert len(operations) == 10
    assert 70 <= sum(float(str(minutes)) for _, minutes in operations) <= 78


def test_forty_to_sixty_people_cover_every_operation(factory: Database) -> None:
    [(people,)] = rows(factory, "SELECT count(*) FROM operators")
    assert 40 <= int(str(people)) <= 60
    qualified = Counter(
        str(operation)
        for (operation,) in rows(factory, "SELECT operation_code FROM skills WHERE level >= 2")
    )
    assert set(qualified) == {str(code) for (code,) in rows(factory, "SELECT code FROM operations")}


def test_materials_come_from_european_suppliers_and_were_received_in_lots(
    factory: Database,
) -> None:
    countries = {str(c) for (c,) in rows(factory, "SELECT DISTINCT country FROM suppliers")}
    assert countries <= {"GB", "IT", "FR", "DE", "PT", "ES", "NL", "BE", "AT"}
    unreceived = rows(
        factory,
        "SELECT b.material_code FROM bom_lines b WHERE NOT EXISTS "
        "(SELECT 1 FROM material_lots l WHERE l.material_code = b.material_code)",
    )
    assert unreceived == []
    [(receipts,)] = rows(factory, "SELECT count(*) FROM events WHERE kind = 'lot_received'")
    [(lots,)] = rows(factory, "SELECT count(*) FROM material_lots")
    assert receipts == lots
