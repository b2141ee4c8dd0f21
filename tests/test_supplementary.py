"""Aanvulopdrachten: their own vaststelling before the assessment, assessed with the
assignment, shown in the dossier and on the PvB page, a task and mail for the vaststeller."""

from email import message_from_bytes
from email import message_from_string
from plone import api
from proeve import PROFILE_ID
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
import pytest
import re
import requests
import transaction


MEETRAPPORT = {
    "@type": "SupplementaryAssignment",
    "title": "Aanvulopdracht meetrapport",
    "text": {"data": "<p>Maak een meetrapport.</p>", "content-type": "text/html"},
    "work_processes": [
        {
            "code": "B1-K9-W1",
            "title": "Meet de installatie door",
            "criteria": [
                {"id": "M1", "text": "Meet de aardlekschakelaar door", "crucial": True},
                {"id": "M2", "text": "Legt de metingen vast"},
            ],
        }
    ],
}
NOT_ESTABLISHED = (
    "De aanvulopdracht 'Aanvulopdracht meetrapport' is nog niet vastgesteld",
    "The supplementary assignment 'Aanvulopdracht meetrapport' has not been established yet",
)


@pytest.fixture
def process(functional_portal, request_factory, sent_mail):
    return Process(request_factory)


def add_supplementary(process, login="docent-vaart", **extra):
    response = process.as_(login).post(process.path, json=dict(MEETRAPPORT, **extra))
    assert response.status_code == 201, response.text
    return response.json()["@id"].split("/plone/", 1)[1]


def establish(process, path):
    response = process.as_("vaststeller-vaart").post(f"{path}/@workflow/establish")
    assert response.status_code == 200, response.text


def assessment(process, login="beoordelaar-1"):
    session = process.as_(login)
    assert session.post(f"{process.path}/@assessment").status_code in (200, 201)
    return session


def main_criteria(process):
    snapshot = process.dossier("platformbeheer")["assignment"]
    return [c["id"] for p in snapshot["work_processes"] for c in p["criteria"]]


class TestStartAssessmentWaits:
    def test_refused_with_the_reason_and_nothing_changes(self, process):
        process.to_execution()
        add_supplementary(process)
        before = process.actions()
        response = process.transition("docent-vaart", "start_assessment")
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == "supplementary_not_established"
        assert error["message"].startswith(NOT_ESTABLISHED)
        assert process.phase() == "execution"
        assert process.actions() == before
        assert "start_assessment" not in process.dossier()["transitions"]

    def test_starts_once_the_vaststeller_established_it(self, process):
        process.to_execution()
        path = add_supplementary(process)
        assert "start_assessment" not in process.dossier()["transitions"]
        establish(process, path)
        assert "start_assessment" in process.dossier()["transitions"]
        response = process.transition("docent-vaart", "start_assessment")
        assert response.status_code == 200, response.text
        assert process.phase() == "assessment"

    def test_without_an_aanvulopdracht_nothing_waits(self, process):
        process.to_assessment()

    def test_every_path_is_guarded(self, process, functional_portal):
        from Products.CMFCore.WorkflowCore import WorkflowException

        process.to_execution()
        add_supplementary(process)
        transaction.begin()
        pvb = functional_portal.unrestrictedTraverse(process.path)
        workflow = functional_portal.portal_workflow
        with api.env.adopt_user(username="docent-vaart"), pytest.raises(WorkflowException):
            workflow.doActionFor(pvb, "start_assessment")
        transaction.abort()
        assert process.phase() == "execution"

    def test_the_result_waits_for_an_aanvulopdracht_added_during_assessment(self, process):
        process.to_assessment()
        process.fill_form("beoordelaar-1")
        process.fill_form("beoordelaar-2")
        add_supplementary(process)
        response = process.as_("examencie-vaart").post(
            f"{process.path}/@establish-result", json={"result": "passed", "motivation": "ok"}
        )
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == "supplementary_not_established"
        assert process.phase() == "assessment"

    def test_the_pvb_page_says_why(self, process, functional_portal):
        process.to_execution()
        add_supplementary(process)
        page = html_session("docent-vaart").get(
            f"{functional_portal.absolute_url()}/{process.path}", timeout=60
        )
        assert 'id="pvb-supplementary-waiting"' in page.text
        assert "pvb-transition-start_assessment" not in page.text


