"""Rack tickets and box labels, printed and read back: the barcodes decode to the right values.

The PDFs are rasterised with pdfium at 300 dpi and read with zxing-cpp, as a scanner on
the floor or a wearer's phone would read them; the ZPL is read field by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
import zxingcpp

from cordwainer.domain.errors import NotFound, RuleBroken
from cordwainer.domain.sizes import shoe_size
from cordwainer.labels.pdf import box_label_pdf, rack_ticket_pdf
from cordwainer.labels.zpl import box_label_zpl, data, rack_ticket_zpl
from cordwainer.services import floor
from cordwainer.services.labels import box_label, rack_ticket
from cordwainer.services.racks import rack_view
from cordwainer.storage.database import Database
from tests.floor_walk import Floor

RESOLVER = "https://id.cordwainer.example"
A6_POINTS = (297.64, 419.53)


@dataclass(frozen=True)
class Printed:
    """A PDF page as printed: its size in points, its text, and what its barcodes say."""

    size: tuple[float, float]
    text: str
    barcodes: dict[str, list[str]]


def read_pdf(body: bytes) -> Printed:
    document = pdfium.PdfDocument(body)
    assert len(document) == 1
    page = document[0]
    image = page.render(scale=300 / 72).to_pil()
    found: dict[str, list[str]] = {}
    for barcode in zxingcpp.read_barcodes(image):
        found.setdefault(barcode.format.name, []).append(barcode.text)
    text = " ".join(page.get_textpage().get_text_range().split())
    size = page.get_size()
    document.close()
    return Printed((round(size[0], 2), round(size[1], 2)), text, found)


def zpl_fields(zpl: str) -> list[str]:
    """Every field's data, with ``^FH`` hex escapes read back."""
    fields = []
    for escaped, value in re.findall(r"(\^FH_)?\^FD(.*?)\^FS", zpl):
        if not escaped:
            fields.append(value)
            continue
        raw = re.sub(rb"_([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]), value.encode())
        fields.append(raw.decode("utf-8"))
    return fields


@pytest.fixture
def rack(factory: Database) -> str:
    """A rack of twelve 991v2 in soft pink, released and at clicking."""
    shop = Floor.of(factory)
    return shop.release(shop.order(pairs=12))


def test_the_rack_ticket_is_an_a6_page_whose_barcodes_read_as_the_rack(
    factory: Database, rack: str
) -> None:
    ticket = rack_ticket(factory, rack)

    printed = read_pdf(rack_ticket_pdf(ticket))

    assert printed.size == A6_POINTS
    assert printed.barcodes == {"Code128": [rack], "QRCode": [rack]}
    assert "991v2 · U991LV2" in printed.text
    assert "Soft pink (U991PK2)" in printed.text
    assert f"{ticket.pairs} pairs" in printed.text
    for line in ticket.lines:
        assert f"UK {line.size} {line.width} ×{line.pairs}" in printed.text
    for number, step in enumerate(ticket.steps, start=1):
        assert f"{number}. {step.name}" in printed.text


def test_the_rack_ticket_counts_the_pairs_by_size_and_width_and_lists_the_routing(
    factory: Database, rack: str
) -> None:
    ticket = rack_ticket(factory, rack)
    pairs = rack_view(factory, rack).pairs

    assert ticket.pairs == len(pairs) == 12
    assert sum(line.pairs for line in ticket.lines) == 12
    assert {(line.size, line.width) for line in ticket.lines} == {(p.size, p.width) for p in pairs}
    assert [step.name for step in ticket.steps][:3] == ["Clicking", "Preparation", "Closing"]
    assert ticket.steps[-1].name == "Boxing"


def test_the_box_label_reads_as_the_gtin_and_the_pairs_digital_link(
    factory: Database, rack: str
) -> None:
    pair = rack_view(factory, rack).pairs[0]
    label = box_label(factory, pair.gtin, pair.serial)

    printed = read_pdf(box_label_pdf(label))

    assert printed.barcodes == {
        "EAN13": [pair.gtin[1:]],
        "QRCode": [f"{RESOLVER}/01/{pair.gtin}/21/{pair.serial}"],
    }
    size = shoe_size(pair.size)
    assert f"UK {size.uk}" in printed.text
    assert f"EU {size.eu}" in printed.text
    assert f"US {size.us}" in printed.text
    assert f"Width {pair.width}" in printed.text
    assert f"No. {pair.serial}" in printed.text
    assert "991v2" in printed.text


def test_a_gtin_13_names_the_same_pairs_box_label(factory: Database, rack: str) -> None:
    pair = rack_view(factory, rack).pairs[0]

    assert box_label(factory, pair.gtin[1:], pair.serial) == box_label(
        factory, pair.gtin, pair.serial
    )


def test_the_same_label_prints_the_same_bytes(factory: Database, rack: str) -> None:
    pair = rack_view(factory, rack).pairs[0]
    label = box_label(factory, pair.gtin, pair.serial)
    ticket = rack_ticket(factory, rack)

    assert box_label_pdf(label) == box_label_pdf(label)
    assert rack_ticket_pdf(ticket) == rack_ticket_pdf(ticket)


def test_the_rack_ticket_in_zpl_carries_the_rack_in_code_128_and_qr(
    factory: Database, rack: str
) -> None:
    ticket = rack_ticket(factory, rack)

    zpl = rack_ticket_zpl(ticket)

    assert zpl.startswith("^XA\n^CI28\n^PW840\n^LL1184\n")
    assert zpl.endswith("^XZ\n")
    assert re.search(rf"\^BCN,\d+,N,N,N\^FD{rack}\^FS", zpl)
    assert re.search(rf"\^BQN,2,\d\^FDMA,{rack}\^FS", zpl)
    fields = zpl_fields(zpl)
    assert "991v2 - U991LV2" in fields
    for number, step in enumerate(ticket.steps, start=1):
        assert f"{number}. {step.name}" in fields
        assert f"Check: {step.check}" in fields
    assert zpl.count("^GB") == len(ticket.steps), "a tick box for each step"


def test_the_box_label_in_zpl_carries_the_ean_13_and_the_digital_link(
    factory: Database, rack: str
) -> None:
    pair = rack_view(factory, rack).pairs[0]
    label = box_label(factory, pair.gtin, pair.serial)

    zpl = box_label_zpl(label)

    assert "^PW800\n^LL496\n" in zpl
    assert re.search(rf"\^BEN,\d+,Y,N\^FD{pair.gtin[1:13]}\^FS", zpl), (
        "12 digits; printer adds 13th"
    )
    assert f"^BQN,2,4^FDMA,{RESOLVER}/01/{pair.gtin}/21/{pair.serial}^FS" in zpl
    fields = zpl_fields(zpl)
    size = shoe_size(pair.size)
    assert f"UK {size.uk}" in fields
    assert f"EU {size.eu}   US {size.us}" in fields
    assert f"Width {pair.width}" in fields
    assert f"No. {pair.serial}" in fields


def test_zpl_fields_are_hex_escaped_when_they_hold_what_zpl_reads() -> None:
    assert data("R000001") == "^FDR000001^FS"
    assert data("a^b~c_dé") == "^FH_^FDa_5Eb_7Ec_5Fd_C3_A9^FS"
    assert zpl_fields(data("Mégisserie ^XZ ~JA")) == ["Mégisserie ^XZ ~JA"]


def test_a_scrapped_pair_gets_no_box_label(factory: Database, rack: str) -> None:
    shop = Floor.of(factory)
    doomed = rack_view(factory, rack).pairs[0].serial
    shop.craft("clicking", rack, findings=(floor.FindingInput(doomed, "scrap", "CLK-FLAW"),))
    gtin = rack_view(factory, rack).pairs[0].gtin

    with pytest.raises(RuleBroken) as refused:
        box_label(factory, gtin, doomed)

    assert refused.value.code == "pair_scrapped"


def test_an_unknown_rack_or_pair_has_no_label(factory: Database) -> None:
    with pytest.raises(NotFound) as no_rack:
        rack_ticket(factory, "R999999")
    with pytest.raises(NotFound) as no_pair:
        box_label(factory, "05012345000817", "999999999")

    assert no_rack.value.code == "rack_not_found"
    assert no_pair.value.code == "pair_not_found"
