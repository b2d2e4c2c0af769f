"""The resolver: a pair's Digital Link gives its page, its UNTP passport or another link."""

from __future__ import annotations

import re

import pytest

from cordwainer.web import urls
from cordwainer.web.routes.passport import preferred
from tests.untp import dpp_problems
from tests.web.conftest import Site
from tests.web.reading import text_of

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RESOLVER = "https://id.cordwainer.example"


@pytest.fixture(scope="module")
def pair(public_site: Site) -> tuple[str, str]:
    gtin, serial = public_site.rows(
        "SELECT gtin, serial FROM pairs WHERE status IN ('boxed', 'shipped') ORDER BY serial"
    )[0]
    return gtin, serial


@pytest.fixture(scope="module")
def page_ids(public_site: Site, pair: tuple[str, str]) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', public_site.client.get(urls.passport(*pair)).text))


@pytest.mark.parametrize("accept", ["application/ld+json", "application/json"])
def test_asked_for_json_the_digital_link_gives_a_untp_passport_that_validates(
    public_site: Site, pair: tuple[str, str], accept: str
) -> None:
    response = public_site.client.get(urls.passport(*pair), headers={"Accept": accept})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    assert "Accept" in response.headers["vary"].split(", ")
    document = response.json()
    assert dpp_problems(document) == []
    subject = document["credentialSubject"]
    gtin, serial = pair
    assert subject["id"] == f"{RESOLVER}/01/{gtin}/21/{serial}"
    assert subject["itemNumber"] == serial
    assert subject["idGranularity"] == "item"
    assert subject["producedAtFacility"]["registeredId"] == public_site.value(
        "SELECT gln FROM sites"
    )
    assert subject["relatedParty"][0]["role"] == "manufacturer"
    assert subject["countryOfProduction"]["countryCode"] == "GB"
    assert {m["originCountry"]["countryCode"] for m in subject["materialProvenance"]} >= {"IT"}
    assert subject["characteristics"]["careAndRepair"]
    assert subject["characteristics"]["recyclability"]


def test_a_browser_gets_the_page_and_is_told_where_the_other_links_are(
    public_site: Site, pair: tuple[str, str]
) -> None:
    response = public_site.client.get(urls.passport(*pair), headers={"Accept": BROWSER})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Accept" in response.headers["vary"].split(", ")
    link = response.headers["link"]
    assert f'<{urls.passport(*pair)}?linkType=linkset>; rel="linkset"' in link
    assert 'rel="describedby"; type="application/ld+json"' in link


@pytest.mark.parametrize(
    ("link_type", "section"),
    [
        ("gs1:careInstructions", "care"),
        ("gs1:sustainabilityInfo", "composition"),
        ("gs1:certificationInfo", "materials"),
        ("gs1:traceability", "journey"),
        ("https://gs1.org/voc/careInstructions", "care"),
        ("https://ref.gs1.org/voc/sustainabilityInfo", "composition"),
        ("gs1:pip", None),
        ("gs1:defaultLink", None),
    ],
)
def test_a_link_type_redirects_to_its_section_of_the_page(
    public_site: Site,
    pair: tuple[str, str],
    page_ids: set[str],
    link_type: str,
    section: str | None,
) -> None:
    response = public_site.client.get(
        urls.passport(*pair), params={"linkType": link_type}, follow_redirects=False
    )

    assert response.status_code == 307
    expected = urls.passport(*pair) + (f"#{section}" if section else "")
    assert response.headers["location"] == expected
    if section:
        assert section in page_ids


