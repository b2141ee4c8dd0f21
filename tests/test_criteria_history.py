"""Versions of an assignment you can compare (issue 23, point 2): Geschiedenis offers the
compare of two versions, and a change of the criteria shows there."""

from proeve.demo.users import DEMO_PASSWORD
import pytest
import re


BANK = "scholen/roc-de-vaart/opdrachtenbank"
FIRST = [
    {
        "code": "W1",
        "title": "Voorbereiden",
        "criteria": [{"id": "W1-1", "text": "Leest de tekening", "crucial": True}],
    }
]
SECOND = [
    {
        "code": "W1",
        "title": "Voorbereiden",
        "criteria": [{"id": "W1-1", "text": "Leest de bouwtekening", "crucial": True}],
    }
]


@pytest.fixture
def sessions(request_factory):
    api = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    page = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    page.headers.update({"Accept": "text/html", "Accept-Language": "nl"})
    return api, page


def changed_assignment(functional_portal, api):
    created = api.post(
        BANK,
        json={
            "@type": "ExamAssignment",
            "title": "Met geschiedenis",
            "crebo": "25451",
            "qualification": "Monteur",
            "qualification_cohort": 2025,
            "kind": "school",
            "work_processes": FIRST,
        },
    )
    assert created.status_code == 201, created.text
    url = created.json()["@id"]
    assert api.patch(url, json={"work_processes": SECOND}).status_code == 204
    return url


def visible(html):
    return re.sub(r"\s+", " ", re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S))


def test_history_compares_criteria_changes(functional_portal, sessions):
    api, page = sessions
    url = changed_assignment(functional_portal, api)
    compare = page.get(f"{url}/@@history", params={"one": "1", "two": "0"})
    assert compare.status_code == 200
    text = visible(compare.text)
    assert "Er zijn geen wijzigingen" not in text
    assert "Werkprocessen en beoordelingscriteria" in text
    assert "W1-1 (cruciaal): Leest de tekening" in text
    assert "W1-1 (cruciaal): Leest de bouwtekening" in text


def test_history_offers_compare(functional_portal, sessions):
    api, page = sessions
    url = changed_assignment(functional_portal, api)
    history = page.get(f"{url}/@@historyview")
    assert history.status_code == 200
    assert "@@history?one=" in history.text


def test_upgrade_1019_makes_assignments_comparable(portal):
    diff_tool = portal.portal_diff
    diff_tool.setDiffForPortalType("ExamAssignment", {})
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1018")
    setup.upgradeProfile("proeve:default", dest="1019")
    assert setup.getLastVersionForProfile("proeve:default") == ("1019",)
    assert diff_tool.getDiffForPortalType("ExamAssignment") == {
        "any": "Compound Diff for Proeve assignments"
    }


def test_old_version_shows_criteria_as_a_table(functional_portal, sessions):
    api, page = sessions
    url = changed_assignment(functional_portal, api)
    old = page.get(f"{url}/versions_history_form", params={"version_id": "0"})
    assert old.status_code == 200
    preview = old.text[old.text.find("version_preview") :]
    assert "proeve-wp-display" in preview
    text = visible(preview)
    assert "W1 Voorbereiden" in text
    assert "W1-1 Leest de tekening cruciaal" in text
    assert '"criteria"' not in preview
    assert "2025" in text
    assert "2.025" not in text
