"""The koppeling (SchoolIntegration): a school's student information system imports candidates
and reads results of that school over the REST API with a JWT, and can do nothing else."""

from AccessControl import getSecurityManager
from io import BytesIO
from openpyxl import load_workbook
from plone import api
from proeve import PROFILE_ID
from proeve.demo.users import DEMO_PASSWORD
import base64
import pytest
import transaction


INTEGRATION = "koppeling-vaart"
SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001"
GIJS_PVB = f"{GROUP}/kandidaat-0006/pvb-demo"
OTHER_SCHOOL = "scholen/noorderlicht-college"
OTHER_GROUP = f"{OTHER_SCHOOL}/koude-2023-25462"
CSV = b"studentcode;voornaam;achternaam;e-mail\n710001;Ilse;IJssel;ilse@example.org\n"


def login(request_factory, userid=INTEGRATION):
    """A session that carries a plone.restapi JWT, as an integration would."""
    anon = request_factory(role="Anonymous")
    response = anon.post("@login", json={"login": userid, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    session = request_factory(role="Anonymous")
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def import_csv(session, group=GROUP, data=CSV):
    return session.post(
        f"{group}/@import-candidates",
        json={"file": base64.b64encode(data).decode(), "filename": "kandidaten.csv"},
    )


def student_codes(portal, group=GROUP):
    transaction.begin()
    return {
        o.student_code
        for o in portal.unrestrictedTraverse(group).objectValues()
        if o.portal_type == "Candidate"
    }


@pytest.fixture
def koppeling(request_factory):
    return login(request_factory)


class TestWithBearerToken:
    def test_reads_the_results_of_its_school(self, functional_portal, koppeling):
        response = koppeling.get(f"{SCHOOL}/@school-results")
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["items_total"] == 1
        item = data["items"][0]
        assert item["student_code"] == "100236"
        assert item["result"] == "passed"
        assert item["crebo"] == "25451"
        assert item["group"] == "mei-2024-25451"
        assert item["result_date"]
        # Results only: no names, assessments or evidence.
        assert "Mulder" not in response.text
        assert "motivation" not in response.text
        groups = {g["id"]: g for g in data["groups"]}
        assert groups["mei-2024-25451"]["can_import"] is True

    def test_imports_candidates_into_its_school(self, functional_portal, koppeling):
        template = koppeling.get(
            f"{functional_portal.absolute_url()}/{GROUP}/@@import-template",
        )
        assert template.status_code == 200
        header = next(load_workbook(BytesIO(template.content)).active.iter_rows(values_only=True))
        assert header[0] == "studentcode"

        response = import_csv(koppeling)
        assert response.status_code == 201, response.text
        assert response.json()["create"] == 1
        assert "710001" in student_codes(functional_portal)
        # A second run of the same file changes nothing.
        again = import_csv(koppeling)
        assert again.json()["unchanged"] == 1

    def test_the_excel_results_export(self, functional_portal, koppeling):
        response = koppeling.get(f"{functional_portal.absolute_url()}/{SCHOOL}/@@results-export")
        assert response.status_code == 200
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
        assert [r[1] for r in rows[1:]] == ["100236"]

    def test_without_the_token_nothing(self, request_factory):
        anon = request_factory(role="Anonymous")
        assert anon.get(f"{SCHOOL}/@school-results").status_code == 401
        assert import_csv(anon).status_code == 401
        bad = request_factory(role="Anonymous")
        bad.headers["Authorization"] = "Bearer not-a-token"
        assert bad.get(f"{SCHOOL}/@school-results").status_code == 401


class TestNothingElse:
    def test_not_another_school(self, functional_portal, koppeling):
        before = student_codes(functional_portal, OTHER_GROUP)
        assert koppeling.get(f"{OTHER_SCHOOL}/@school-results").status_code == 401
        assert import_csv(koppeling, OTHER_GROUP).status_code == 401
        assert student_codes(functional_portal, OTHER_GROUP) == before

    @pytest.mark.parametrize(
        "path",
        [
            SCHOOL,
            GROUP,
            SANNE,
            f"{SANNE}/pvb-demo",
            GIJS_PVB,
            f"{GIJS_PVB}/@dossier",
            f"{GIJS_PVB}/@journal",
            f"{SCHOOL}/@school-roster",
            f"{SCHOOL}/@retention-report",
            f"{SANNE}/@access-report",
            f"{SCHOOL}/opdrachtenbank",
        ],
    )
    def test_sees_no_dossier(self, koppeling, path):
        assert koppeling.get(path).status_code == 401, path

    def test_sees_no_evidence(self, functional_portal, koppeling):
        pvb = functional_portal.unrestrictedTraverse(f"{GROUP}/kandidaat-0004/pvb-demo")
        evidence = [o for o in pvb.objectValues() if o.portal_type == "Evidence"][0]
        path = "/".join(evidence.getPhysicalPath()[2:])
        assert koppeling.get(path).status_code == 401
        page = koppeling.get(
            f"{functional_portal.absolute_url()}/{path}/@@download", allow_redirects=False
        )
        assert page.status_code in (302, 401, 403)

    def test_search_finds_nothing_of_the_school(self, koppeling):
        response = koppeling.get("@search", params={"path": "/plone/scholen", "b_size": 500})
        assert response.status_code == 200
        assert {i["@type"] for i in response.json()["items"]} <= {"SchoolsFolder"}

    def test_cannot_act_on_a_pvb(self, functional_portal, koppeling):
        pvb_path = f"{SANNE}/pvb-demo"
        transaction.begin()
        pvb = functional_portal.unrestrictedTraverse(pvb_path)
        before = (pvb.modified(), api.content.get_state(pvb), pvb.exam_location)
        attempts = [
            koppeling.post(f"{pvb_path}/@approve", json={"content_hash": "x"}),
            koppeling.post(f"{pvb_path}/@workflow/submit"),
            koppeling.patch(pvb_path, json={"exam_location": "elders"}),
            koppeling.patch(f"{pvb_path}/@people", json={"assessor_1": "beoordelaar-2"}),
            koppeling.post(f"{GROUP}/kandidaat-0005/pvb-demo/@assessment"),
            koppeling.post(
                f"{GROUP}/kandidaat-0005/pvb-demo/@establish-result", json={"result": "passed"}
            ),
            koppeling.post(pvb_path, json={"@type": "Appointment", "title": "x"}),
            koppeling.post(GROUP, json={"@type": "Candidate", "student_code": "720001"}),
            koppeling.delete(SANNE),
            koppeling.post(f"{GROUP}/@workflow/archive"),
            koppeling.post(f"{GROUP}/@bulk-pvb", json={"candidates": "all"}),
        ]
        for response in attempts:
            assert response.status_code in (401, 403), (response.request.method, response.url)
        transaction.begin()
        pvb = functional_portal.unrestrictedTraverse(pvb_path)
        assert (pvb.modified(), api.content.get_state(pvb), pvb.exam_location) == before
        assert "720001" not in student_codes(functional_portal)

    def test_my_tasks_is_empty(self, koppeling):
        response = koppeling.get("@my-tasks")
        assert response.status_code == 200
        assert response.json()["items"] == []


def test_school_admin_and_committee_read_results_others_do_not(request_factory):
    for userid, allowed in (
        ("beheer-vaart", True),
        ("examencie-vaart", True),
        ("docent-vaart", False),
        ("student-gijs", False),
        ("beoordelaar-1", False),
        ("beheer-noorder", False),
    ):
        session = request_factory(basic_auth=(userid, DEMO_PASSWORD))
        status = session.get(f"{SCHOOL}/@school-results").status_code
        assert (status == 200) is allowed, (userid, status)


def test_since_filters_and_a_bad_date_is_refused(request_factory, koppeling):
    later = koppeling.get(f"{SCHOOL}/@school-results", params={"since": "2999-01-01"})
    assert later.status_code == 200
    assert later.json()["items"] == []
    bad = koppeling.get(f"{SCHOOL}/@school-results", params={"since": "gisteren"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_date"
    english = koppeling.get(
        f"{SCHOOL}/@school-results",
        params={"since": "gisteren"},
        headers={"Accept-Language": "en"},
    )
    assert english.json()["error"]["message"] != bad.json()["error"]["message"]


def test_reading_results_is_journaled(functional_portal, koppeling):
    from proeve.journal.store import chain_for

    transaction.begin()
    before = chain_for(functional_portal).length
    assert koppeling.get(f"{SCHOOL}/@school-results").status_code == 200
    transaction.begin()
    chain = chain_for(functional_portal)
    assert chain.length == before + 1
    entry = chain.entries[chain.length - 1]
    assert (entry["actor"], entry["action"]) == (INTEGRATION, "exported")


def test_archived_candidates_stay_out_except_for_the_school_admin(
    functional_portal, request_factory, koppeling
):
    candidate = functional_portal.unrestrictedTraverse(f"{GROUP}/kandidaat-0006")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(candidate, transition="archive")
    transaction.commit()
    assert koppeling.get(f"{SCHOOL}/@school-results").json()["items"] == []
    committee = request_factory(basic_auth=("examencie-vaart", DEMO_PASSWORD))
    assert committee.get(f"{SCHOOL}/@school-results").json()["items"] == []
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    assert [i["student_code"] for i in admin.get(f"{SCHOOL}/@school-results").json()["items"]] == [
        "100236"
    ]


# Permissions straight from the workflows (integration layer).


def test_the_role_comes_from_the_roster(portal):
    school = portal.scholen["roc-de-vaart"]
    with api.env.adopt_user(username=INTEGRATION):
        roles = api.user.get_roles(username=INTEGRATION, obj=school)
        check = getSecurityManager().checkPermission
        assert "SchoolIntegration" in roles
        assert check("proeve: Read results", school)
        assert check("proeve: Add Candidate", school["mei-2024-25451"])
        assert not check("View", school)
        assert not check("Add portal content", school["mei-2024-25451"])
        pvb = school["mei-2024-25451"]["kandidaat-0005"]["pvb-demo"]
        for permission in (
            "View",
            "proeve: Approve PvB",
            "proeve: Establish PvB",
            "proeve: Record assessment",
            "proeve: Establish result",
            "proeve: Change PvB people",
            "proeve: View journal",
            "Modify portal content",
        ):
            assert not check(permission, pvb), permission
    other = portal.scholen["noorderlicht-college"]
    assert "SchoolIntegration" not in api.user.get_roles(username=INTEGRATION, obj=other)


def test_a_school_admin_makes_a_koppeling_account(functional_portal, request_factory):
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    created = admin.post(
        f"{SCHOOL}/@school-accounts",
        json={
            "username": "koppeling-eduarte",
            "email": "ict@vaart.example.org",
            "fullname": "Koppeling Eduarte",
            "groups": ["Integrations"],
            "password": "een-lang-wachtwoord-2027",
        },
    )
    assert created.status_code == 201, created.text
    anon = request_factory(role="Anonymous")
    token = anon.post(
        "@login", json={"login": "koppeling-eduarte", "password": "een-lang-wachtwoord-2027"}
    ).json()["token"]
    session = request_factory(role="Anonymous")
    session.headers["Authorization"] = f"Bearer {token}"
    assert session.get(f"{SCHOOL}/@school-results").status_code == 200
    assert session.get(f"{OTHER_SCHOOL}/@school-results").status_code == 401


REGISTRY_GROUPS = "collective.workspace.available_groups"


def as_release_1000(portal):
    """Take the profile change back, as a site made with release 1000 has it."""
    from collective.workspace.interfaces import IWorkspace
    from collective.workspace.pas import get_workspace_groups_plugin

    school = portal.scholen["roc-de-vaart"]
    IWorkspace(school).remove_from_team(INTEGRATION)
    groups = dict(api.portal.get_registry_record(REGISTRY_GROUPS))
    del groups["Integrations"]
    api.portal.set_registry_record(REGISTRY_GROUPS, groups)
    portal.__ac_roles__ = tuple(r for r in portal.__ac_roles__ if r != "SchoolIntegration")
    wf = portal.portal_workflow["proeve_school_workflow"]
    wf.states.active.setPermission(
        "proeve: Read results", 0, ["Manager", "Site Administrator", "SchoolAdmin"]
    )
    wf.updateRoleMappingsFor(school)
    get_workspace_groups_plugin().removeGroup(f"Integrations:{school.UID()}")
    portal.portal_setup.setLastVersionForProfile(PROFILE_ID, "1000")
    return school


def test_upgrade_from_1000_adds_the_role(portal):
    from collective.workspace.pas import get_workspace_groups_plugin

    setup = portal.portal_setup
    school = as_release_1000(portal)
    assert setup.listUpgrades(PROFILE_ID)

    setup.upgradeProfile(PROFILE_ID)

    assert setup.listUpgrades(PROFILE_ID) == []
    assert "SchoolIntegration" in portal.validRoles()
    assert api.portal.get_registry_record(REGISTRY_GROUPS)["Integrations"] == ("SchoolIntegration",)
    assert "SchoolIntegration" in [
        r["name"] for r in school.rolesOfPermission("proeve: Read results") if r["selected"]
    ]
    assert get_workspace_groups_plugin().getGroupInfo(f"Integrations:{school.UID()}") is not None


def test_make_run_upgrades_a_kept_site_before_adding_demo_data(portal):
    from proeve.demo import ensure_demo_data
    from proeve.sitesetup import ensure_site

    school = as_release_1000(portal)
    ensure_site(portal.aq_parent, portal.getId())
    report = ensure_demo_data(portal)

    assert portal.portal_setup.listUpgrades(PROFILE_ID) == []
    assert report == {"users": [], "content": []}
    assert "SchoolIntegration" in api.user.get_roles(username=INTEGRATION, obj=school)
