"""CBV 2.0, the words EPCIS events are written in, and Cordwainer's own words for the craft.

GS1's Core Business Vocabulary names business steps (``shipping``), dispositions
(``in_transit``), business transaction types, source and destination types and error
reasons. The words are read from GS1's official JSON-LD contexts, shipped unchanged in
``standards/data`` (see its README); they are read once, on first use, and never change.

CBV has no word for clicking, closing or lasting, so the craft steps live in Cordwainer's
own namespace, declared as the prefix ``cw`` in every document's ``@context``:
``cw:closing`` expands to ``https://ns.cordwainer.example/epcis/closing``. CBV words are
written bare, as EPCIS 2.0 JSON-LD does (``"bizStep": "inspecting"``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib.resources import files
from urllib.parse import quote

CW_PREFIX = "cw"
CW_NAMESPACE = "https://ns.cordwainer.example/epcis/"
CBV_NAMESPACE = "https://ref.gs1.org/cbv/"
_CBV_URN = "urn:epcglobal:cbv:"

# The craft operations of the demo routing, each a business step of Cordwainer's own.
CRAFT_STEPS = (
    "clicking",
    "preparation",
    "closing",
    "lasting",
    "sole_preparation",
    "sole_attaching",
    "finishing",
    "final_inspection",
    "metal_detection",
)

# The CBV words Cordwainer's exports use.
COMMISSIONING = "commissioning"
INSPECTING = "inspecting"
REPAIRING = "repairing"
DESTROYING = "destroying"
PACKING = "packing"
SHIPPING = "shipping"
RECEIVING = "receiving"

ACTIVE = "active"
IN_PROGRESS = "in_progress"
CONFORMANT = "conformant"
NON_CONFORMANT = "non_conformant"
CONTAINER_CLOSED = "container_closed"
IN_TRANSIT = "in_transit"
DESTROYED = "destroyed"

PRODUCTION_ORDER = "prodorder"
DESPATCH_ADVICE = "desadv"
LOCATION = "location"


@dataclass(frozen=True, slots=True)
class _Kind:
    label: str  # how a sentence names it
    term_prefix: str  # CBV 2.0 term names: https://ref.gs1.org/cbv/BizStep-shipping
    urn_segment: str  # CBV 1.x URNs: urn:epcglobal:cbv:bizstep:shipping
    context_file: str


class Vocabulary(Enum):
    """The CBV vocabularies an EPCIS event draws its words from."""

    BIZ_STEP = _Kind("business step", "BizStep", "bizstep", "cbv-context-bizstep.jsonld")
    DISPOSITION = _Kind("disposition", "Disp", "disp", "cbv-context-disposition.jsonld")
    BIZ_TRANSACTION_TYPE = _Kind(
        "business transaction type", "BTT", "btt", "cbv-context-biztransaction-type.jsonld"
    )
    SOURCE_DESTINATION_TYPE = _Kind(
        "source or destination type", "SDT", "sdt", "cbv-context-sourcedest-type.jsonld"
    )
    ERROR_REASON = _Kind("error reason", "ER", "er", "cbv-context-error-reason.jsonld")

    @property
    def label(self) -> str:
        return self.value.label

    def words(self) -> frozenset[str]:
        """Every word of this vocabulary, as GS1's context defines it."""
        return _words(self)

    def is_word(self, word: str) -> bool:
        return word in self.words()

    def term_of(self, value: str) -> str | None:
        """The CBV word ``value`` names in any of CBV's spellings, or None if it is not CBV's.

        The word itself is not checked: ``https://ref.gs1.org/cbv/BizStep-closing`` gives
        ``closing``, which ``is_word`` then refuses.
        """
        kind = self.value
        for namespace in (CBV_NAMESPACE, "cbv:"):
            if value.startswith(f"{namespace}{kind.term_prefix}-"):
                return value.removeprefix(f"{namespace}{kind.term_prefix}-")
        if value.startswith(f"{_CBV_URN}{kind.urn_segment}:"):
            return value.removeprefix(f"{_CBV_URN}{kind.urn_segment}:")
        if ":" not in value:
            return value
        return None

    def canonical(self, value: str) -> str:
        """One spelling for each meaning: CBV words bare, Cordwainer's words as ``cw:…``."""
        word = self.term_of(value)
        if word is not None:
            return word
        if value.startswith(CW_NAMESPACE):
            return f"{CW_PREFIX}:{value.removeprefix(CW_NAMESPACE)}"
        return value


def words_in_context(context_text: str, term_prefix: str) -> frozenset[str]:
    """The terms a CBV JSON-LD context maps to ``cbv:{term_prefix}-…``."""
    terms = json.loads(context_text)["@context"]
    wanted = f"cbv:{term_prefix}-"
    return frozenset(
        term for term, iri in terms.items() if isinstance(iri, str) and iri.startswith(wanted)
    )


@cache
def _words(vocabulary: Vocabulary) -> frozenset[str]:
    kind = vocabulary.value
    text = files("cordwainer.standards").joinpath("data", kind.context_file).read_text("utf-8")
    return words_in_context(text, kind.term_prefix)


def craft_step(operation_code: str) -> str:
    """The business step of a craft operation in Cordwainer's namespace: ``cw:closing``."""
    return f"{CW_PREFIX}:{quote(operation_code, safe='')}"
