"""The UNTP Digital Product Passport 0.7.0 JSON Schema, to check passports against.

The schema is read from the shared standards folder beside the repository
(../shared/standards/dpp/); it is not shipped in the package, since Cordwainer builds
passports and never needs to validate one at run time. Formats are checked too: the
schema's ``uri``, ``date`` and ``date-time``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.databases import IN_CI

SCHEMA = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "standards"
    / "dpp"
    / "untp-dpp-schema-0.7.0.json"
)

formats = FormatChecker(["date", "regex"])


@formats.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str) or any(char.isspace() for char in value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


@formats.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


@formats.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return isinstance(value, str) and bool(date.fromisoformat(value))


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=formats)


def dpp_problems(document: Any) -> list[str]:
    """Every way ``document`` breaks the UNTP DPP 0.7.0 schema, as ``path: message``."""
    if not SCHEMA.exists():
        reason = f"the UNTP DPP schema is not at {SCHEMA}"
        if IN_CI:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(_validator().iter_errors(document), key=lambda e: e.json_path)
    ]
