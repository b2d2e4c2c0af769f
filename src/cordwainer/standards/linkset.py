"""What a pair's Digital Link resolves to: GS1 link types, and the linkset that lists them.

Cordwainer is its own GS1-Conformant resolver for the pairs it makes: a Digital Link
``/01/{gtin}/21/{serial}`` answers with the pair's passport page, and ``?linkType=``
asks for another of the pair's links. Each link type is a GS1 Web Vocabulary term,
written as a CURIE (``gs1:careInstructions``) or in full
(``https://gs1.org/voc/careInstructions``); ``linkType=linkset`` (or the older
``all``) asks for every link at once, as an RFC 9264 linkset in JSON.

Most links are sections of the passport page (``#care``); the digital product passport
(``gs1:dpp``) is the JSON-LD served at the same Digital Link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GS1_VOCABULARY = "https://gs1.org/voc/"
GS1_VOCABULARY_NEW = "https://ref.gs1.org/voc/"
LINKSET_MEDIA_TYPE = "application/linkset+json"
JSON_LD = "application/ld+json"
HTML = "text/html"
LANGUAGE = "en-GB"
WHOLE_LINKSET = frozenset({"linkset", "all"})


@dataclass(frozen=True, slots=True)
class LinkType:
    """A GS1 link type the resolver serves for a pair, and where it leads."""

    curie: str
    title: str
    section: str | None = None  # the passport page's fragment; None for the whole page
    media_type: str = HTML

    @property
    def uri(self) -> str:
        return GS1_VOCABULARY + self.curie.removeprefix("gs1:")

    @property
    def is_page(self) -> bool:
        return self.media_type == HTML

    def href(self, digital_link: str) -> str:
        """Where this link of the pair at ``digital_link`` is."""
        if not self.is_page:
            return f"{digital_link}?linkType={self.curie}"
        return f"{digital_link}#{self.section}" if self.section else digital_link


PAGE = LinkType("gs1:pip", "The pair's passport: its story, from the hide to the box")
PASSPORT_DATA = LinkType(
    "gs1:dpp", "Digital product passport (UNTP DPP 0.7.0, JSON-LD)", media_type=JSON_LD
)
LINK_TYPES = (
    PAGE,
    PASSPORT_DATA,
    LinkType(
        "gs1:certificationInfo",
        "Where its materials came from, and their certificates",
        "materials",
    ),
    LinkType("gs1:traceability", "How it was made, step by step, with dates", "journey"),
    LinkType("gs1:careInstructions", "Care and repair", "care"),
    LinkType(
        "gs1:sustainabilityInfo", "What it is made of, and how to end its life well", "composition"
    ),
)
# Asked for by name, the default link is the page.
ALIASES = {"gs1:defaultLink": PAGE, "gs1:defaultLinkMulti": PAGE}


def curie_of(name: str) -> str:
    """``https://gs1.org/voc/pip`` and ``https://ref.gs1.org/voc/pip`` → ``gs1:pip``."""
    for namespace in (GS1_VOCABULARY, GS1_VOCABULARY_NEW):
        if name.startswith(namespace):
            return "gs1:" + name.removeprefix(namespace)
    return name


def is_whole_linkset(name: str) -> bool:
    return name in WHOLE_LINKSET


def link_type(name: str) -> LinkType | None:
    """The link type asked for by ``name`` (a CURIE or a full URI), or None if not served."""
    curie = curie_of(name.strip())
    return ALIASES.get(curie) or next((lt for lt in LINK_TYPES if lt.curie == curie), None)


def served() -> tuple[str, ...]:
    """The link types a pair's Digital Link answers, as CURIEs, then the whole linkset."""
    return (*(lt.curie for lt in LINK_TYPES), "linkset")


def _target(link: LinkType, digital_link: str) -> dict[str, Any]:
    return {
        "href": link.href(digital_link),
        "title": link.title,
        "type": link.media_type,
        "hreflang": [LANGUAGE],
    }


def linkset(digital_link: str, item_description: str) -> dict[str, Any]:
    """Every link of the pair at ``digital_link``, as an RFC 9264 JSON linkset.

    Relation types are GS1 Web Vocabulary URIs; ``gs1:defaultLink`` names the page a
    resolver sends a person to when they ask for nothing in particular.
    """
    links: dict[str, Any] = {
        "anchor": digital_link,
        "itemDescription": item_description,
        GS1_VOCABULARY + "defaultLink": [_target(PAGE, digital_link)],
    }
    for link in LINK_TYPES:
        links[link.uri] = [_target(link, digital_link)]
    return {"linkset": [links]}
