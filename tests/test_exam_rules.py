"""Rules of issue 17 that live in proeve.process: each holds on every channel, and a
refusal writes nothing."""

from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
import pytest
import re


@pytest.fixture
def process(functional_portal, request_factory, sent_mail):
    return Process(request_factory)


def pages_as(process, login):
    """An HTML client of the Classic pages, relative to the site."""
    session = process.factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    session.headers["Accept"] = "text/html"
    return session


def criteria(process):
    assignment = process.dossier("platformbeheer")["assignment"]
    return [c for p in assignment["work_processes"] for c in p["criteria"]]


def assess_with_a_failed_crucial_criterion(process):
    """Both forms recorded; the first assessor scores one crucial criterion Onvoldoende."""
    process.to_assessment()
    crucial = next(c for c in criteria(process) if c.get("crucial"))
    process.fill_form("beoordelaar-2")
    session = process.as_("beoordelaar-1")
    assert session.post(f"{process.path}/@assessment").status_code in (200, 201)
    scores = {c["id"]: {"result": "satisfied"} for c in criteria(process)}
    scores[crucial["id"]] = {"result": "unsatisfactory", "justification": "Onveilig gewerkt"}
    assert session.patch(f"{process.path}/@assessment", json={"scores": scores}).ok
    assert session.post(f"{process.path}/@record-assessment", json={}).status_code == 200
    return crucial


class TestACrucialCriterionDecides:
    def test_passed_is_refused_over_rest_in_both_languages(self, process):
        crucial = assess_with_a_failed_crucial_criterion(process)
        committee = process.as_("examencie-vaart")
        before = len(process.journal()["items"])
        for language, words in (("nl", "cruciaal criterium"), ("en", "crucial criterion")):
            response = committee.post(
                f"{process.path}/@establish-result",
                json={"result": "passed", "motivation": "Goed"},
                headers={"Accept-Language": language},
            )
            assert response.status_code == 409, response.text
            error = response.json()["error"]
            assert error["code"] == "crucial_criterion_failed"
            assert crucial["id"] in error["message"]
            assert words in error["message"].lower()
        assert process.phase() == "assessment"
        assert len(process.journal()["items"]) == before
        dossier = process.dossier("examencie-vaart")
        assert dossier["result"] is None
        assert [c["id"] for c in dossier["failed_crucial_criteria"]] == [crucial["id"]]

    def test_failed_is_still_established(self, process):
        assess_with_a_failed_crucial_criterion(process)
        response = process.as_("examencie-vaart").post(
            f"{process.path}/@establish-result", json={"result": "failed", "motivation": "K1"}
        )
        assert response.status_code == 200, response.text
        assert process.phase() == "closed"

    def test_the_page_shows_the_failed_criteria_and_refuses_passed(self, process):
        crucial = assess_with_a_failed_crucial_criterion(process)
        session = pages_as(process, "examencie-vaart")
        url = process.path
        # The committee decides on the result page, beside the recorded forms.
        page = session.get(f"{url}/@@pvb-result", timeout=60).text
        box = re.search(r'id="pvb-crucial-failed".*?</div>', page, re.S).group(0)
        assert crucial["id"] in box
        assert re.search(r'value="passed" id="result-passed"[^>]*disabled', page)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)
        response = session.post(
            f"{url}/@@pvb-result",
            data={"result": "passed", "motivation": "Goed", "_authenticator": token},
            timeout=60,
        )
        assert response.status_code == 200
        assert "kan niet geslaagd zijn" in response.text
        assert process.phase() == "assessment"

    def test_nobody_else_learns_which_criteria_failed(self, process):
        assess_with_a_failed_crucial_criterion(process)
        for login in ("student-sanne", "praktijk-jansen"):
            assert process.dossier(login)["failed_crucial_criteria"] == []


# -- 6. No method is a web endpoint by accident ----------------------------------------------


