"""Who may do what in an exam bank, and finding its assignments (issue 23, points 5 and 6),
on every channel: the pages, REST GET/PATCH/POST and @search."""

from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.protect.authenticator import createToken
from proeve.demo.users import DEMO_PASSWORD
from proeve.upgrades.v1018 import finding_assignments
from zope.i18n import translate
import pytest
import re
import transaction


NATIONAL_BANK = "examenbank"
NATIONAL_DRAFT = f"{NATIONAL_BANK}/concept-landelijk"
SCHOOL_BANK = "scholen/roc-de-vaart/opdrachtenbank"
SCHOOL_DRAFT = f"{SCHOOL_BANK}/concept-school"
CRITERIA = [
    {
        "code": "B1-K1-W1",
        "title": "Bereidt de werkzaamheden voor",
        "criteria": [{"id": "W1-1", "text": "Controleert de tekeningen", "crucial": True}],
    }
]
NEW_ASSIGNMENT = {
    "@type": "ExamAssignment",
    "title": "Nieuwe opdracht",
    "crebo": "25451",
    "qualification": "Eerste monteur",
    "qualification_cohort": 2025,
    "work_processes": CRITERIA,
}


def draft(container, obj_id, kind, crebo):
    return createContentInContainer(
        container,
        "ExamAssignment",
        checkConstraints=False,
        id=obj_id,
        title=f"Concept {obj_id}",
        crebo=crebo,
        qualification="Eerste monteur",
        qualification_cohort=2025,
        kind=kind,
        work_processes=CRITERIA,
    )


@pytest.fixture
def site(functional_portal):
    draft(functional_portal[NATIONAL_BANK], "concept-landelijk", "national", "25999")
    draft(functional_portal.unrestrictedTraverse(SCHOOL_BANK), "concept-school", "school", "25998")
    transaction.commit()
    return functional_portal


@pytest.fixture
def as_(site, request_factory):
    def make(login, api=True):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)
        if not api:
            session.headers["Accept"] = "text/html"
        return session

    return make


def refused_page(response):
    """Plone's own refusal: a 4xx, or its page for insufficient privileges or the login."""
    return 400 <= response.status_code < 500 or re.search(
        "insufficient-privileges|require_login|login", response.url
    )


def found(response):
    assert response.status_code == 200, response.text
    return {item["@id"].split("/")[-1] for item in response.json()["items"]}


# -- point 6: who may do what ---------------------------------------------------------------


@pytest.mark.parametrize("login", ["beheer-noorder", "beheer-vaart", "docent-noorder"])
def test_a_national_draft_is_the_platforms_only(as_, login):
    assert as_(login).get(NATIONAL_DRAFT).status_code in (401, 403)
    page = as_(login, api=False).get(NATIONAL_DRAFT)
    assert refused_page(page)
    assert "Concept concept-landelijk" not in page.text
    assert "concept-landelijk" not in found(as_(login).get("@search", params={"crebo": "25999"}))
    assert "concept-landelijk" not in as_(login, api=False).get(NATIONAL_BANK).text
    # What is vastgesteld stays theirs to read.
    assert as_(login).get(f"{NATIONAL_BANK}/eerste-monteur-installatie-woning").status_code == 200


def test_the_platform_reads_and_finds_its_draft(as_):
    platform = as_("platformbeheer")
    assert platform.get(NATIONAL_DRAFT).status_code == 200
    assert "concept-landelijk" in found(platform.get("@search", params={"crebo": "25999"}))


def test_a_supervisor_edits_a_school_draft_on_every_channel(as_, site):
    supervisor = as_("docent-vaart")
    response = supervisor.patch(SCHOOL_DRAFT, json={"title": "Bijgewerkt door de docent"})
    assert response.status_code == 204, response.text
    page = as_("docent-vaart", api=False)
    form = page.get(f"{SCHOOL_DRAFT}/@@edit")
    assert form.status_code == 200
    with api.env.adopt_user(username="docent-vaart"):
        token = createToken()
    saved = page.post(
        f"{SCHOOL_DRAFT}/@@edit",
        data={
            "form.widgets.IBasic.title": "Bewerkt in het formulier",
            "form.widgets.crebo": "25998",
            "form.widgets.qualification": "Eerste monteur",
            "form.widgets.qualification_cohort": "2025",
            "form.widgets.kind:list": "school",
            "form.widgets.kind-empty-marker": "1",
            "form.widgets.work_processes": '[{"code": "W1", "title": "A", '
            '"criteria": [{"id": "c1", "text": "x"}]}]',
            "form.buttons.save": "Opslaan",
            "_authenticator": token,
        },
    )
    assert saved.status_code == 200
    transaction.begin()
    assert site.unrestrictedTraverse(SCHOOL_DRAFT).Title() == "Bewerkt in het formulier"


@pytest.mark.parametrize("login", ["examencie-vaart", "docent-noorder"])
def test_who_may_not_edit_gets_no_form(as_, login):
    page = as_(login, api=False).get(f"{SCHOOL_DRAFT}/@@edit")
    assert refused_page(page)
    assert 'name="form.buttons.save"' not in page.text
    assert as_(login).patch(SCHOOL_DRAFT, json={"title": "x"}).status_code in (401, 403)