class TestAssessedCriteria:
    def test_established_criteria_are_scored_and_counted(self, process):
        process.to_execution()
        path = add_supplementary(process)
        establish(process, path)
        sup = path.rsplit("/", 1)[1]
        assert process.transition("docent-vaart", "start_assessment").status_code == 200
        session = assessment(process)
        form = session.get(f"{process.path}/@assessment").json()
        assert f"{sup}/M1" in form["open_criteria"]
        assert f"{sup}/M2" in form["open_criteria"]
        main = {c: {"result": "satisfied"} for c in main_criteria(process)}
        form = session.patch(f"{process.path}/@assessment", json={"scores": main}).json()
        assert form["open_criteria"] == [f"{sup}/M1", f"{sup}/M2"]
        # Recording the form without the aanvulopdracht's criteria is incomplete.
        response = session.post(f"{process.path}/@record-assessment", json={})
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "incomplete"
        # An Onvoldoende needs a justification, as for the assignment's criteria.
        bad = {f"{sup}/M1": {"result": "unsatisfactory"}}
        response = session.patch(f"{process.path}/@assessment", json={"scores": bad})
        assert response.status_code == 400, response.text
        scores = {
            f"{sup}/M1": {"result": "unsatisfactory", "justification": "niet gemeten"},
            f"{sup}/M2": {"result": "satisfied"},
        }
        form = session.patch(f"{process.path}/@assessment", json={"scores": scores}).json()
        assert form["open_criteria"] == []
        assert form["scores"][f"{sup}/M1"]["result"] == "unsatisfactory"
        response = session.post(f"{process.path}/@record-assessment", json={})
        assert response.status_code == 200, response.text

    def test_a_draft_is_not_assessed(self, process):
        process.to_assessment()
        path = add_supplementary(process)
        sup = path.rsplit("/", 1)[1]
        session = assessment(process)
        form = session.get(f"{process.path}/@assessment").json()
        assert not [c for c in form["open_criteria"] if c.startswith(f"{sup}/")]
        response = session.patch(
            f"{process.path}/@assessment",
            json={"scores": {f"{sup}/M1": {"result": "satisfied"}}},
        )
        assert response.status_code == 400, response.text

    def test_the_form_page_groups_them_under_the_aanvulopdracht(self, process, functional_portal):
        process.to_execution()
        path = add_supplementary(process)
        establish(process, path)
        sup = path.rsplit("/", 1)[1]
        assert process.transition("docent-vaart", "start_assessment").status_code == 200
        assessment(process)
        session = html_session("beoordelaar-1")
        url = f"{functional_portal.absolute_url()}/{process.path}/@@assessment-form"
        page = session.get(url, timeout=60).text
        section = page[page.index(f'id="supplementary-{sup}"') :]
        assert "Aanvulopdracht meetrapport" in section
        assert f'name="result.{sup}/M1"' in section
        assert "Meet de aardlekschakelaar door" in section
        token = re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)
        data = {"_authenticator": token, "action": "save", f"result.{sup}/M1": "satisfied"}
        assert session.post(url, data=data, timeout=60).status_code == 200
        form = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()
        assert form["scores"][f"{sup}/M1"]["result"] == "satisfied"


def html_session(login):
    session = requests.Session()
    session.auth = (login, DEMO_PASSWORD)
    session.headers["Accept"] = "text/html"
    session.headers["Accept-Language"] = "nl"
    return session