def test_the_passport_link_type_gives_the_json_ld_even_to_a_browser(
    public_site: Site, pair: tuple[str, str]
) -> None:
    response = public_site.client.get(
        urls.passport(*pair), params={"linkType": "gs1:dpp"}, headers={"Accept": BROWSER}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    assert response.json()["type"] == ["DigitalProductPassport", "VerifiableCredential"]


@pytest.mark.parametrize(
    ("params", "accept"),
    [
        ({"linkType": "linkset"}, BROWSER),
        ({"linkType": "all"}, BROWSER),
        ({}, "application/linkset+json"),
    ],
)
def test_every_link_of_the_pair_comes_as_one_linkset(
    public_site: Site,
    pair: tuple[str, str],
    page_ids: set[str],
    params: dict[str, str],
    accept: str,
) -> None:
    response = public_site.client.get(
        urls.passport(*pair), params=params, headers={"Accept": accept}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/linkset+json")
    body = response.json()
    assert list(body) == ["linkset"]
    (links,) = body["linkset"]
    anchor = f"{RESOLVER}/01/{pair[0]}/21/{pair[1]}"
    assert links["anchor"] == anchor
    relations = {key for key in links if key.startswith("https://")}
    assert relations >= {
        "https://gs1.org/voc/defaultLink",
        "https://gs1.org/voc/pip",
        "https://gs1.org/voc/dpp",
        "https://gs1.org/voc/careInstructions",
        "https://gs1.org/voc/sustainabilityInfo",
    }
    for relation in relations:
        for target in links[relation]:
            assert set(target) == {"href", "title", "type", "hreflang"}
            assert target["href"].startswith(anchor)
            assert target["hreflang"] == ["en-GB"]
            fragment = target["href"].partition("#")[2]
            assert not fragment or fragment in page_ids
    assert links["https://gs1.org/voc/dpp"][0]["type"] == "application/ld+json"


def test_an_unknown_link_type_is_a_404_that_lists_the_links_there_are(
    public_site: Site, pair: tuple[str, str]
) -> None:
    as_json = public_site.client.get(
        urls.passport(*pair),
        params={"linkType": "gs1:recipeInfo"},
        headers={"Accept": "application/json"},
    )
    as_page = public_site.client.get(
        urls.passport(*pair), params={"linkType": "gs1:recipeInfo"}, headers={"Accept": BROWSER}
    )

    assert as_json.status_code == 404
    assert as_json.headers["content-type"].startswith("application/problem+json")
    problem = as_json.json()
    assert problem["code"] == "link_type_not_found"
    assert "gs1:careInstructions" in problem["details"]["link_types"]
    assert as_page.status_code == 404
    assert "This pair has no link of type 'gs1:recipeInfo'." in text_of(as_page.text)


def test_an_unknown_pair_is_a_404_problem_when_json_is_asked_for(public_site: Site) -> None:
    response = public_site.client.get(
        "/01/05012345000817/21/999999999", headers={"Accept": "application/ld+json"}
    )

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "pair_not_found"
    assert response.json()["detail"].startswith("No pair 999999999 of GTIN 05012345000817")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/01/05012345000817", "missing_serial"),
        ("/01/05012345000818/21/000000001", "invalid_gtin"),
        ("/01/05012345000817/21/0000000000000000000001", "invalid_serial"),
        ("/01/05012345000817/10/LOT1/22/X/21/1", "unexpected_segment"),
    ],
)
def test_an_invalid_digital_link_is_refused_with_the_reason(
    public_site: Site, path: str, reason: str
) -> None:
    response = public_site.client.get(path, headers={"Accept": "application/json"})

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "invalid_digital_link"
    assert problem["details"]["reason"] == reason
    assert "is not a GS1 Digital Link to a pair" in problem["detail"]


def test_a_gtin_13_and_a_lot_qualifier_resolve_to_the_same_pair(
    public_site: Site, pair: tuple[str, str]
) -> None:
    gtin, serial = pair
    short = public_site.client.get(
        f"/01/{gtin[1:]}/21/{serial}", headers={"Accept": "application/ld+json"}
    )
    with_lot = public_site.client.get(
        f"/01/{gtin}/10/ANY/21/{serial}", headers={"Accept": "application/ld+json"}
    )

    assert short.status_code == with_lot.status_code == 200
    assert short.json()["credentialSubject"]["id"] == f"{RESOLVER}/01/{gtin}/21/{serial}"
    assert with_lot.json() == short.json()


def test_head_answers_like_get_without_a_body(public_site: Site, pair: tuple[str, str]) -> None:
    response = public_site.client.head(urls.passport(*pair))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.content == b""


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("", "text/html"),
        ("*/*", "text/html"),
        (BROWSER, "text/html"),
        ("application/ld+json", "application/ld+json"),
        ("application/ld+json, text/html;q=0.5", "application/ld+json"),
        ("text/html;q=0.2, application/*;q=0.9", "application/ld+json"),
        ("application/json", "application/json"),
        ("application/linkset+json", "application/linkset+json"),
        ("text/html;q=0, application/ld+json;q=0.1", "application/ld+json"),
        ("image/png", "text/html"),
        ("application/ld+json;q=oops", "text/html"),
    ],
)
def test_accept_headers_are_read_with_their_qualities(accept: str, chosen: str) -> None:
    assert preferred(accept) == chosen
