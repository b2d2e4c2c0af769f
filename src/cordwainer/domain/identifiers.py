"""GS1 identifiers: GTIN per variant, GLN per site, serial per pair and their SGTIN.

Values are frozen and always valid: constructing one checks it, ``parse`` accepts the
forms people type or scan, ``allocate`` builds a new one from a GS1 company prefix.
Every rejection is an ``InvalidValue`` whose sentence says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from cordwainer.domain.errors import InvalidValue

GTIN_LENGTHS = (8, 12, 13, 14)
GLN_LENGTH = 13
COMPANY_PREFIX_LENGTHS = range(6, 13)
AI_VALUE_MAX_LENGTH = 20

# GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
CSET_82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)

# EPC Tag Data Standard: characters percent-encoded in a pure-identity URI; the rest of
# CSET 82 is written as it is.
_EPC_URI_ESCAPES = str.maketrans({char: f"%{ord(char):02X}" for char in '%"&/<>?#'})


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def gs1_check_digit(digits: str) -> str:
    """The GS1 mod-10 check digit for ``digits``, the identifier without its check digit."""
    if not _is_digits(digits):
        raise InvalidValue(
            f"A GS1 check digit is computed over digits only; {digits!r} is not all digits.",
            code="invalid_digits",
            value=digits,
        )
    # Weights 3, 1, 3, ... from the rightmost digit.
    weighted = sum(
        int(digit) * (3 - 2 * (position % 2)) for position, digit in enumerate(reversed(digits))
    )
    return str(-weighted % 10)


@dataclass(frozen=True, slots=True)
class _KeyRule:
    """How one kind of GS1 key is checked and what its refusals say."""

    kind: str
    lengths: tuple[int, ...]
    length_rule: str
    code: str

    def check(self, text: str) -> None:
        """Raise unless ``text`` is all digits, of an allowed length, with the right check digit."""
        if not _is_digits(text):
            raise InvalidValue(
                f"{self.kind} {text!r} must contain only the digits 0 to 9.",
                code=self.code,
                value=text,
            )
        if len(text) not in self.lengths:
            raise InvalidValue(
                f"{self.kind} {text} has {len(text)} digits; {self.length_rule}.",
                code=self.code,
                value=text,
            )
        expected = gs1_check_digit(text[:-1])
        if text[-1] != expected:
            raise InvalidValue(
                f"{self.kind} {text} has check digit {text[-1]}; it should be {expected}.",
                code=self.code,
                value=text,
                check_digit=text[-1],
                expected_check_digit=expected,
            )


_GTIN_AS_GIVEN = _KeyRule("GTIN", GTIN_LENGTHS, "a GTIN has 8, 12, 13 or 14", code="invalid_gtin")
_GTIN_AS_HELD = _KeyRule(
    "GTIN",
    (14,),
    "a Gtin holds the 14-digit form (Gtin.parse takes 8, 12 or 13)",
    code="invalid_gtin",
)
_GLN = _KeyRule("GLN", (GLN_LENGTH,), "a GLN has 13", code="invalid_gln")


def _check_company_prefix_length(company_prefix_length: int) -> None:
    if company_prefix_length not in COMPANY_PREFIX_LENGTHS:
        raise InvalidValue(
            f"A GS1 company prefix has 6 to 12 digits, not {company_prefix_length}.",
            code="invalid_company_prefix",
            company_prefix_length=company_prefix_length,
        )


def _key_body(company_prefix: str, reference: int, label: str, code: str) -> str:
    """The 12 digits before a GTIN-13's or GLN's check digit: prefix, then padded reference."""
    if not _is_digits(company_prefix) or len(company_prefix) not in COMPANY_PREFIX_LENGTHS:
        raise InvalidValue(
            f"GS1 company prefix {company_prefix!r} is not 6 to 12 digits.",
            code="invalid_company_prefix",
            company_prefix=company_prefix,
        )
    width = 12 - len(company_prefix)
    last = 10**width - 1
    if not 0 <= reference <= last:
        raise InvalidValue(
            f"The {label} {reference} does not fit company prefix {company_prefix}: "
            f"it leaves {width} digits, so {label}s run from 0 to {last}.",
            code=code,
            company_prefix=company_prefix,
            reference=reference,
            last_reference=last,
        )
    return str(int(company_prefix) * 10**width + reference).zfill(12)


def _check_ai_value(text: str, label: str, code: str) -> None:
    """Raise unless ``text`` is 1 to 20 characters of CSET 82 (GS1 format X..20)."""
    if not text:
        raise InvalidValue(
            f"The {label} is empty; GS1 needs 1 to {AI_VALUE_MAX_LENGTH} characters.",
            code=code,
            value=text,
        )
    if len(text) > AI_VALUE_MAX_LENGTH:
        raise InvalidValue(
            f"The {label} {text!r} has {len(text)} characters; "
            f"GS1 allows at most {AI_VALUE_MAX_LENGTH}.",
            code=code,
            value=text,
        )
    refused = sorted(set(text) - CSET_82)
    if refused:
        shown = " ".join(repr(char) for char in refused)
        raise InvalidValue(
            f"The {label} {text!r} contains {shown}, which GS1 does not allow "
            "(CSET 82: letters, digits and !\"%&'()*+,-./:;<=>?_).",
            code=code,
            value=text,
            characters=refused,
        )


def _epc_escape(text: str) -> str:
    return text.translate(_EPC_URI_ESCAPES)


@dataclass(frozen=True, slots=True)
class Gtin:
    """A Global Trade Item Number, held in its 14-digit form."""

    value: str

    def __post_init__(self) -> None:
        _GTIN_AS_HELD.check(self.value)

    @classmethod
    def parse(cls, text: str) -> Self:
        """A GTIN-8, -12, -13 or -14 as typed or scanned, normalised to 14 digits."""
        digits = text.strip()
        _GTIN_AS_GIVEN.check(digits)
        return cls(digits.zfill(14))

    @classmethod
    def allocate(cls, company_prefix: str, item_reference: int) -> Self:
        """The GTIN-13 numbering ``item_reference`` under ``company_prefix``."""
        body = _key_body(
            company_prefix, item_reference, "item reference", code="gtin_range_exhausted"
        )
        return cls("0" + body + gs1_check_digit(body))

    @property
    def gtin13(self) -> str | None:
        """The 13 digits an EAN-13 barcode carries, or None when the leading digit is not 0."""
        return self.value[1:] if self.value[0] == "0" else None

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Gln:
    """A Global Location Number: 13 digits naming a site or a place within it."""

    value: str

    def __post_init__(self) -> None:
        _GLN.check(self.value)

    @classmethod
    def parse(cls, text: str) -> Self:
        """A GLN as typed or scanned."""
        return cls(text.strip())

    @classmethod
    def allocate(cls, company_prefix: str, location_reference: int) -> Self:
        """The GLN numbering ``location_reference`` under ``company_prefix``."""
        body = _key_body(
            company_prefix, location_reference, "location reference", code="gln_range_exhausted"
        )
        return cls(body + gs1_check_digit(body))

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Serial:
    """A pair's serial, the value of GS1 AI (21): 1 to 20 characters of CSET 82."""

    value: str

    def __post_init__(self) -> None:
        _check_ai_value(self.value, "serial", code="invalid_serial")

    @classmethod
    def parse(cls, text: str) -> Self:
        """A serial exactly as given (a space is not allowed in a serial, so none is stripped)."""
        return cls(text)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Sgtin:
    """A serialised GTIN: one pair of shoes."""

    gtin: Gtin
    serial: Serial

    def epc_urn(self, company_prefix_length: int) -> str:
        """The EPC pure-identity URI ``urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial``."""
        _check_company_prefix_length(company_prefix_length)
        digits = self.gtin.value
        company_prefix = digits[1 : 1 + company_prefix_length]
        indicator_and_item_reference = digits[0] + digits[1 + company_prefix_length : 13]
        serial = _epc_escape(self.serial.value)
        return f"urn:epc:id:sgtin:{company_prefix}.{indicator_and_item_reference}.{serial}"


def sgln_urn(gln: Gln, company_prefix_length: int, extension: str = "0") -> str:
    """The EPC pure-identity URI ``urn:epc:id:sgln:CompanyPrefix.LocationRef.Extension``.

    The extension is the value of GS1 AI (254); ``"0"`` stands for the GLN alone.
    """
    _check_company_prefix_length(company_prefix_length)
    _check_ai_value(extension, "GLN extension", code="invalid_gln_extension")
    company_prefix = gln.value[:company_prefix_length]
    location_reference = gln.value[company_prefix_length:12]
    return f"urn:epc:id:sgln:{company_prefix}.{location_reference}.{_epc_escape(extension)}"
