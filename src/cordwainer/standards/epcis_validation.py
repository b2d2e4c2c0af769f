"""Is this an EPCIS 2.0 document Cordwainer can take? Every reason it is not, with its place.

A document is checked three ways, and every problem is reported with the JSON path of
the value at fault (``$.epcisBody.eventList[3].bizStep``):

1. against GS1's official EPCIS 2.0 JSON Schema (``standards/data``), with its formats
   asserted: a ``uri`` must have a scheme (``urn:``, ``https:``, or a prefix such as
   ``cw:``), and a ``date-time`` must be RFC 3339 with its zone;
2. against CBV 2.0: a bare word as business step, disposition, business transaction
   type, source or destination type or error reason must be one of CBV's words, and a
   URI in CBV's namespace must name one of them;
3. for what Cordwainer keeps: the document is an EPCISDocument or an EPCISQueryDocument,
   no two of its events share an event id, and identifiers fit the columns they are
   indexed in.

Where the schema and CBV both refuse a value, CBV's sentence is given: it says more.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

# jsonschema ships no type hints (and types-jsonschema is not a dependency).
from jsonschema import Draft7Validator, FormatChecker  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError, best_match  # type: ignore[import-untyped]

from cordwainer.standards.cbv import CW_PREFIX, Vocabulary
from cordwainer.standards.epcis import (
    EPC_FIELDS,
    EPCIS_DOCUMENT,
    EPCIS_QUERY_DOCUMENT,
    PARENT_FIELD,
    QUANTITY_FIELDS,
    canonical_epc,
    parse_time,
)

Location = tuple[str | int, ...]
LONGEST_STORED = 1000  # characters of an event id, identifier, business step or location
MOST_PROBLEMS = 100  # reported; the count says how many there were
_MESSAGE_LENGTH = 240

# RFC 3986: a scheme, a colon, then no space, control character or <>"{}|\^`.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]*")


def is_uri(value: object) -> bool:
    return not isinstance(value, str) or _URI.fullmatch(value) is not None


def is_date_time(value: object) -> bool:
    return not isinstance(value, str) or parse_time(value) is not None


FORMATS = FormatChecker(formats=())
FORMATS.checks("uri")(is_uri)
FORMATS.checks("date-time")(is_date_time)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a document: where, and what."""

    location: Location
    problem: str

    @property
    def path(self) -> str:
        return json_path(self.location)

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "problem": self.problem}


def json_path(location: Location) -> str:
    """The JSON path of a place in a document: ``$.epcisBody.eventList[3].bizStep``."""
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)


@cache
def schema() -> dict[str, Any]:
    """GS1's EPCIS 2.0 JSON Schema, as shipped in ``standards/data``."""
    text = (
        files("cordwainer.standards").joinpath("data", "EPCIS-JSON-Schema.json").read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft7Validator:
    return Draft7Validator(schema(), format_checker=FORMATS)


def problems_in(document: Any) -> list[Problem]:
    """Every problem of ``document``, in the order of the document."""
    if not isinstance(document, dict) or document.get("type") not in (
        EPCIS_DOCUMENT,
        EPCIS_QUERY_DOCUMENT,
    ):
        return [
            Problem(("type",), "An EPCIS document has type EPCISDocument or EPCISQueryDocument.")
        ]
    ours = [*_vocabulary_problems(document), *_keeping_problems(document)]
    taken = {problem.location for problem in ours}
    from_schema = [
        p for p in map(_from_schema, _validator().iter_errors(document)) if p.location not in taken
    ]
    unique = dict.fromkeys([*from_schema, *ours])  # a value can fail two schemas alike
    return sorted(unique, key=lambda problem: _order(problem.location))


def _order(location: Location) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in location)


def _from_schema(error: ValidationError) -> Problem:
    if "propertyNames" in error.schema_path:
        name = error.instance
        return Problem(
            (*error.absolute_path, str(name)),
            f"'{name}' is not an EPCIS field here; a field of your own is a URI or a "
            f"prefixed name declared in @context, such as {CW_PREFIX}:rack.",
        )
    if error.context:
        error = best_match(error.context)
    message = error.message
    if len(message) > _MESSAGE_LENGTH:
        message = message[: _MESSAGE_LENGTH - 1] + "…"
    return Problem(tuple(error.absolute_path), message)


