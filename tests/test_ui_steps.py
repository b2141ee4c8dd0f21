"""The Classic UI pages of a PvB decide nothing themselves: every step they post is checked
by the server, a refused step changes nothing, and a page view writes nothing."""

from html.parser import HTMLParser
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SCHOOL_ASSIGNMENT
from tests.process_helpers import SCHOOL_ASSIGNMENT_TITLE
import pytest
import re
import requests


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"


@pytest.fixture
def process(functional_portal, request_factory, sent_mail):
    return Process(request_factory)


@pytest.fixture
def browser(functional_portal):
    """A logged-in HTML client: (session, url of the PvB)."""

    def open_as(login):
        session = requests.Session()
        session.auth = (login, DEMO_PASSWORD)
        session.headers["Accept"] = "text/html"
        return session, f"{functional_portal.absolute_url()}/{PVB}"

    return open_as


def token(page):
    return re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)


def test_the_pvb_page_shows_the_phases_and_writes_nothing(browser, process):
    session, url = browser("student-sanne")
    page = session.get(url, timeout=60)
    assert page.status_code == 200
    # A write during a GET would make plone.protect ask for a confirmation instead.
    assert 'id="pvb-phases"' in page.text
    assert re.search(
        r'aria-current="step"[^>]*data-phase="preparation"|data-phase="preparation"[^>]*aria-current="step"',
        page.text,
    )
    assert 'id="pvb-approve"' in page.text
    # The signing dialog says what is kept; the hash's name is for the journal (issue 20).
    assert "vingerafdruk van precies deze inhoud" in page.text
    assert "SHA-256" not in page.text


def test_an_approval_without_the_form_token_is_refused(browser, process):
    session, url = browser("student-sanne")
    content_hash = process.dossier("student-sanne")["content_hash"]
    response = session.post(f"{url}/@@pvb-approve", data={"content_hash": content_hash}, timeout=60)
    assert response.status_code == 403
    assert process.dossier()["approvals"] == []


def test_an_approval_of_changed_content_is_refused(browser, process):
    session, url = browser("student-sanne")
    page = session.get(url, timeout=60).text
    response = session.post(
        f"{url}/@@pvb-approve",
        data={"content_hash": "0" * 64, "_authenticator": token(page)},
        timeout=60,
    )
    assert response.status_code == 200
    assert "approve" not in [a.get("role") for a in process.dossier()["approvals"]]
    assert process.dossier()["approvals"] == []


def test_a_step_the_user_may_not_take_changes_nothing(browser, process):
    session, url = browser("student-sanne")
    page = session.get(url, timeout=60).text
    response = session.post(
        f"{url}/@@pvb-transition",
        data={"transition": "establish", "_authenticator": token(page)},
        timeout=60,
    )
    assert response.status_code == 200
    # The same reason as @workflow gives (proeve.process.steps.why_not).
    assert "De stap 'Vaststellen' bestaat niet in deze fase." in response.text
    assert process.phase() == "preparation"


class EditFormValues(HTMLParser):
    """What a browser posts from a page's edit form (action ending in edit, or another
    ending): the filled-in inputs, the checked boxes, the selected (or first) option of each
    select."""

    def __init__(self, ending="edit"):
        super().__init__()
        self.ending = ending
        self.values, self.inside, self.select, self.options = [], False, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("action") or "").rstrip("/").endswith(self.ending)
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self.select, self.options = attrs.get("name"), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value") or "", "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected] or [self.options[0][0]]
            self.values += [(self.select, v) for v in chosen[:1]]
            self.select = None


def test_another_assignment_in_the_edit_form_is_frozen_and_voids_approvals(
    browser, process, functional_portal
):
    other = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    assert process.approve("student-sanne").status_code == 201
    before = process.dossier()
    session, url = browser("docent-vaart")
    page = session.get(f"{url}/@@edit", timeout=60)
    assert page.status_code == 200
    form = EditFormValues()
    form.feed(page.text)
    data = [(k, v) for k, v in form.values if k != "form.widgets.assignment_uid:list"]
    assert len(data) < len(form.values)  # the field is offered (in the preparation)
    data += [("form.widgets.assignment_uid:list", other), ("form.buttons.save", "Opslaan")]
    response = session.post(f"{url}/@@edit", data=data, timeout=60)
    assert response.status_code == 200
    after = process.dossier()
    assert after["assignment"]["uid"] == other
    assert after["assignment"]["title"] == SCHOOL_ASSIGNMENT_TITLE
    assert after["people"] == before["people"]
    assert after["exam_location"] == before["exam_location"]
    assert after["approvals"] == []
    assert "assignment_replaced" in process.actions()


def test_send_back_needs_a_reason(browser, process):
    process.to_establishment()
    session, url = browser("vaststeller-vaart")
    page = session.get(url, timeout=60).text
    assert 'id="pvb-transition-send_back"' in page
    response = session.post(
        f"{url}/@@pvb-transition",
        data={"transition": "send_back", "comment": " ", "_authenticator": token(page)},
        timeout=60,
    )
    assert "Geef een reden op voor deze stap." in response.text
    assert process.phase() == "establishment"


