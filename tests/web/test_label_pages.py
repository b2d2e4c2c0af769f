"""Labels served to the floor: a rack's ticket and a pair's box label, as PDF or as ZPL."""

from __future__ import annotations

import pytest

from cordwainer.web import urls
from tests.web.conftest import Site
from tests.web.reading import text_of


@pytest.fixture(scope="module")
def boxed(public_site: Site) -> tuple[str, str, str]:
    rack, gtin, serial = public_site.rows(
        "SELECT rack_code, gtin, serial FROM pairs WHERE status IN ('boxed', 'shipped') "
        "ORDER BY serial"
    )[0]
    return rack, gtin, serial


def test_a_racks_ticket_is_served_as_a_pdf_and_as_zpl(
    public_site: Site, boxed: tuple[str, str, str]
) -> None:
    rack = boxed[0]
    pdf = public_site.client.get(urls.rack_ticket(rack))
    zpl = public_site.client.get(urls.rack_ticket(rack, "zpl"))

    assert urls.rack_ticket(rack) == f"/labels/racks/{rack}.pdf"
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == f'inline; filename="rack-{rack}.pdf"'
    assert pdf.content.startswith(b"%PDF-")
    assert zpl.status_code == 200
    assert zpl.headers["content-type"] == "text/plain; charset=utf-8"
    assert zpl.text.startswith("^XA")
    assert f"^FD{rack}^FS" in zpl.text


def test_a_pairs_box_label_is_served_as_a_pdf_and_as_zpl(
    public_site: Site, boxed: tuple[str, str, str]
) -> None:
    _, gtin, serial = boxed
    pdf = public_site.client.get(urls.box_label(gtin, serial))
    zpl = public_site.client.get(urls.box_label(gtin[1:], serial, "zpl"))

    assert urls.box_label(gtin, serial) == f"/labels/boxes/{gtin}/{serial}.pdf"
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == f'inline; filename="box-{gtin}-{serial}.pdf"'
    assert zpl.status_code == 200
    assert f"^FD{gtin[1:13]}^FS" in zpl.text


def test_a_label_in_another_format_or_for_nothing_is_a_404_that_says_so(
    public_site: Site, boxed: tuple[str, str, str]
) -> None:
    rack, gtin, serial = boxed
    png = public_site.client.get(f"/labels/racks/{rack}.png")
    no_rack = public_site.client.get(urls.rack_ticket("R999999"))
    no_pair = public_site.client.get(
        urls.box_label(gtin, "999999999"), headers={"Accept": "application/json"}
    )
    bad_gtin = public_site.client.get(urls.box_label("05012345000818", serial))

    assert png.status_code == 404
    assert "Labels come as pdf or zpl, not 'png'." in text_of(png.text)
    assert no_rack.status_code == 404
    assert "There is no rack R999999." in text_of(no_rack.text)
    assert no_pair.status_code == 404
    assert no_pair.json()["code"] == "pair_not_found"
    assert bad_gtin.status_code == 422