def one_of_each_type(portal):
    """{portal_type: an object of it}: from the demo, and an aanvulopdracht made here."""
    from plone.dexterity.utils import createContentInContainer
    import transaction

    catalog = portal.portal_catalog
    # Every type whose class is Proeve's: a new type is walked without changing this test.
    proeve_types = {
        fti.getId()
        for fti in portal.portal_types.objectValues()
        if (getattr(fti, "klass", "") or "").startswith("proeve.")
    }
    found = {}
    for portal_type in proeve_types:
        brains = catalog.unrestrictedSearchResults(portal_type=portal_type, sort_limit=1)
        if brains:
            found[portal_type] = brains[0]._unrestrictedGetObject()
    if "SupplementaryAssignment" not in found:
        from plone import api

        pvb = portal.unrestrictedTraverse(SANNE_PVB)
        # Made as the ROC-begeleider does: only its editors save a version of a draft.
        with api.env.adopt_user(username="docent-vaart"):
            found["SupplementaryAssignment"] = createContentInContainer(
                pvb, "SupplementaryAssignment", checkConstraints=False, title="Extra"
            )
        transaction.commit()
    assert "SchoolsFolder" in found
    assert "AssessmentForm" in found
    assert set(found) == proeve_types
    return found


def publishable_names(obj):
    """Names Zope would publish if security let it: methods with a docstring."""
    from Acquisition import aq_base

    cls = type(aq_base(obj))
    names = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        value = getattr(cls, name, None)
        if callable(value) and getattr(value, "__doc__", None) and not isinstance(value, type):
            names.append(name)
    return names


def is_a_view(obj, name):
    """Zope's own views of every object (absolute_url) are published as views, not as the
    method of the same name."""
    from zope.component import queryMultiAdapter
    from zope.publisher.browser import TestRequest

    return queryMultiAdapter((obj, TestRequest()), name=name) is not None


def test_no_method_of_proeve_content_is_a_url(functional_portal, request_factory):
    objects = one_of_each_type(functional_portal)
    sessions = {
        "anonymous": request_factory(api=False),
        "student-lotte": request_factory(basic_auth=("student-lotte", DEMO_PASSWORD), api=False),
    }
    for session in sessions.values():
        session.headers["Accept"] = "*/*"  # as a browser or curl asks (JSON gets plone.rest)
    answered = []
    walked = 0
    for portal_type, obj in objects.items():
        path = "/".join(obj.getPhysicalPath()[len(functional_portal.getPhysicalPath()) :])
        for name in publishable_names(obj):
            for who, session in sessions.items():
                response = session.get(f"{path}/{name}", allow_redirects=False, timeout=60)
                walked += 1
                if 200 <= response.status_code < 300 and not is_a_view(obj, name):
                    answered.append((who, portal_type, name, response.status_code))
    assert walked > 1000  # the walk really covers the classes' public names
    assert answered == [], "\n".join(map(str, answered))


def test_the_guard_is_no_url_but_still_guards(functional_portal, request_factory):
    anonymous = request_factory(api=False)
    for accept in ("*/*", "text/html"):
        response = anonymous.get(
            f"{SANNE_PVB}/guard", params={"transition": "submit"}, headers={"Accept": accept}
        )
        assert response.status_code == 404
    # The workflow still asks it: submitting without the approvals is refused.
    teacher = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    refused = teacher.post(f"{SANNE_PVB}/@workflow/submit")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "approval_missing"


def test_every_transition_of_proeve_has_its_guard(portal):
    """Each transition of Proeve's workflows calls proeve.process.guards, and the process
    has a guard function for it (a new transition without a rule would stay closed)."""
    from proeve.process.guards import GUARDS

    workflows = portal.portal_workflow
    seen = set()
    for workflow_id in workflows.getWorkflowIds():
        if not workflow_id.startswith("proeve_"):
            continue
        for transition in workflows[workflow_id].transitions.objectValues():
            seen.add((workflow_id, transition.getId()))
            assert transition.getGuard().getExprText() == (
                "python:modules['proeve.process.guards'].allows(workflow, here, "
                f"'{transition.getId()}')"
            )
    assert seen == set(GUARDS)