class TestShown:
    def test_in_the_dossier_for_the_people_of_the_pvb(self, process):
        process.to_execution()
        path = add_supplementary(process)
        for login in ("student-sanne", "beoordelaar-1", "vaststeller-vaart", "praktijk-jansen"):
            (sup,) = process.dossier(login)["supplementary_assignments"]
            assert sup["title"] == "Aanvulopdracht meetrapport"
            assert sup["state"] == "draft"
            assert "meetrapport" in sup["text"]
            assert sup["work_processes"][0]["criteria"][0]["crucial"] is True
        establish(process, path)
        (sup,) = process.dossier("student-sanne")["supplementary_assignments"]
        assert sup["state"] == "established"

    def test_on_the_pvb_page_and_the_vaststeller_establishes_it_there(
        self, process, functional_portal
    ):
        process.to_execution()
        path = add_supplementary(process)
        sup = path.rsplit("/", 1)[1]
        url = f"{functional_portal.absolute_url()}/{process.path}"
        page = html_session("student-sanne").get(url, timeout=60).text
        assert 'id="pvb-supplementary"' in page
        assert "Maak een meetrapport." in page
        assert f'id="pvb-establish-{sup}"' not in page  # the candidate does not establish
        session = html_session("vaststeller-vaart")
        page = session.get(url, timeout=60).text
        assert f'id="pvb-establish-{sup}"' in page
        token = re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)
        # Only an aanvulopdracht of this PvB can be established here.
        session.post(
            f"{url}/@@pvb-establish-supplementary",
            data={"_authenticator": token, "supplementary": "nope"},
            timeout=60,
        )
        assert process.dossier()["supplementary_assignments"][0]["state"] == "draft"
        session.post(
            f"{url}/@@pvb-establish-supplementary",
            data={"_authenticator": token, "supplementary": sup},
            timeout=60,
        )
        assert process.dossier()["supplementary_assignments"][0]["state"] == "established"


def parsed(raw):
    return message_from_bytes(raw) if isinstance(raw, bytes) else message_from_string(raw)


class TestVaststellerIsTold:
    def tasks(self, process, login="vaststeller-vaart"):
        response = process.as_(login).get("@my-tasks")
        assert response.status_code == 200
        return [(i["task"], i["@id"]) for i in response.json()["items"]]

    def test_a_task_until_it_is_established(self, process):
        process.to_execution()
        pvb_url = process.dossier()["@id"].rsplit("/@dossier", 1)[0]
        assert ("establish_supplementary", pvb_url) not in self.tasks(process)
        path = add_supplementary(process)
        assert ("establish_supplementary", pvb_url) in self.tasks(process)
        assert ("establish_supplementary", pvb_url) not in self.tasks(process, "docent-vaart")
        establish(process, path)
        assert ("establish_supplementary", pvb_url) not in self.tasks(process)

    def test_mail_when_one_is_added(self, process, sent_mail):
        process.to_execution()
        sent_mail.clear()
        add_supplementary(process)
        (message,) = [parsed(m) for m in sent_mail]
        assert message["To"] == "vaststeller-vaart@demo.proeve.invalid"
        assert message["Subject"].startswith(("Aanvulopdracht vaststellen", "Establish supp"))
        assert "Aanvulopdracht meetrapport" in message.get_payload(decode=True).decode("utf-8")


def test_upgrades_from_1004_give_start_assessment_its_guard(portal):
    setup = portal.portal_setup
    transition = portal.portal_workflow["proeve_pvb_workflow"].transitions["start_assessment"]
    guard = transition.getGuard()
    guard.expr = None
    assert transition.getGuard().getExprText() == ""
    setup.setLastVersionForProfile(PROFILE_ID, "1004")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID)
    assert setup.listUpgrades(PROFILE_ID) == []
    guard = transition.getGuard()
    # 1005 gave it a guard, 1006 moved every guard into proeve.process.guards.
    assert guard.getExprText() == (
        "python:modules['proeve.process.guards'].allows(workflow, here, 'start_assessment')"
    )
    assert guard.permissions == ("proeve: Start assessment",)
    # Up to the profile's version: later steps run on from here.
    assert setup.getLastVersionForProfile(PROFILE_ID) == (setup.getVersionForProfile(PROFILE_ID),)