def confirmed_step(session, url, page, transition, phrases, before, after, process):
    """A step that asks for confirmation: its link opens a dialog with the phrases, without
    JavaScript a confirmation page that changes nothing; the POST then takes the step, and
    afterwards the confirmation is gone."""
    step = re.search(rf'<a[^>]*id="pvb-transition-{transition}"[^>]*>', page).group(0)
    assert f"@@pvb-transition?transition={transition}" in step
    dialog = page.split(f'id="pvb-transition-{transition}-dialog"', 1)[1].split("</dialog>")[0]
    for phrase in phrases:
        assert phrase in dialog
    assert f'id="pvb-transition-{transition}-confirm"' in dialog
    confirm = session.get(f"{url}/@@pvb-transition?transition={transition}", timeout=60)
    assert confirm.status_code == 200
    assert phrases[0] in confirm.text
    assert process.phase() == before
    response = session.post(
        f"{url}/@@pvb-transition",
        data={"transition": transition, "_authenticator": token(confirm.text)},
        timeout=60,
    )
    assert response.status_code == 200
    assert process.phase() == after
    again = session.get(f"{url}/@@pvb-transition?transition={transition}", timeout=60)
    assert phrases[0] not in again.text


def test_starting_the_assessment_warns_that_evidence_closes(browser, process):
    process.to_execution()
    session, url = browser("docent-vaart")
    page = session.get(url, timeout=60).text
    confirmed_step(
        session,
        url,
        page,
        "start_assessment",
        ["geen bewijsstukken meer"],
        "execution",
        "assessment",
        process,
    )


def test_the_vaststelling_is_signed_after_a_confirmation(browser, process):
    process.to_establishment()
    session, url = browser("vaststeller-vaart")
    page = session.get(url, timeout=60).text
    english = session.get(
        f"{url}/@@pvb-transition?transition=establish",
        headers={"Accept-Language": "en"},
        timeout=60,
    )
    assert "fit for the exam" in english.text
    # The confirmation says what the vaststeller's signature declares.
    confirmed_step(
        session,
        url,
        page,
        "establish",
        ["geschikt zijn voor het examen", "als vaststeller tekent"],
        "establishment",
        "execution",
        process,
    )


class TestAssessmentForm:
    def start(self, browser, process, login="beoordelaar-1"):
        process.to_assessment()
        session, url = browser(login)
        page = session.get(f"{url}/@@assessment-form", timeout=60).text
        session.post(
            f"{url}/@@assessment-form",
            data={"action": "start", "_authenticator": token(page)},
            timeout=60,
        )
        page = session.get(f"{url}/@@assessment-form", timeout=60).text
        criteria = re.findall(r'name="result\.([^"]+)"', page)
        return session, url, page, sorted(set(criteria))

    def test_an_onvoldoende_without_justification_is_refused_by_the_server(self, browser, process):
        session, url, page, criteria = self.start(browser, process)
        data = {f"result.{c}": "satisfied" for c in criteria}
        data[f"result.{criteria[0]}"] = "unsatisfactory"
        response = session.post(
            f"{url}/@@assessment-form",
            data={**data, "action": "save", "_authenticator": token(page)},
            timeout=60,
        )
        assert response.status_code == 200
        assert f"Onderbouw de Onvoldoende bij criterium {criteria[0]}." in response.text
        form = session.get(
            f"{process.factory().base_url if False else url}/@@assessment-form", timeout=60
        )
        assert 'checked="checked"' not in form.text.split('name="result.', 1)[0]
        saved = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()["scores"]
        assert saved == {}

    def test_an_incomplete_form_is_only_recorded_after_confirmation(self, browser, process):
        session, url, page, criteria = self.start(browser, process)
        data = {f"result.{c}": "satisfied" for c in criteria[1:]}
        response = session.post(
            f"{url}/@@assessment-form",
            data={**data, "action": "record", "_authenticator": token(page)},
            timeout=60,
        )
        assert "onvolledig" in response.text
        assert criteria[0] in response.text
        state = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()["state"]
        assert state == "draft"
        response = session.post(
            f"{url}/@@assessment-form",
            data={
                **data,
                "action": "record",
                "confirm_incomplete": "1",
                "_authenticator": token(page),
            },
            timeout=60,
        )
        state = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()["state"]
        assert state == "recorded"
        # Afterwards the page is read-only and a post changes nothing.
        page = session.get(f"{url}/@@assessment-form", timeout=60).text
        assert 'id="assessment-recorded"' in page
        assert 'id="assessment-save"' not in page

    def test_someone_who_does_not_assess_gets_no_form(self, browser, process):
        process.to_assessment()
        session, url = browser("docent-vaart")
        page = session.get(f"{url}/@@assessment-form", timeout=60).text
        assert 'id="assessment-start"' not in page
        # The form token of this user, from any page with a form.
        any_form = session.get(
            url.split("/scholen/")[0] + "/@@personal-information", timeout=60
        ).text
        response = session.post(
            f"{url}/@@assessment-form",
            data={"action": "start", "_authenticator": token(any_form)},
            timeout=60,
        )
        assert "U bent geen beoordelaar van deze PvB." in response.text
        forms = process.dossier()["forms"]
        assert forms == []


def test_another_school_reaches_no_pvb_page(browser, process):
    session, url = browser("beheer-noorder")
    for path in ("", "/@@assessment-form", "/@@pvb-approve", "/@@upload-evidence"):
        response = session.get(f"{url}{path}", timeout=60, allow_redirects=False)
        assert response.status_code in (302, 401, 403, 404), path
        assert "Sanne" not in response.text
