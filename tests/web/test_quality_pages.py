"""The defect catalogue managed in the app, and the skill matrix."""

from __future__ import annotations

from cordwainer.web import urls
from tests.floor_walk import snapshot
from tests.web.conftest import Site
from tests.web.reading import form_labelled, table, text_of


def test_the_catalogue_lists_each_operations_codes_with_their_severity(site: Site) -> None:
    page = site.client.get(urls.defects())

    assert page.status_code == 200
    rows = table(page.text, "Defect codes of closing")
    assert rows[0] == ["Code", "Description", "Severity", "State", "Retire"]
    assert ["CLS-SKIP", "Skipped or loose stitches", "major", "✓ Current", "Retire"] in rows
    assert len(table(page.text, "Defect codes of metal detection")) == 1 + 3


def test_a_code_is_added_to_an_operation(fresh_site: Site) -> None:
    page = fresh_site.client.get(urls.defects()).text
    form = form_labelled(page, "Add the code")

    added = fresh_site.client.post(
        form.action,
        data={
            "operation": "closing",
            "code": "cls-tension",
            "description": "  Thread tension too tight:   puckered seam ",
            "severity": "minor",
        },
    )

    assert added.status_code == 200
    assert "✓ Defect code CLS-TENSION added." in text_of(added.text)
    rows = table(added.text, "Defect codes of closing")
    assert [
        "CLS-TENSION",
        "Thread tension too tight: puckered seam",
        "minor",
        "✓ Current",
        "Retire",
    ] in rows


def test_a_taken_or_malformed_code_is_refused_and_the_form_kept(fresh_site: Site) -> None:
    before = snapshot(fresh_site.db)
    taken = fresh_site.client.post(
        urls.defects(),
        data={
            "operation": "closing",
            "code": "CLS-SKIP",
            "description": "Again",
            "severity": "major",
        },
    )
    malformed = fresh_site.client.post(
        urls.defects(),
        data={"operation": "closing", "code": "bad code!", "description": "x", "severity": "major"},
    )

    assert taken.status_code == 409
    assert "Defect code CLS-SKIP already exists; choose another code." in text_of(taken.text)
    assert malformed.status_code == 422
    assert "'bad code!' is not a defect code" in text_of(malformed.text)
    assert 'value="bad code!"' in malformed.text
    assert snapshot(fresh_site.db) == before


def test_a_retired_code_stays_listed_as_retired(fresh_site: Site) -> None:
    retired = fresh_site.client.post(urls.defect_retire("FIN-LACE"))
    again = fresh_site.client.post(urls.defect_retire("FIN-LACE"))

    assert "✓ Defect code FIN-LACE retired." in text_of(retired.text)
    row = next(r for r in table(retired.text, "Defect codes of finishing") if r[0] == "FIN-LACE")
    assert row[3].startswith("✗ Retired")
    assert row[4] == ""
    assert again.status_code == 409
    assert "Defect code FIN-LACE is already retired." in text_of(again.text)


def test_the_skill_matrix_shows_levels_in_words_and_signs(site: Site) -> None:
    page = site.client.get(urls.skills())

    assert page.status_code == 200
    rows = table(page.text, "48 people against 10 operations")
    header = rows[0]
    assert header[:3] == ["Person", "Clicking", "Preparation"]
    ellie = next(row for row in rows if row[0].startswith("Ellie Birkett"))
    assert ellie[header.index("Closing")] == "○ trainee"
    anne = next(row for row in rows if row[0].startswith("Anne Crosthwaite"))
    assert anne[0] == "Anne Crosthwaite B1045 ★ supervisor"
    assert anne[header.index("Final inspection")] == "★ expert"
    assert anne[header.index("Finishing")] == "✓ qualified"
    assert anne[header.index("Boxing")] == "none"
    trainees = next(row for row in rows if row[0] == "Trainees")
    assert trainees[header.index("Closing")] == "2"