def test_upgrade_1006_moves_every_guard_into_the_process(portal):
    from plone import api
    from proeve.upgrades.v1006 import guards_in_process

    pvb_workflow = portal.portal_workflow["proeve_pvb_workflow"]
    submit = pvb_workflow.transitions["submit"]
    guard = submit.getGuard()
    guard.changeFromProperties({"guard_expr": "python:here.guard('submit')"})
    submit.guard = guard
    with api.env.adopt_roles(["Manager"]):
        guards_in_process(portal.portal_setup)
    assert "proeve.process.guards" in submit.getGuard().getExprText()
    assert submit.getGuard().permissions == ("proeve: Approve PvB",)


# -- 8. The access report tells the truth ------------------------------------------------------


def test_the_access_report_lists_exactly_who_can_open_the_dossier(
    functional_portal, request_factory
):
    from AccessControl.PermissionRole import rolesForPermissionOn
    import transaction

    candidate_path = SANNE_PVB.rsplit("/", 1)[0]
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    response = admin.get(f"{candidate_path}/@access-report")
    assert response.status_code == 200, response.text
    listed = {row["userid"]: set(row["on"]) for row in response.json()["can_see"]}

    transaction.begin()
    candidate = functional_portal.unrestrictedTraverse(candidate_path)
    objects = [candidate] + [o for o in candidate.objectValues() if o.portal_type == "PvB"]
    pas = functional_portal.acl_users
    truth = {}
    for user_info in pas.searchUsers():
        user = pas.getUserById(user_info["userid"])
        opened = {
            obj.getId() for obj in objects if user.allowed(obj, rolesForPermissionOn("View", obj))
        }
        if opened:
            truth[user.getId()] = opened
    assert "koppeling-vaart" not in listed  # the integration login cannot open a dossier
    assert "student-sanne" in listed
    assert "docent-vaart" in listed
    assert listed == truth
    # And the listed can really open it over the web; the integration really cannot.
    for login, expected in (("praktijk-jansen", 200), ("koppeling-vaart", 401)):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD))
        assert session.get(SANNE_PVB).status_code == expected


# -- One source for the journal's words ---------------------------------------------------------


def test_the_journal_names_every_step_and_state_in_words(process):
    process.to_closed()
    journal = process.journal()
    titles = [item["title"] for item in journal["items"]]
    # A form's recording in words, not "recorded".
    assert "Vastleggen: Vastgelegd" in titles, "; ".join(titles)
    assert "Vaststellen: Uitvoering" in titles
    assert "Resultaat vaststellen: Afgesloten" in titles
    english = process.as_("examencie-vaart").get(
        f"{process.path}/@journal", headers={"Accept-Language": "en"}
    )
    assert "Record: Recorded" in [item["title"] for item in english.json()["items"]]
    page = pages_as(process, "examencie-vaart").get(process.path).text
    assert "Vastleggen: Vastgelegd" in page
    assert "recorded" not in re.findall(r'id="pvb-journal".*', page, re.S)[0].split("</table>")[0]


def test_every_journal_action_and_state_has_words():
    """Every action the code journals and every state of Proeve's workflows is named."""
    from pathlib import Path
    from proeve.process.labels import JOURNAL_ACTIONS
    from proeve.process.labels import STATES

    source = Path(__file__).resolve().parents[1] / "src" / "proeve"
    code = "\n".join(p.read_text(encoding="utf-8") for p in source.rglob("*.py"))
    journaled = set(re.findall(r'record\(\s*\w+,\s*"([a-z_]+)"', code))
    assert journaled
    assert journaled - set(JOURNAL_ACTIONS) == set()
    workflows = source / "profiles" / "default" / "workflows"
    states = {
        state
        for definition in workflows.glob("*/definition.xml")
        for state in re.findall(r'state_id="([a-z_]+)"', definition.read_text(encoding="utf-8"))
    }
    assert states - set(STATES) == set()
