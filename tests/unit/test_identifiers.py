"""GS1 identifiers: check digits, GTIN, GLN, serial, SGTIN and SGLN EPC URIs."""

from __future__ import annotations

import dataclasses

import pytest

from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.identifiers import (
    CSET_82,
    Gln,
    Gtin,
    Serial,
    Sgtin,
    gs1_check_digit,
    sgln_urn,
)

COMPANY_PREFIX = "5012345"
# Item reference 1 under the company prefix: the GTIN-13 5012345000015.
OXFORD_GTIN14 = "05012345000015"
CSET_82_TEXT = "".join(sorted(CSET_82))
# Unicode digits that str.isdigit() accepts but GS1 does not: the full-width forms.
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + digit) for digit in range(10)))


# Check digit


@pytest.mark.parametrize(
    "barcode",
    [
        "4006381333931",  # EAN-13
        "9780306406157",  # ISBN as EAN-13
        "96385074",  # EAN-8
        "036000291452",  # UPC-A
        "80614141123458",  # GTIN-14, EPC Tag Data Standard example
        "0614141123452",  # GLN, EPC Tag Data Standard example
        OXFORD_GTIN14,
    ],
)
def test_the_check_digit_of_a_well_known_barcode_is_computed(barcode: str) -> None:
    assert gs1_check_digit(barcode[:-1]) == barcode[-1]


