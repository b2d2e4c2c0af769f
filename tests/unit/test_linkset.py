"""The links a pair's Digital Link resolves to, by GS1 link type, and the linkset of them all."""

from __future__ import annotations

import pytest

from cordwainer.domain.passport import Maker
from cordwainer.standards import linkset
from cordwainer.standards.countries import country_name

LINK = "https://id.cordwainer.example/01/05012345000817/21/000000042"


@pytest.mark.parametrize(
    ("asked", "curie"),
    [
        ("gs1:careInstructions", "gs1:careInstructions"),
        ("https://gs1.org/voc/careInstructions", "gs1:careInstructions"),
        ("https://ref.gs1.org/voc/pip", "gs1:pip"),
        (" gs1:dpp ", "gs1:dpp"),
        ("gs1:defaultLink", "gs1:pip"),
        ("gs1:defaultLinkMulti", "gs1:pip"),
    ],
)
def test_a_link_type_is_found_by_its_curie_or_its_uri(asked: str, curie: str) -> None:
    found = linkset.link_type(asked)

    assert found is not None
    assert found.curie == curie


@pytest.mark.parametrize("asked", ["gs1:recipeInfo", "careInstructions", "", "schema:url"])
def test_a_link_type_the_pair_has_not_is_none(asked: str) -> None:
    assert linkset.link_type(asked) is None


def test_sections_are_fragments_of_the_page_and_the_passport_a_query() -> None:
    care = linkset.link_type("gs1:careInstructions")
    assert care is not None

    assert care.href(LINK) == f"{LINK}#care"
    assert linkset.PAGE.href(LINK) == LINK
    assert linkset.PASSPORT_DATA.href(LINK) == f"{LINK}?linkType=gs1:dpp"
    assert linkset.served()[-1] == "linkset"
    assert linkset.is_whole_linkset("all")
    assert linkset.is_whole_linkset("linkset")
    assert not linkset.is_whole_linkset("gs1:pip")


def test_the_linkset_names_the_pair_and_every_link_with_its_type() -> None:
    (links,) = linkset.linkset(LINK, "991v2 Soft pink, UK 8 2E")["linkset"]

    assert links["anchor"] == LINK
    assert links["itemDescription"] == "991v2 Soft pink, UK 8 2E"
    assert links["https://gs1.org/voc/defaultLink"][0]["href"] == LINK
    assert links["https://gs1.org/voc/dpp"][0]["type"] == "application/ld+json"
    assert len(links) == 2 + 1 + len(linkset.LINK_TYPES)


def test_a_country_is_named_and_an_unknown_code_given_back() -> None:
    assert country_name("it") == "Italy"
    assert country_name("XX") == "XX"


def test_a_maker_without_consent_is_thanked_by_craft_and_experience() -> None:
    assert (
        Maker(None, ("closer", "inspector"), 3).described == "an experienced closer and inspector"
    )
    assert Maker(None, ("laster",), 2).described == "a skilled laster"
    assert Maker(None, ("clicker",), 1).described == "an apprentice clicker"
    assert Maker(None, ("packer",), 7).described == "a skilled packer"
    assert Maker("Sue", ("clicker",), 1).described == "Sue, clicker"
