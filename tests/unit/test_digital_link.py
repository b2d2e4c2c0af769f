"""GS1 Digital Link for pairs, checked against the GS1 Barcode Syntax Engine's own vectors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.identifiers import CSET_82, Gtin, Serial, Sgtin
from cordwainer.standards.digital_link import (
    encode_path_value,
    epc_for,
    pair_path,
    pair_uri,
    parse_pair_uri,
)

VECTORS = Path(__file__).resolve().parents[3] / "shared" / "standards" / "digitallink"
RESOLVER = "https://id.cordwainer.example"
GTIN14 = "05012345000015"
PAIR = Sgtin(Gtin.parse(GTIN14), Serial.parse("000123456"))
PAIR_PATH = f"/01/{GTIN14}/21/000123456"
CSET_82_TEXT = "".join(sorted(CSET_82))


def _vectors(name: str) -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads((VECTORS / name).read_text())["vectors"]
    return vectors


def _vector_id(vector: dict[str, Any]) -> str:
    return str(vector.get("uri") or vector.get("dl_uri") or vector.get("ai_data") or "empty")


def _bracketed_ais(ai_data: str) -> list[tuple[str, str]]:
    """``(01)123(21)abc`` as [("01", "123"), ("21", "abc")]."""
    return re.findall(r"\((\d+)\)([^(]*)", ai_data)


# Element strings of the parse vectors: '^' is FNC1, which ends a variable-length value.
_FIXED_LENGTH_AIS = {"01": 14, "17": 6}
_VARIABLE_LENGTH_AIS = {"10", "21", "22"}


def _element_values(element_string: str) -> dict[str, str]:
    values: dict[str, str] = {}
    rest = element_string.lstrip("^")
    while rest:
        ai, rest = rest[:2], rest[2:]
        if ai in _FIXED_LENGTH_AIS:
            values[ai], rest = rest[: _FIXED_LENGTH_AIS[ai]], rest[_FIXED_LENGTH_AIS[ai] :]
        else:
            assert ai in _VARIABLE_LENGTH_AIS, f"teach _element_values the AI ({ai})"
            values[ai], _, rest = rest.partition("^")
        rest = rest.lstrip("^")
    return values


def _path_segments(uri: str) -> list[str]:
    return uri.split("#", 1)[0].split("?", 1)[0].split("/")


# Escape vectors: every one applies, since encode_path_value is what pair_path writes.
ESCAPE_VECTORS = _vectors("escape-vectors.json")

# Generate vectors: those whose AI data is exactly (01) and (21) are what pair_uri and
# epc_for build (a null stem is the canonical id.gs1.org). Every valid vector whose URI
# carries /21/ must parse back to its (01) and (21), whatever qualifiers and query it has.
GENERATE_VECTORS = _vectors("generate-vectors.json")
PAIR_GENERATE_VECTORS = [
    vector
    for vector in GENERATE_VECTORS
    if vector["valid"] and [ai for ai, _ in _bracketed_ais(vector["ai_data"])] == ["01", "21"]
]
GENERATED_PAIR_LINKS = [
    vector
    for vector in GENERATE_VECTORS
    if vector["valid"] and "21" in _path_segments(vector["dl_uri"])
]

# Parse vectors: a valid one whose path carries /21/ names a pair and must give the
# engine's (01) and (21); a valid one with a /01/ key but no /21/ names no pair and is
# refused; one the engine refuses (with any options) is refused here too.
PARSE_VECTORS = _vectors("parse-vectors.json")
PAIR_PARSE_VECTORS = [
    vector for vector in PARSE_VECTORS if vector["valid"] and "21" in _path_segments(vector["uri"])
]
GTIN_ONLY_PARSE_VECTORS = [
    vector
    for vector in PARSE_VECTORS
    if vector["valid"]
    and "01" in _path_segments(vector["uri"])
    and "21" not in _path_segments(vector["uri"])
]
REFUSED_PARSE_VECTORS = [vector for vector in PARSE_VECTORS if not vector["valid"]]


def test_the_vector_filters_keep_cases_to_check() -> None:
    assert len(ESCAPE_VECTORS) == 10
    assert len(PAIR_GENERATE_VECTORS) == 2
    assert len(GENERATED_PAIR_LINKS) == 5
    assert len(PAIR_PARSE_VECTORS) == 5
    assert len(GTIN_ONLY_PARSE_VECTORS) == 42
    assert len(REFUSED_PARSE_VECTORS) == 45


# Building links


@pytest.mark.parametrize("vector", ESCAPE_VECTORS, ids=lambda vector: repr(vector["raw"]))
def test_a_value_is_percent_encoded_as_the_gs1_syntax_engine_encodes_a_path_value(
    vector: dict[str, Any],
) -> None:
    assert encode_path_value(vector["raw"]) == vector["path"]


@pytest.mark.parametrize("vector", PAIR_GENERATE_VECTORS, ids=_vector_id)
def test_a_pair_link_is_built_as_the_gs1_syntax_engine_builds_it(vector: dict[str, Any]) -> None:
    ais = dict(_bracketed_ais(vector["ai_data"]))
    sgtin = Sgtin(Gtin.parse(ais["01"]), Serial.parse(ais["21"]))
    built = epc_for(sgtin) if vector["stem"] is None else pair_uri(vector["stem"], sgtin)
    assert built == vector["dl_uri"]


def test_the_path_of_a_pair_names_its_gtin14_and_serial() -> None:
    assert pair_path(PAIR) == PAIR_PATH


@pytest.mark.parametrize(
    ("resolver", "link"),
    [
        (RESOLVER, f"{RESOLVER}{PAIR_PATH}"),
        (f"{RESOLVER}/", f"{RESOLVER}{PAIR_PATH}"),
        ("http://127.0.0.1:8000", f"http://127.0.0.1:8000{PAIR_PATH}"),
        ("https://allerdale.example/dl/", f"https://allerdale.example/dl{PAIR_PATH}"),
        ("id.cordwainer.example", f"{RESOLVER}{PAIR_PATH}"),
        (" https://id.cordwainer.example ", f"{RESOLVER}{PAIR_PATH}"),
    ],
)
def test_a_pair_link_joins_the_resolver_base_and_the_pair_path(resolver: str, link: str) -> None:
    assert pair_uri(resolver, PAIR) == link


@pytest.mark.parametrize(
    "resolver",
    [
        "",
        "https://",
        "ftp://id.cordwainer.example",
        "https://id.cordwainer.example?lang=en",
        "https://id.cordwainer.example/#top",
        "https://id cordwainer.example",
    ],
)
def test_a_resolver_that_is_not_an_http_base_url_is_refused(resolver: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        pair_uri(resolver, PAIR)
    assert refusal.value.code == "invalid_resolver"
    assert refusal.value.message.startswith(f"Resolver {resolver!r} is not an http or https")


def test_the_epc_of_a_pair_is_its_canonical_digital_link() -> None:
    assert epc_for(PAIR) == f"https://id.gs1.org{PAIR_PATH}"


def test_a_serial_is_percent_encoded_in_the_pair_path() -> None:
    sgtin = Sgtin(Gtin.parse(GTIN14), Serial.parse('U991/LV2+"%&?'))
    assert pair_path(sgtin) == f"/01/{GTIN14}/21/U991%2FLV2%2B%22%25%26%3F"


# Reading links


@pytest.mark.parametrize("vector", PAIR_PARSE_VECTORS, ids=_vector_id)
def test_a_pair_link_reads_as_the_gs1_syntax_engine_reads_it(vector: dict[str, Any]) -> None:
    values = _element_values(vector["element_string"])
    assert parse_pair_uri(vector["uri"]) == Sgtin(Gtin(values["01"]), Serial(values["21"]))


@pytest.mark.parametrize("vector", GENERATED_PAIR_LINKS, ids=_vector_id)
def test_a_pair_link_the_gs1_syntax_engine_built_reads_back(vector: dict[str, Any]) -> None:
    ais = dict(_bracketed_ais(vector["ai_data"]))
    assert parse_pair_uri(vector["dl_uri"]) == Sgtin(Gtin(ais["01"]), Serial(ais["21"]))


@pytest.mark.parametrize("vector", GTIN_ONLY_PARSE_VECTORS, ids=_vector_id)
def test_a_link_to_a_gtin_without_serial_is_not_a_pair(vector: dict[str, Any]) -> None:
    with pytest.raises(InvalidValue) as refusal:
        parse_pair_uri(vector["uri"])
    assert refusal.value.code == "invalid_digital_link"
    assert refusal.value.details["reason"] in {"missing_serial", "unexpected_segment"}


@pytest.mark.parametrize("vector", REFUSED_PARSE_VECTORS, ids=_vector_id)
def test_a_link_the_gs1_syntax_engine_refuses_is_refused(vector: dict[str, Any]) -> None:
    with pytest.raises(InvalidValue) as refusal:
        parse_pair_uri(vector["uri"])
    assert refusal.value.code == "invalid_digital_link"


@pytest.mark.parametrize("start", range(0, len(CSET_82_TEXT), 20))
def test_a_pair_link_reads_back_for_every_character_a_serial_may_hold(start: int) -> None:
    sgtin = Sgtin(Gtin.parse(GTIN14), Serial.parse(CSET_82_TEXT[start : start + 20]))
    assert parse_pair_uri(pair_uri(RESOLVER, sgtin)) == sgtin


@pytest.mark.parametrize(
    "link",
    [
        f"{RESOLVER}{PAIR_PATH}",
        PAIR_PATH,
        f"https://example.com/some/prefix{PAIR_PATH}",
        f"HTTPS://ID.CORDWAINER.EXAMPLE{PAIR_PATH}",
        f"http://127.0.0.1:8000{PAIR_PATH}",
        f"{RESOLVER}{PAIR_PATH}?17=270101&linkType=gs1:pip#passport",
        f"{RESOLVER}{PAIR_PATH}#",
        f"{RESOLVER}/01/5012345000015/21/000123456",
        f"{RESOLVER}/01/{GTIN14}/22/U991LV2/10/L2403/21/000123456",
        f"{RESOLVER}/01/{GTIN14}/10/L2403/21/000123456",
        f"{RESOLVER}/01/{GTIN14}/22/U991LV2/21/000123456",
        f"{RESOLVER}/01/faux/01/{GTIN14}/21/000123456",
        f"{RESOLVER}/01/{GTIN14}/21/%30%30%30123456",
        f"  {RESOLVER}{PAIR_PATH}\n",
    ],
)
def test_a_pair_link_is_read_whatever_its_resolver_and_extras(link: str) -> None:
    assert parse_pair_uri(link) == PAIR


@pytest.mark.parametrize(
    ("gtin", "gtin14"),
    [("96385074", "00000096385074"), ("036000291452", "00036000291452")],
)
def test_a_short_gtin_in_a_link_is_read_as_its_gtin14(gtin: str, gtin14: str) -> None:
    assert parse_pair_uri(f"/01/{gtin}/21/000123456").gtin.value == gtin14


@pytest.mark.parametrize(
    ("encoded", "serial"),
    [("01", "01"), ("21", "21"), ("A+B", "A+B"), ("A%2fB", "A/B"), ("%21%22%25", '!"%')],
)
def test_a_serial_in_a_link_is_percent_decoded_and_may_look_like_an_ai(
    encoded: str, serial: str
) -> None:
    assert parse_pair_uri(f"{RESOLVER}/01/{GTIN14}/21/{encoded}").serial.value == serial


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("", "not_http"),
        (f"ftp://id.cordwainer.example{PAIR_PATH}", "not_http"),
        (f"01/{GTIN14}/21/000123456", "not_http"),
        ("https://", "missing_host"),
        (f"https://{PAIR_PATH}", "missing_host"),
        (RESOLVER, "missing_host"),
        (f"{RESOLVER}{PAIR_PATH} 7", "illegal_character"),
        (f"{RESOLVER}/01/{GTIN14}/21/<000123456>", "illegal_character"),
        (f'{RESOLVER}/01/{GTIN14}/21/"000123456"', "illegal_character"),
        (f"{RESOLVER}/01/{GTIN14}/21/000123456é", "illegal_character"),
        (f"{RESOLVER}/01/{GTIN14}/21/%zz0123456", "bad_escape"),
        (f"{RESOLVER}/01/{GTIN14}/21/00012345%6", "bad_escape"),
        (f"{RESOLVER}/01/{GTIN14}/21/000123456%", "bad_escape"),
        (f"{RESOLVER}/01/{GTIN14}/21/%C3%A9", "bad_escape"),
        (f"{RESOLVER}/01/%FF/21/000123456", "bad_escape"),
        (f"{RESOLVER}/passport/000123456", "missing_gtin"),
        (f"{RESOLVER}/01", "missing_gtin"),
        (f"{RESOLVER}/21/000123456", "missing_gtin"),
        (f"{RESOLVER}{PAIR_PATH}/", "unexpected_segment"),
        (f"{RESOLVER}{PAIR_PATH}/passport", "unexpected_segment"),
        (f"{RESOLVER}/01/{GTIN14}/99/X/21/000123456", "unexpected_segment"),
        (f"{RESOLVER}/01/{GTIN14}/235/X/21/000123456", "unexpected_segment"),
        (f"{RESOLVER}/01/{GTIN14}/21/000123456/10/L2403", "unexpected_segment"),
        (f"{RESOLVER}/01/{GTIN14}/10/L2403/22/U991LV2/21/000123456", "unexpected_segment"),
        (f"{RESOLVER}/01/{GTIN14}/21/000123456/21/000123457", "unexpected_segment"),
        (f"{RESOLVER}/01//21/000123456", "empty_value"),
        (f"{RESOLVER}/01/{GTIN14}/10//21/000123456", "empty_value"),
        (f"{RESOLVER}/01/{GTIN14}/21/", "empty_value"),
        (f"{RESOLVER}/01/05012345000016/21/000123456", "invalid_gtin"),
        (f"{RESOLVER}/01/501234500001/21/000123456", "invalid_gtin"),
        (f"{RESOLVER}/01/U991LV2/21/000123456", "invalid_gtin"),
        (f"{RESOLVER}/01/%20{GTIN14}/21/000123456", "invalid_gtin"),
        (f"{RESOLVER}/01/{GTIN14}", "missing_serial"),
        (f"{RESOLVER}/01/{GTIN14}/22/U991LV2/10/L2403", "missing_serial"),
        (f"{RESOLVER}/01/{GTIN14}?21=000123456", "missing_serial"),
        (f"{RESOLVER}/01/{GTIN14}/21/%20000123456", "invalid_serial"),
        (f"{RESOLVER}/01/{GTIN14}/21/{'0' * 21}", "invalid_serial"),
        (f"{RESOLVER}/01/{GTIN14}/21/000~123456", "invalid_serial"),
        (f"{RESOLVER}/01/{GTIN14}/21/000%23123456", "invalid_serial"),
        (f"{RESOLVER}/01/{GTIN14}/21/%00", "invalid_serial"),
    ],
)
def test_a_link_that_names_no_valid_pair_is_refused_with_the_reason(link: str, reason: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        parse_pair_uri(link)
    assert refusal.value.code == "invalid_digital_link"
    assert refusal.value.details == {"uri": link.strip(), "reason": reason}
    assert refusal.value.message.startswith(f"{link.strip()!r} is not a GS1 Digital Link")


def test_a_link_with_a_wrong_check_digit_is_refused_with_the_gtins_own_sentence() -> None:
    link = f"{RESOLVER}/01/5012345000016/21/000123456"
    with pytest.raises(InvalidValue) as refusal:
        parse_pair_uri(link)
    assert refusal.value.message == (
        f"{link!r} is not a GS1 Digital Link to a pair. "
        "GTIN 5012345000016 has check digit 6; it should be 5."
    )


def test_a_link_with_a_bad_serial_is_refused_with_the_serials_own_sentence() -> None:
    link = f"{RESOLVER}/01/{GTIN14}/21/000~123456"
    with pytest.raises(InvalidValue) as refusal:
        parse_pair_uri(link)
    assert refusal.value.message.endswith(
        "The serial '000~123456' contains '~', which GS1 does not allow "
        "(CSET 82: letters, digits and !\"%&'()*+,-./:;<=>?_)."
    )


def test_a_link_with_a_qualifier_after_the_serial_says_what_may_follow_the_gtin() -> None:
    link = f"{RESOLVER}{PAIR_PATH}/passport"
    with pytest.raises(InvalidValue) as refusal:
        parse_pair_uri(link)
    assert refusal.value.message == (
        f"{link!r} is not a GS1 Digital Link to a pair. After /01/ and its GTIN comes "
        "'/21/000123456/passport', but only /22/, /10/ and /21/ may follow, in that order "
        "and each with one value."
    )