@pytest.mark.parametrize(
    "digits", ["", "501234500001A", "5012345".translate(FULL_WIDTH), "501 2345"]
)
def test_a_check_digit_is_computed_over_digits_only(digits: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        gs1_check_digit(digits)
    assert refusal.value.code == "invalid_digits"
    assert "is not all digits" in refusal.value.message


# GTIN


@pytest.mark.parametrize(
    ("text", "gtin14"),
    [
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("5012345000015", OXFORD_GTIN14),
        (OXFORD_GTIN14, OXFORD_GTIN14),
        ("15012345000012", "15012345000012"),
    ],
)
def test_a_gtin_of_every_length_is_held_as_14_digits(text: str, gtin14: str) -> None:
    assert Gtin.parse(text).value == gtin14


def test_whitespace_around_a_scanned_gtin_is_ignored() -> None:
    assert Gtin.parse("  5012345000015\n").value == OXFORD_GTIN14


def test_a_gtin_typed_in_any_form_equals_the_same_gtin_in_another() -> None:
    assert Gtin.parse("5012345000015") == Gtin.parse(OXFORD_GTIN14)
    assert len({Gtin.parse("5012345000015"), Gtin.parse(OXFORD_GTIN14)}) == 1


def test_a_gtin13_with_a_wrong_check_digit_is_refused_with_the_reason() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gtin.parse("5012345000016")
    assert refusal.value.code == "invalid_gtin"
    assert refusal.value.message == "GTIN 5012345000016 has check digit 6; it should be 5."
    assert refusal.value.details["expected_check_digit"] == "5"


@pytest.mark.parametrize(
    "text", ["", "501234500001A", "5012345 000015", "5012345000015".translate(FULL_WIDTH)]
)
def test_a_gtin_with_anything_but_digits_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gtin.parse(text)
    assert refusal.value.code == "invalid_gtin"
    assert "must contain only the digits 0 to 9" in refusal.value.message


@pytest.mark.parametrize("text", ["9638507", "963850741", "50123450000", "050123450000150"])
def test_a_gtin_of_a_length_gs1_does_not_define_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gtin.parse(text)
    assert refusal.value.code == "invalid_gtin"
    assert refusal.value.message == (
        f"GTIN {text} has {len(text)} digits; a GTIN has 8, 12, 13 or 14."
    )


def test_a_gtin_built_directly_must_be_the_14_digit_form() -> None:
    with pytest.raises(InvalidValue, match="holds the 14-digit form") as refusal:
        Gtin("5012345000015")
    assert refusal.value.code == "invalid_gtin"


def test_a_gtin_built_directly_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(InvalidValue, match="has check digit 6; it should be 5"):
        Gtin("05012345000016")


@pytest.mark.parametrize(
    ("company_prefix", "item_reference", "gtin14"),
    [
        (COMPANY_PREFIX, 1, OXFORD_GTIN14),
        (COMPANY_PREFIX, 1234, "05012345012346"),
        (COMPANY_PREFIX, 99999, "05012345999999"),
        ("0614141", 1, "00614141000012"),
        ("501234", 0, "05012340000003"),
        ("501234567890", 0, "05012345678900"),
    ],
)
def test_allocating_a_gtin_pads_the_item_reference_after_the_company_prefix(
    company_prefix: str, item_reference: int, gtin14: str
) -> None:
    assert Gtin.allocate(company_prefix, item_reference).value == gtin14


def test_an_allocated_gtin_is_a_gtin13_for_an_ean13_barcode() -> None:
    gtin = Gtin.allocate(COMPANY_PREFIX, 1234)
    assert gtin.gtin13 == "5012345012346"
    assert Gtin.parse("5012345012346") == gtin


def test_a_gtin14_with_an_indicator_digit_has_no_gtin13() -> None:
    assert Gtin.parse("15012345000012").gtin13 is None


@pytest.mark.parametrize("item_reference", [100000, -1])
def test_an_item_reference_outside_the_company_prefix_range_is_refused(
    item_reference: int,
) -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gtin.allocate(COMPANY_PREFIX, item_reference)
    assert refusal.value.code == "gtin_range_exhausted"
    assert refusal.value.message == (
        f"The item reference {item_reference} does not fit company prefix 5012345: "
        "it leaves 5 digits, so item references run from 0 to 99999."
    )


def test_a_twelve_digit_company_prefix_has_room_for_one_gtin_only() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gtin.allocate("501234567890", 1)
    assert refusal.value.code == "gtin_range_exhausted"


@pytest.mark.parametrize("company_prefix", ["", "50123", "5012345678901", "50123A5", " 5012345"])
def test_a_company_prefix_that_is_not_6_to_12_digits_is_refused(company_prefix: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gtin.allocate(company_prefix, 1)
    assert refusal.value.code == "invalid_company_prefix"
    assert refusal.value.message == (
        f"GS1 company prefix {company_prefix!r} is not 6 to 12 digits."
    )


def test_a_gtin_prints_as_its_14_digits() -> None:
    assert str(Gtin.parse("5012345000015")) == OXFORD_GTIN14


def test_a_gtin_cannot_be_changed() -> None:
    gtin = Gtin.parse(OXFORD_GTIN14)
    with pytest.raises(dataclasses.FrozenInstanceError):
        gtin.value = "05012345012346"  # type: ignore[misc]


# GLN


def test_a_gln_is_parsed_without_the_whitespace_around_it() -> None:
    assert Gln.parse(" 0614141123452 ").value == "0614141123452"


def test_a_gln_with_a_wrong_check_digit_is_refused_with_the_reason() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gln.parse("5012345000016")
    assert refusal.value.code == "invalid_gln"
    assert refusal.value.message == "GLN 5012345000016 has check digit 6; it should be 5."


@pytest.mark.parametrize("text", ["50123450000", "05012345000015"])
def test_a_gln_that_is_not_13_digits_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gln.parse(text)
    assert refusal.value.code == "invalid_gln"
    assert refusal.value.message == f"GLN {text} has {len(text)} digits; a GLN has 13."


def test_a_gln_with_a_letter_is_refused() -> None:
    with pytest.raises(InvalidValue, match="must contain only the digits") as refusal:
        Gln.parse("501234500001X")
    assert refusal.value.code == "invalid_gln"


@pytest.mark.parametrize(
    ("location_reference", "gln"),
    [(1, "5012345000015"), (10, "5012345000107"), (99999, "5012345999999")],
)
def test_allocating_a_gln_pads_the_location_reference_after_the_company_prefix(
    location_reference: int, gln: str
) -> None:
    assert Gln.allocate(COMPANY_PREFIX, location_reference).value == gln


def test_a_location_reference_beyond_the_company_prefix_range_is_refused() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gln.allocate(COMPANY_PREFIX, 100000)
    assert refusal.value.code == "gln_range_exhausted"
    assert "location references run from 0 to 99999" in refusal.value.message


def test_a_gln_under_a_malformed_company_prefix_is_refused() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Gln.allocate("50123", 1)
    assert refusal.value.code == "invalid_company_prefix"


def test_a_gln_prints_as_its_13_digits() -> None:
    assert str(Gln.allocate(COMPANY_PREFIX, 10)) == "5012345000107"


# Serial


@pytest.mark.parametrize("text", ["0", "000123456", "U991LV2-0001", "A" * 20])
def test_a_serial_of_1_to_20_characters_is_accepted(text: str) -> None:
    assert Serial.parse(text).value == text


@pytest.mark.parametrize("start", range(0, len(CSET_82_TEXT), 20))
def test_every_character_of_cset_82_is_accepted_in_a_serial(start: int) -> None:
    chunk = CSET_82_TEXT[start : start + 20]
    assert str(Serial.parse(chunk)) == chunk


def test_an_empty_serial_is_refused() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Serial.parse("")
    assert refusal.value.code == "invalid_serial"
    assert refusal.value.message == "The serial is empty; GS1 needs 1 to 20 characters."


def test_a_serial_longer_than_20_characters_is_refused() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Serial.parse("000000000000123456789")
    assert refusal.value.code == "invalid_serial"
    assert refusal.value.message == (
        "The serial '000000000000123456789' has 21 characters; GS1 allows at most 20."
    )


@pytest.mark.parametrize(
    "character", [" ", "#", "~", "$", "@", "[", "\\", "^", "`", "{", "|", "}", "é", "\t"]
)
def test_a_serial_with_a_character_outside_cset_82_is_refused(character: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        Serial.parse(f"0001{character}23")
    assert refusal.value.code == "invalid_serial"
    assert f"contains {character!r}, which GS1 does not allow" in refusal.value.message
    assert refusal.value.details["characters"] == [character]


def test_whitespace_around_a_serial_is_refused_not_stripped() -> None:
    with pytest.raises(InvalidValue, match="contains ' '"):
        Serial.parse(" 000123456")


# SGTIN and SGLN EPC URIs


def test_the_sgtin_epc_urn_of_the_tag_data_standard_example() -> None:
    sgtin = Sgtin(Gtin.parse("80614141123458"), Serial.parse("6789"))
    assert sgtin.epc_urn(7) == "urn:epc:id:sgtin:0614141.812345.6789"


def test_the_sgtin_epc_urn_of_a_pair_puts_the_indicator_before_the_item_reference() -> None:
    sgtin = Sgtin(Gtin.allocate(COMPANY_PREFIX, 1234), Serial.parse("000123456"))
    assert sgtin.epc_urn(7) == "urn:epc:id:sgtin:5012345.001234.000123456"


@pytest.mark.parametrize("company_prefix_length", range(6, 13))
def test_the_sgtin_epc_urn_splits_the_gtin_at_the_company_prefix_length(
    company_prefix_length: int,
) -> None:
    sgtin = Sgtin(Gtin.parse("15012345000012"), Serial.parse("000123456"))
    company_prefix, indicator_and_item, serial = (
        sgtin.epc_urn(company_prefix_length).split(":")[-1].split(".")
    )
    assert len(company_prefix) == company_prefix_length
    assert len(company_prefix + indicator_and_item) == 13
    assert indicator_and_item[0] == "1"
    assert company_prefix + indicator_and_item[1:] == "501234500001"
    assert serial == "000123456"


def test_the_sgtin_epc_urn_escapes_the_characters_the_tag_data_standard_reserves() -> None:
    sgtin = Sgtin(Gtin.parse(OXFORD_GTIN14), Serial.parse("%\"&/<>?!'()*+,-.:;=_"))
    assert sgtin.epc_urn(7) == (
        "urn:epc:id:sgtin:5012345.000001.%25%22%26%2F%3C%3E%3F!'()*+,-.:;=_"
    )


@pytest.mark.parametrize("company_prefix_length", [5, 13, 0])
def test_an_epc_urn_needs_a_company_prefix_length_of_6_to_12(company_prefix_length: int) -> None:
    sgtin = Sgtin(Gtin.parse(OXFORD_GTIN14), Serial.parse("000123456"))
    with pytest.raises(InvalidValue) as refusal:
        sgtin.epc_urn(company_prefix_length)
    assert refusal.value.code == "invalid_company_prefix"
    assert refusal.value.message == (
        f"A GS1 company prefix has 6 to 12 digits, not {company_prefix_length}."
    )


def test_the_sgln_epc_urn_of_the_tag_data_standard_example() -> None:
    assert sgln_urn(Gln.parse("0614141123452"), 7, "400") == "urn:epc:id:sgln:0614141.12345.400"


def test_a_site_without_extension_has_the_sgln_extension_0() -> None:
    site = Gln.allocate(COMPANY_PREFIX, 10)
    assert sgln_urn(site, 7) == "urn:epc:id:sgln:5012345.00010.0"


def test_the_sgln_extension_is_escaped_like_a_serial() -> None:
    site = Gln.allocate(COMPANY_PREFIX, 10)
    assert sgln_urn(site, 7, "RACK/3") == "urn:epc:id:sgln:5012345.00010.RACK%2F3"


@pytest.mark.parametrize("extension", ["", "RACK 3", "0" * 21])
def test_an_sgln_extension_outside_gs1_ai_254_is_refused(extension: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        sgln_urn(Gln.allocate(COMPANY_PREFIX, 10), 7, extension)
    assert refusal.value.code == "invalid_gln_extension"
    assert "The GLN extension" in refusal.value.message


def test_an_sgln_urn_needs_a_company_prefix_length_of_6_to_12() -> None:
    with pytest.raises(InvalidValue) as refusal:
        sgln_urn(Gln.allocate(COMPANY_PREFIX, 10), 13)
    assert refusal.value.code == "invalid_company_prefix"
