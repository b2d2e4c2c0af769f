"""What Cordwainer takes as EPCIS 2.0: the official examples, and every reason to refuse."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from cordwainer.standards.cbv import (
    CBV_NAMESPACE,
    CRAFT_STEPS,
    Vocabulary,
    craft_step,
    words_in_context,
)
from cordwainer.standards.epcis_validation import (
    LONGEST_STORED,
    Problem,
    is_date_time,
    is_uri,
    problems_in,
    vocabulary_problem,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "epcis" / "examples"
EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.glob("*.jsonld"))


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return loaded


def shipment() -> dict[str, Any]:
    """GS1's example 9.6.1: a shipment observed, then received."""
    return copy.deepcopy(example("Example_9.6.1-ObjectEvent.jsonld"))


def found(document: Any) -> list[tuple[str, str]]:
    return [(problem.path, problem.problem) for problem in problems_in(document)]


def test_there_are_twelve_official_examples() -> None:
    assert len(EXAMPLE_NAMES) == 12


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_official_example_is_taken(name: str) -> None:
    assert found(example(name)) == []


def test_cbv_words_come_from_gs1s_contexts() -> None:
    assert len(Vocabulary.BIZ_STEP.words()) == 41
    assert len(Vocabulary.DISPOSITION.words()) == 33
    assert {"inspecting", "repairing", "destroying", "packing"} <= Vocabulary.BIZ_STEP.words()
    assert {"conformant", "non_conformant", "destroyed"} <= Vocabulary.DISPOSITION.words()
    assert Vocabulary.SOURCE_DESTINATION_TYPE.words() == {
        "owning_party",
        "possessing_party",
        "location",
    }
    assert "prodorder" in Vocabulary.BIZ_TRANSACTION_TYPE.words()
    assert Vocabulary.ERROR_REASON.words() == {"did_not_occur", "incorrect_data"}
    assert not set(CRAFT_STEPS) & Vocabulary.BIZ_STEP.words()


def test_a_context_gives_only_the_terms_of_its_own_kind() -> None:
    text = json.dumps(
        {"@context": {"cbv": CBV_NAMESPACE, "shipping": "cbv:BizStep-shipping", "x": 3}}
    )
    assert words_in_context(text, "BizStep") == {"shipping"}
    assert words_in_context(text, "Disp") == set()


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("shipping", "shipping"),
        ("https://ref.gs1.org/cbv/BizStep-shipping", "shipping"),
        ("cbv:BizStep-shipping", "shipping"),
        ("urn:epcglobal:cbv:bizstep:shipping", "shipping"),
        ("https://ref.gs1.org/cbv/BizStep-sewing", "sewing"),
        ("cw:closing", None),
        ("https://ns.cordwainer.example/epcis/closing", None),
    ],
)
def test_cbv_words_are_read_in_every_spelling(value: str, word: str | None) -> None:
    assert Vocabulary.BIZ_STEP.term_of(value) == word


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("https://ref.gs1.org/cbv/Disp-in_transit", "in_transit"),
        ("https://ns.cordwainer.example/epcis/closing", "cw:closing"),
        ("cw:closing", "cw:closing"),
        ("https://example.com/steps/dyeing", "https://example.com/steps/dyeing"),
    ],
)
def test_each_meaning_has_one_spelling(value: str, canonical: str) -> None:
    vocabulary = Vocabulary.DISPOSITION if "Disp" in value else Vocabulary.BIZ_STEP
    assert vocabulary.canonical(value) == canonical


def test_craft_steps_live_in_cordwainers_namespace() -> None:
    assert craft_step("closing") == "cw:closing"
    assert craft_step("sole attaching") == "cw:sole%20attaching"


def test_a_bare_word_must_be_cbvs_and_a_cbv_uri_must_name_a_cbv_word() -> None:
    assert vocabulary_problem("shipping", Vocabulary.BIZ_STEP) is None
    assert vocabulary_problem("cw:closing", Vocabulary.BIZ_STEP) is None
    assert vocabulary_problem("closing", Vocabulary.BIZ_STEP) == (
        "'closing' is not a CBV business step. Use a CBV word, or a term of your own "
        "vocabulary declared in @context, such as cw:closing."
    )
    assert vocabulary_problem("https://ref.gs1.org/cbv/Disp-broken", Vocabulary.DISPOSITION) == (
        "'https://ref.gs1.org/cbv/Disp-broken' names no CBV disposition: CBV has no 'broken'."
    )


def test_every_problem_of_a_document_is_listed_with_its_json_path() -> None:
    document = shipment()
    observed, received = document["epcisBody"]["eventList"]
    observed["bizStep"] = "closing"
    observed["bizTransactionList"][0]["type"] = "invoice"
    received["eventTime"] = "yesterday"
    received["bizstep"] = "receiving"
    del received["action"]

    assert found(document) == [
        (
            "$.epcisBody.eventList[0].bizStep",
            "'closing' is not a CBV business step. Use a CBV word, or a term of your own "
            "vocabulary declared in @context, such as cw:closing.",
        ),
        (
            "$.epcisBody.eventList[0].bizTransactionList[0].type",
            "'invoice' is not a CBV business transaction type. Use a CBV word, or a term of "
            "your own vocabulary declared in @context, such as cw:invoice.",
        ),
        ("$.epcisBody.eventList[1]", "'action' is a required property"),
        (
            "$.epcisBody.eventList[1].bizstep",
            "'bizstep' is not an EPCIS field here; a field of your own is a URI or a prefixed "
            "name declared in @context, such as cw:rack.",
        ),
        ("$.epcisBody.eventList[1].eventTime", "'yesterday' is not a 'date-time'"),
    ]


