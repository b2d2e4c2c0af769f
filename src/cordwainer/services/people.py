"""The people at the benches: badging in with a PIN, and who someone is.

A badge names a person; the PIN they chose proves it is them at the tablet. PINs are
kept only as argon2 hashes (``setup.hire_operator`` makes them); checking one takes a
few tens of milliseconds, on purpose, and is done outside any transaction.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cordwainer.domain.errors import InvalidValue, NotFound, NotPermitted
from cordwainer.domain.floor import Operator
from cordwainer.storage.database import Database


def badge_in(db: Database, badge: str, pin: str) -> Operator:
    """The person with this badge, if the PIN is theirs; refused otherwise."""
    badge, pin = badge.strip(), pin.strip()
    with db.looking() as uow:
        operator = uow.catalogue.operator_by_badge(badge)
        pin_hash = uow.catalogue.pin_hash(badge) if operator else None
    if operator is None or pin_hash is None:
        raise NotFound(
            f"No one has badge {badge}. Scan your badge again, or ask the supervisor.",
            code="operator_not_found",
            badge=badge,
        )
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise InvalidValue("A PIN is 4 to 8 digits. Type your PIN again.", code="invalid_pin")
    try:
        PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        raise NotPermitted(
            f"That is not the PIN of badge {badge}. Type your PIN again.",
            code="wrong_pin",
            badge=badge,
        ) from None
    return operator


def operator(db: Database, badge: str) -> Operator | None:
    """The person with this badge, with their skills; None when no one has it."""
    with db.looking() as uow:
        return uow.catalogue.operator_by_badge(badge)