def test_a_school_bank_holds_no_national_assignment(as_, site):
    admin = as_("beheer-vaart")
    refused = admin.post(SCHOOL_BANK, json={**NEW_ASSIGNMENT, "kind": "national"})
    assert refused.status_code == 400, refused.text
    assert "opdrachtenbank van een school alleen" in refused.json()["error"]["message"]
    assert admin.patch(SCHOOL_DRAFT, json={"kind": "national"}).status_code == 400
    assert admin.post(SCHOOL_BANK, json={**NEW_ASSIGNMENT, "kind": "school"}).status_code == 201
    form = as_("beheer-vaart", api=False).get(f"{SCHOOL_BANK}/++add++ExamAssignment").text
    assert "Vastgestelde schoolopdracht" in form
    assert "Landelijk vastgesteld" not in form
    transaction.begin()
    assert site.unrestrictedTraverse(SCHOOL_DRAFT).kind == "school"


def test_the_national_bank_holds_national_assignments_only(as_):
    platform = as_("platformbeheer")
    refused = platform.post(NATIONAL_BANK, json={**NEW_ASSIGNMENT, "kind": "school"})
    assert refused.status_code == 400, refused.text
    national = platform.post(NATIONAL_BANK, json={**NEW_ASSIGNMENT, "kind": "national"})
    assert national.status_code == 201, national.text
    # Without a kind, the bank's own: national here, school in a school's bank.
    unnamed = platform.post(NATIONAL_BANK, json=NEW_ASSIGNMENT)
    assert unnamed.status_code == 201, unnamed.text
    assert platform.get(unnamed.json()["@id"]).json()["kind"]["token"] == "national"
    form = as_("platformbeheer", api=False).get(f"{NATIONAL_BANK}/++add++ExamAssignment").text
    assert "Landelijk vastgesteld" in form
    assert "Vastgestelde schoolopdracht" not in form


# -- point 5: finding assignments ------------------------------------------------------------


def test_search_filters_on_crebo_cohort_and_kind(as_):
    platform = as_("platformbeheer")
    assert found(platform.get("@search", params={"crebo": "25998"})) == {"concept-school"}
    by_cohort = found(platform.get("@search", params={"qualification_cohort": "2025"}))
    assert by_cohort == {"concept-school", "concept-landelijk"}
    by_kind = found(
        platform.get("@search", params={"kind": "school", "portal_type": "ExamAssignment"})
    )
    assert "concept-school" in by_kind
    assert "concept-landelijk" not in by_kind


def test_site_search_finds_a_crebo(as_):
    results = found(as_("platformbeheer").get("@search", params={"SearchableText": "25999"}))
    assert results == {"concept-landelijk"}
    page = as_("platformbeheer", api=False).get("@@search", params={"SearchableText": "25999"})
    assert "concept-landelijk" in page.text


def test_crebo_is_indexed_for_assignments_only(site):
    catalog = site.portal_catalog
    types = {b.portal_type for b in catalog.unrestrictedSearchResults(crebo="25451")}
    assert types == {"ExamAssignment"}


def test_the_bank_page_lists_crebo_cohort_kind_and_state_in_dutch(as_):
    page = as_("beheer-vaart", api=False).get(SCHOOL_BANK).text
    row = re.search(r'<tr data-item="concept-school"[^>]*>(.*?)</tr>', page, re.S).group(1)
    assert "25998" in row
    assert "2025" in row
    assert "Vastgestelde schoolopdracht" in row
    assert "Concept" in row
    assert "draft" not in row
    established = re.search(r'<tr data-item="meterkast-vervangen"[^>]*>(.*?)</tr>', page, re.S)
    assert "Vastgesteld" in established.group(1)


def test_the_bank_page_filters_by_crebo_cohort_and_state(as_):
    page = as_("platformbeheer", api=False)

    def rows(**params):
        text = page.get(NATIONAL_BANK, params=params).text
        return set(re.findall(r'<tr data-item="([^"]+)"', text))

    assert rows(crebo="25999") == {"concept-landelijk"}
    assert rows(state="draft") == {"concept-landelijk"}
    assert "concept-landelijk" not in rows(state="established")
    assert rows(cohort="2025") == {"concept-landelijk"}
    assert rows(cohort="geen jaar") == set()


@pytest.mark.parametrize(
    ("login", "bank"), [("platformbeheer", NATIONAL_BANK), ("beheer-vaart", SCHOOL_BANK)]
)
def test_each_editors_dashboard_links_to_the_bank_page(as_, login, bank):
    dashboard = as_(login, api=False).get("@@dashboard").text
    assert f'/{bank}"' in dashboard


def test_plones_contents_view_names_the_states_in_dutch(site):
    """folder_contents translates a state id in the plone domain."""
    titles = {
        state: translate(state, domain="plone", target_language="nl", context=site.REQUEST)
        for state in ("draft", "established")
    }
    assert titles == {"draft": "Concept", "established": "Vastgesteld"}


def test_the_upgrade_adds_and_fills_the_indexes_for_assignments_only(site):
    catalog = site.portal_catalog
    for name in ("crebo", "qualification_cohort", "kind"):
        catalog.delIndex(name)
        catalog.delColumn(name)
    finding_assignments(site.portal_setup)
    found = catalog.unrestrictedSearchResults(crebo="25451")
    assert {b.portal_type for b in found} == {"ExamAssignment"}
    assert {b.kind for b in found} == {"national", "school"}
    assert catalog.unrestrictedSearchResults(qualification_cohort="2025", kind="national")