def test_cbv_words_are_checked_wherever_an_event_uses_them() -> None:
    document = example("PersistentDisposition-example.jsonld")
    event = document["epcisBody"]["eventList"][1]
    event["persistentDisposition"]["set"] = ["completely_checked"]
    event["sourceList"][0]["type"] = "cw:tannery"
    event["destinationList"][0]["type"] = "buyer"
    event["errorDeclaration"] = {"declarationTime": "2020-06-09T08:00:00Z", "reason": "typo"}

    paths = [path for path, _ in found(document)]

    assert paths == [
        "$.epcisBody.eventList[1].destinationList[0].type",
        "$.epcisBody.eventList[1].errorDeclaration.reason",
        "$.epcisBody.eventList[1].persistentDisposition.set[0]",
    ]


def test_a_long_schema_message_is_cut_short() -> None:
    document = shipment()
    document["epcisBody"]["eventList"][0]["action"] = "SEW" * 200

    [(path, problem)] = found(document)

    assert path == "$.epcisBody.eventList[0].action"
    assert len(problem) == 240
    assert problem.endswith("…")


def test_only_epcis_documents_are_taken() -> None:
    assert found({"type": "ObjectEvent"}) == [
        ("$.type", "An EPCIS document has type EPCISDocument or EPCISQueryDocument.")
    ]
    assert found(["not", "a", "document"]) == [
        ("$.type", "An EPCIS document has type EPCISDocument or EPCISQueryDocument.")
    ]


def test_two_events_of_one_document_may_not_share_an_id() -> None:
    document = shipment()
    observed, received = document["epcisBody"]["eventList"]
    received["eventID"] = observed["eventID"]

    assert found(document) == [
        (
            "$.epcisBody.eventList[1].eventID",
            f"Event id {observed['eventID']} is also the id of the event at "
            "$.epcisBody.eventList[0].",
        )
    ]


def test_identifiers_longer_than_cordwainer_keeps_are_refused_where_they_stand() -> None:
    document = example("Example_9.6.3-AggregationEvent.jsonld")
    event = document["epcisBody"]["eventList"][0]
    long_uri = "urn:example:" + "x" * LONGEST_STORED
    event["childEPCs"][1] = long_uri
    event["bizLocation"]["id"] = long_uri
    event["childQuantityList"][0]["epcClass"] = long_uri

    paths = [path for path, _ in found(document)]

    assert paths == [
        "$.epcisBody.eventList[0].bizLocation.id",
        "$.epcisBody.eventList[0].childEPCs[1]",
        "$.epcisBody.eventList[0].childQuantityList[0].epcClass",
    ]


def test_a_query_documents_events_are_checked_where_they_stand() -> None:
    document = example("EPCISQueryDocument.jsonld")
    document["epcisBody"]["queryResults"]["resultsBody"]["eventList"][1]["disposition"] = "fine"

    [(path, _)] = found(document)

    assert path == "$.epcisBody.queryResults.resultsBody.eventList[1].disposition"


def test_a_document_without_events_where_they_belong_has_the_schemas_problems_only() -> None:
    document = shipment()
    document["epcisBody"] = {"eventList": "none", "cw:note": 1}

    assert found(document) == [("$.epcisBody.eventList", "'none' is not of type 'array'")]
    document["epcisBody"] = {"eventList": [7]}
    assert [path for path, _ in found(document)] == ["$.epcisBody.eventList[0]"]


@pytest.mark.parametrize(
    ("value", "is_one"),
    [
        ("urn:epc:id:sgtin:0614141.107346.2017", True),
        ("cw:closing", True),
        ("ni:///sha-256;df7b?ver=CBV2.0", True),
        ("closing", False),
        ("https://id.gs1.org/01/ 1", False),
        (42, True),  # not a string: the schema's type says what is wrong
    ],
)
def test_a_uri_has_a_scheme_and_no_spaces(value: object, is_one: bool) -> None:
    assert is_uri(value) is is_one


@pytest.mark.parametrize(
    ("value", "is_one"),
    [
        ("2026-11-16T08:30:00Z", True),
        ("2026-11-16T08:30:00.123456789+01:00", True),
        ("2026-11-16T08:30:00", False),
        ("2026-13-16T08:30:00Z", False),
        (None, True),
    ],
)
def test_a_date_time_is_rfc_3339_with_its_zone(value: object, is_one: bool) -> None:
    assert is_date_time(value) is is_one


def test_a_problem_says_where_in_json_path() -> None:
    assert Problem(("epcisBody", "eventList", 3, "bizStep"), "x").as_dict() == {
        "path": "$.epcisBody.eventList[3].bizStep",
        "problem": "x",
    }


def test_values_of_the_wrong_type_are_left_to_the_schema() -> None:
    document = shipment()
    observed, _ = document["epcisBody"]["eventList"]
    observed["bizStep"] = 42
    observed["eventID"] = 42

    assert [path for path, _ in found(document)] == [
        "$.epcisBody.eventList[0].bizStep",
        "$.epcisBody.eventList[0].eventID",
    ]
