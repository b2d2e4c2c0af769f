"""Every error Cordwainer raises on purpose, as one tree.

    CordwainerError
    ├── NotFound            the thing named does not exist
    ├── InvalidValue        the input is malformed (a GTIN with a wrong check digit, ...)
    ├── RuleBroken          well-formed, but the factory's state forbids it
    │   └── Conflict        it clashes with what is already recorded (an event id reused)
    └── NotPermitted        the person may not do it

Each error carries a stable ``code`` (listed in docs/errors.md), a sentence a person
understands, and ``details`` for machines. Adapters map the branch to a status
(the API's table lives in ``api/errors.py``); the domain knows nothing of HTTP.
"""

from __future__ import annotations

from typing import Any


class CordwainerError(Exception):
    """The root of every deliberate error."""

    code = "cordwainer_error"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = details

    def __str__(self) -> str:
        return self.message


class NotFound(CordwainerError):
    code = "not_found"


class InvalidValue(CordwainerError):
    code = "invalid_value"


class RuleBroken(CordwainerError):
    code = "rule_broken"


class Conflict(RuleBroken):
    code = "conflict"


class NotPermitted(CordwainerError):
    code = "not_permitted"
