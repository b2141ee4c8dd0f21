"""The page of an exam group and its import wizard: what each person is offered."""

from proeve import PROFILE_ID
from proeve.demo.users import DEMO_PASSWORD
import pytest


GROUP = "scholen/roc-de-vaart/mei-2024-25451"


@pytest.fixture
def page(request_factory):
    def get(login, path=GROUP):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
        return session.get(path, headers={"Accept": "text/html", "Accept-Language": "nl"})

    return get


def refused(response):
    return response.status_code in (401, 403) or "insufficient-privileges" in response.url


def test_group_page_is_the_default_view(page):
    html = page("docent-vaart").text
    assert 'id="proeve-group"' in html
    for name in ("Sanne de Vries", "Gijs Mulder"):
        assert name in html
    assert "Afgesloten" in html  # Gijs's PvB phase
    assert "Ter vaststelling" in html  # Daan's


def test_supervisor_gets_bulk_actions_import_and_export(page):
    html = page("docent-vaart").text
    assert 'id="select-all"' in html
    assert html.count('class="form-check-input candidate-select"') == 6
    assert 'id="bulk-assignment"' in html
    assert "@@group-export" in html
    assert "@@import-candidates" in html
    assert "@@results-export" not in html  # results are for the exam committee and admin


def test_exam_committee_reads_but_does_not_create(page):
    html = page("examencie-vaart").text
    assert 'id="select-all"' not in html
    assert "@@import-candidates" not in html
    assert "@@results-export" in html
    assert "@@group-export" in html


def test_school_admin_gets_everything(page):
    html = page("beheer-vaart").text
    assert 'id="select-all"' in html
    assert "@@results-export" in html


def test_other_school_cannot_reach_the_group_or_its_wizard(page):
    for path in (GROUP, f"{GROUP}/@@import-candidates"):
        response = page("beheer-noorder", path)
        assert refused(response), path
        assert "Sanne de Vries" not in response.text


def test_import_wizard_page(page):
    html = page("docent-vaart", f"{GROUP}/@@import-candidates").text
    assert "Kandidaten importeren" in html
    assert "@@import-template" in html
    assert 'for="import-file"' in html
    assert refused(page("examencie-vaart", f"{GROUP}/@@import-candidates"))


def test_english_texts(request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    headers = {"Accept": "text/html", "Accept-Language": "en"}
    html = session.get(GROUP, headers=headers).text
    assert "Create PvBs" in html
    html = session.get("@@dashboard", headers=headers).text
    assert "My overview" in html


def test_upgrade_1003_makes_the_group_page_the_default(portal):
    from plone import api

    types = portal.portal_types
    types["ExamGroup"].default_view = "view"
    types["ExamGroup"].view_methods = ("view",)
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1002")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID)
    assert setup.listUpgrades(PROFILE_ID) == []
    assert types["ExamGroup"].default_view == "group-view"
    assert portal.portal_actions.portal_tabs["proeve-dashboard"].visible


def test_the_bulk_form_offers_the_content_checker_where_the_school_checks_content(
    page, request_factory
):
    html = page("docent-vaart").text
    assert 'id="bulk-establisher"' in html
    assert 'id="bulk-content_checker"' not in html  # this school does not check content
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    setting = admin.patch("scholen/roc-de-vaart", json={"content_check_required": True})
    assert setting.status_code == 204
    html = page("docent-vaart").text
    field = html.split('for="bulk-content_checker"', 1)[1].split("</select>", 1)[0]
    assert "Inhoudelijk vaststeller" in field
    assert 'name="content_checker"' in field
    assert 'value="vaststeller-vaart"' in field
    assert 'value="beoordelaar-1"' not in field  # only the vaststellers' pool