def event_list_location(document: Mapping[str, Any]) -> Location:
    if document.get("type") == EPCIS_QUERY_DOCUMENT:
        return ("epcisBody", "queryResults", "resultsBody", "eventList")
    return ("epcisBody", "eventList")


def _events(document: Mapping[str, Any]) -> Iterator[tuple[Location, dict[str, Any]]]:
    where = event_list_location(document)
    found: Any = document
    for part in where:
        found = found.get(part) if isinstance(found, dict) else None
    if isinstance(found, list):
        for index, event in enumerate(found):
            if isinstance(event, dict):
                yield (*where, index), event


# (field, vocabulary) of the words an event takes from CBV; a None field is a list of them.
_WORDS = (
    (("bizStep",), Vocabulary.BIZ_STEP),
    (("disposition",), Vocabulary.DISPOSITION),
    (("persistentDisposition", "set", None), Vocabulary.DISPOSITION),
    (("persistentDisposition", "unset", None), Vocabulary.DISPOSITION),
    (("bizTransactionList", None, "type"), Vocabulary.BIZ_TRANSACTION_TYPE),
    (("sourceList", None, "type"), Vocabulary.SOURCE_DESTINATION_TYPE),
    (("destinationList", None, "type"), Vocabulary.SOURCE_DESTINATION_TYPE),
    (("errorDeclaration", "reason"), Vocabulary.ERROR_REASON),
)


def _vocabulary_problems(document: Mapping[str, Any]) -> Iterator[Problem]:
    for at, event in _events(document):
        for field, vocabulary in _WORDS:
            for where, value in _values(event, field, at):
                problem = vocabulary_problem(value, vocabulary)
                if problem:
                    yield Problem(where, problem)


def _values(
    value: Any, field: tuple[str | None, ...], at: Location
) -> Iterator[tuple[Location, str]]:
    """The strings at ``field`` in ``value``; None in ``field`` stands for every list item."""
    if not field:
        if isinstance(value, str):
            yield at, value
        return
    head, rest = field[0], field[1:]
    if head is None and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, rest, (*at, index))
    elif head is not None and isinstance(value, dict) and head in value:
        yield from _values(value[head], rest, (*at, head))


def vocabulary_problem(value: str, vocabulary: Vocabulary) -> str | None:
    """Why ``value`` is not a word of ``vocabulary``, or None when it may stand."""
    word = vocabulary.term_of(value)
    if word is None or vocabulary.is_word(word):
        return None
    if value == word:
        return (
            f"'{value}' is not a CBV {vocabulary.label}. Use a CBV word, or a term of your "
            f"own vocabulary declared in @context, such as {CW_PREFIX}:{value}."
        )
    return f"'{value}' names no CBV {vocabulary.label}: CBV has no '{word}'."


def _keeping_problems(document: Mapping[str, Any]) -> Iterator[Problem]:
    seen: dict[str, Location] = {}
    for at, event in _events(document):
        event_id = event.get("eventID")
        if isinstance(event_id, str):
            if event_id in seen:
                first = json_path(seen[event_id])
                yield Problem(
                    (*at, "eventID"), f"Event id {event_id} is also the id of the event at {first}."
                )
            seen.setdefault(event_id, at)
        yield from _too_long(event, at)


def _too_long(event: Mapping[str, Any], at: Location) -> Iterator[Problem]:
    kept: list[tuple[Location, Any]] = [
        ((*at, field), event.get(field)) for field in ("type", "eventID", "bizStep", "disposition")
    ]
    location = event.get("bizLocation")
    if isinstance(location, dict):
        kept.append(((*at, "bizLocation", "id"), location.get("id")))
    kept.append(((*at, PARENT_FIELD), event.get(PARENT_FIELD)))
    for field in EPC_FIELDS:
        kept += _values(event, (field, None), at)
    for field in QUANTITY_FIELDS:
        kept += _values(event, (field, None, "epcClass"), at)
    for where, value in kept:
        if isinstance(value, str) and len(canonical_epc(value)) > LONGEST_STORED:
            yield Problem(
                where,
                f"This value is {len(value)} characters long; Cordwainer keeps at most "
                f"{LONGEST_STORED}.",
            )
