"""GS1 Digital Link URIs for pairs: ``/01/{GTIN-14}/21/{serial}`` on a resolver.

Values are percent-encoded as the GS1 Barcode Syntax Engine writes them (only the
unreserved characters ``A-Z a-z 0-9 - . _ ~`` stay raw). Parsing follows the engine's
reading of a link: the key is the rightmost ``/01/`` from which only the GTIN's
qualifiers ``/22/``, ``/10/`` and ``/21/`` follow, in that order; whatever stands before
it is the resolver's stem, and the query string and fragment are ignored.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_to_bytes

from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.identifiers import Gtin, Serial, Sgtin

CANONICAL_RESOLVER = "https://id.gs1.org"

_GTIN_KEY = "01"
# The qualifiers of a GTIN in the order a Digital Link path must give them.
_QUALIFIERS = ("22", "10", "21")
_SERIAL = "21"

# Characters that may appear raw in a URI (RFC 3986), '%' included for escapes.
_URI_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
)
_HTTP_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def encode_path_value(value: str) -> str:
    """``value`` percent-encoded for a Digital Link path segment."""
    return quote(value, safe="")


def pair_path(sgtin: Sgtin) -> str:
    """The Digital Link path of a pair, ``/01/{GTIN-14}/21/{serial}``."""
    return f"/{_GTIN_KEY}/{sgtin.gtin.value}/{_SERIAL}/{encode_path_value(sgtin.serial.value)}"


def pair_uri(resolver: str, sgtin: Sgtin) -> str:
    """The Digital Link of a pair on ``resolver`` (a base URL, or a host served over https)."""
    return _resolver_base(resolver) + pair_path(sgtin)


def epc_for(sgtin: Sgtin) -> str:
    """The pair's canonical Digital Link on id.gs1.org, which EPCIS 2.0 accepts as an EPC."""
    return pair_uri(CANONICAL_RESOLVER, sgtin)


def parse_pair_uri(uri_or_path: str) -> Sgtin:
    """The pair named by a Digital Link URI or path (surrounding whitespace ignored)."""
    text = uri_or_path.strip()
    segments = _path_of(text).split("/")[1:]
    key_at = _key_position(text, segments)
    gtin = _gtin(text, segments[key_at + 1])
    qualifiers = _qualifiers(text, segments[key_at + 2 :])
    if _SERIAL not in qualifiers:
        raise _refused(text, "It has no /21/ serial after the GTIN.", "missing_serial")
    return Sgtin(gtin, _serial(text, qualifiers[_SERIAL]))


def _resolver_base(resolver: str) -> str:
    base = resolver.strip()
    if "://" not in base:
        base = f"https://{base}"
    host = base.split("://", 1)[1].split("/", 1)[0]
    if not _HTTP_SCHEME.match(base) or not host or set("?# ") & set(base):
        raise InvalidValue(
            f"Resolver {resolver!r} is not an http or https base URL such as "
            "https://id.cordwainer.example (with no query or fragment).",
            code="invalid_resolver",
            resolver=resolver,
        )
    return base.rstrip("/")


def _refused(text: str, why: str, reason: str) -> InvalidValue:
    """The refusal of ``text``: what it is not, then ``why`` as a sentence of its own."""
    return InvalidValue(
        f"{text!r} is not a GS1 Digital Link to a pair. {why}",
        code="invalid_digital_link",
        uri=text,
        reason=reason,
    )


def _path_of(text: str) -> str:
    """The path of a URI or bare path, without query string and fragment, escapes checked."""
    outside = sorted(set(text) - _URI_CHARACTERS)
    if outside:
        shown = " ".join(repr(char) for char in outside)
        why = f"It contains {shown}, which a URI must percent-encode."
        raise _refused(text, why, "illegal_character")
    path = text.split("#", 1)[0].split("?", 1)[0]
    if _HTTP_SCHEME.match(path):
        host, slash, path = path.split("://", 1)[1].partition("/")
        if not host or not slash:
            raise _refused(text, "It has no host followed by a path.", "missing_host")
        path = slash + path
    elif not path.startswith("/"):
        why = "It is neither an http or https URI nor a path starting with /."
        raise _refused(text, why, "not_http")
    escape = _BAD_ESCAPE.search(path)
    if escape:
        why = f"'{path[escape.start() : escape.start() + 3]}' is not a percent-escape."
        raise _refused(text, why, "bad_escape")
    return path


def _key_position(text: str, segments: list[str]) -> int:
    """Index of the /01/ key: walk back over qualifier pairs from the end of the path."""
    end = len(segments)
    while end >= 2 and segments[end - 2] in _QUALIFIERS:
        end -= 2
    if end >= 2 and segments[end - 2] == _GTIN_KEY:
        return end - 2
    keyed = segments[:-1]
    if _GTIN_KEY not in keyed:
        raise _refused(text, "It has no /01/ followed by a GTIN.", "missing_gtin")
    last_key = len(keyed) - 1 - keyed[::-1].index(_GTIN_KEY)
    tail = "/".join(segments[last_key + 2 :])
    why = (
        f"After /01/ and its GTIN comes '/{tail}', but only /22/, /10/ and /21/ may "
        "follow, in that order and each with one value."
    )
    raise _refused(text, why, "unexpected_segment")


def _decoded(text: str, segment: str) -> str:
    try:
        return unquote_to_bytes(segment).decode("ascii")
    except UnicodeDecodeError:
        why = f"'{segment}' decodes to bytes outside ASCII, which no GS1 value contains."
        raise _refused(text, why, "bad_escape") from None


def _gtin(text: str, segment: str) -> Gtin:
    value = _decoded(text, segment)
    if not value:
        raise _refused(text, "Its /01/ has an empty value.", "empty_value")
    if value != value.strip():
        why = f"Its GTIN {value!r} has spaces around it."
        raise _refused(text, why, "invalid_gtin")
    try:
        return Gtin.parse(value)
    except InvalidValue as error:
        raise _refused(text, error.message, "invalid_gtin") from error


def _qualifiers(text: str, segments: list[str]) -> dict[str, str]:
    """The qualifier values by AI, refusing repeats, qualifiers out of order and empty values."""
    ais = segments[::2]
    order = [_QUALIFIERS.index(ai) for ai in ais]
    if order != sorted(set(order)):
        why = (
            f"Its qualifiers come as {', '.join(ais)}, but each may appear once, "
            "in the order 22, 10, 21."
        )
        raise _refused(text, why, "unexpected_segment")
    qualifiers = dict(zip(ais, segments[1::2], strict=True))
    for ai, value in qualifiers.items():
        if not value:
            raise _refused(text, f"Its /{ai}/ has an empty value.", "empty_value")
    return qualifiers


def _serial(text: str, segment: str) -> Serial:
    value = _decoded(text, segment)
    try:
        return Serial.parse(value)
    except InvalidValue as error:
        raise _refused(text, error.message, "invalid_serial") from error
