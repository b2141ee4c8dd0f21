"""The jobs on a PvB that were REST-only get a page (issue 20, points 3, 5, 7 and 8): people
after the vaststelling with a reason, an appointment from the PvB page, a pause for study
delay and its resumption, a correction by the exam committee, the dossier export. Each page
only translates its form into the process: those the process refuses see no button, get its
message on the page, and their post writes nothing."""

from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
import io
import pytest
import re
import requests
import zipfile


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"
ELINE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004"  # a PvB in execution
REASON = "Beoordelaar langdurig ziek"


@pytest.fixture
def process(functional_portal, request_factory, sent_mail):
    return Process(request_factory)


@pytest.fixture
def browser(functional_portal):
    """A logged-in HTML client: (session, url of the PvB)."""

    def open_as(login, path=PVB):
        session = requests.Session()
        session.auth = (login, DEMO_PASSWORD)
        session.headers["Accept"] = "text/html"
        return session, f"{functional_portal.absolute_url()}/{path}"

    return open_as


def token(session, url):
    """The user's form token, as any of their pages with a form carries it."""
    page = session.get(f"{url}/@@authenticator/token", timeout=60)
    if page.status_code == 200 and re.fullmatch(r"[0-9a-f]+", page.text.strip()):
        return page.text.strip()
    page = session.get(url.split("/scholen/")[0] + "/@@personal-information", timeout=60).text
    return re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)


def people_of(process):
    people = process.dossier("platformbeheer")["people"]
    return {field: (person or {}).get("userid") for field, person in people.items()}


# People after the vaststelling (point 3)


def test_school_admin_changes_an_assessor_in_execution_with_a_reason(browser, process):
    process.to_execution()
    session, url = browser("beheer-vaart")
    assert 'id="pvb-change-people"' in session.get(url, timeout=60).text
    form = session.get(f"{url}/@@pvb-people", timeout=60)
    assert form.status_code == 200
    assert 'id="people-assessor_1"' in form.text
    assert re.search(r'<textarea[^>]*id="people-reason"[^>]*required', form.text)
    done = session.post(
        f"{url}/@@pvb-people",
        data={
            "_authenticator": token(session, url),
            "assessor_1": "beoordelaar-2",
            "assessor_2": "beoordelaar-1",
            "reason": REASON,
        },
        timeout=60,
    )
    assert done.status_code == 200
    assert done.url.rstrip("/") == url
    assert "De betrokkenen zijn gewijzigd." in done.text
    people = people_of(process)
    assert (people["assessor_1"], people["assessor_2"]) == ("beoordelaar-2", "beoordelaar-1")
    [entry] = [e for e in process.journal()["items"] if e["action"] == "people_changed"]
    assert entry["details"]["reason"] == REASON
    assert entry["role"] == "school_admin"
    # The journal on the PvB page keeps the reason in sight.
    journal = session.get(url, timeout=60).text.split('id="pvb-journal"')[1]
    assert f"Reden: {REASON}" in journal


def test_a_people_change_after_vaststelling_without_reason_writes_nothing(browser, process):
    process.to_execution()
    before, entries = people_of(process), len(process.journal()["items"])
    session, url = browser("beheer-vaart")
    refused = session.post(
        f"{url}/@@pvb-people",
        data={"_authenticator": token(session, url), "assessor_1": "beoordelaar-2"},
        timeout=60,
    )
    assert refused.status_code == 400
    assert "Na de vaststelling hoort bij elke wijziging een reden." in refused.text
    assert 'id="pvb-people-form"' in refused.text  # the form again, to put it right
    assert people_of(process) == before
    assert len(process.journal()["items"]) == entries


@pytest.mark.parametrize("login", ["docent-vaart", "examencie-vaart", "beoordelaar-1"])
def test_other_roles_do_not_change_people_after_vaststelling(browser, process, login):
    process.to_execution()
    before, entries = people_of(process), len(process.journal()["items"])
    session, url = browser(login)
    assert 'id="pvb-change-people"' not in session.get(url, timeout=60).text
    page = session.get(f"{url}/@@pvb-people", timeout=60)
    assert page.status_code == 403
    assert "Na de vaststelling doet alleen de schoolbeheerder dat." in page.text
    refused = session.post(
        f"{url}/@@pvb-people",
        data={
            "_authenticator": token(session, url),
            "assessor_1": "beoordelaar-2",
            "assessor_2": "beoordelaar-1",
            "reason": REASON,
        },
        timeout=60,
    )
    assert refused.status_code == 403
    assert 'data-code="forbidden"' in refused.text
    assert people_of(process) == before
    assert len(process.journal()["items"]) == entries


# Appointments from the PvB page (point 5)


def test_an_appointment_is_added_from_the_pvb_page_and_ends_on_it(browser, process):
    process.to_execution()
    session, url = browser("student-sanne")
    page = session.get(url, timeout=60).text
    assert f'href="{url}/++add++Appointment"' in page
    form = session.get(f"{url}/++add++Appointment", timeout=60)
    assert "Afspraak toevoegen" in form.text
    fields = dict(re.findall(r'<input[^>]*name="(_authenticator)"[^>]*value="([^"]*)"', form.text))
    added = session.post(
        f"{url}/++add++Appointment",
        data={
            **fields,
            "form.widgets.IBasic.title": "Eindgesprek",
            "form.widgets.start": "2027-03-02T09:30",
            "form.widgets.location": "Zwolle",
            "form.buttons.save": "Opslaan",
        },
        timeout=60,
    )
    assert added.status_code == 200
    assert added.url.rstrip("/") == url
    assert "De afspraak is toegevoegd." in added.text
    assert "Item aangemaakt" not in added.text
    assert "Eindgesprek" in added.text.split('id="pvb-appointments"')[1]
    assert [a["title"] for a in process.dossier()["appointments"]] == ["Eindgesprek"]


def test_who_may_not_add_an_appointment_sees_no_button_and_adds_nothing(browser, process):
    process.to_execution()
    candidate, url = browser("student-sanne")
    assert 'id="pvb-add-appointment"' in candidate.get(url, timeout=60).text
    session, url = browser("examencie-vaart")
    assert 'id="pvb-add-appointment"' not in session.get(url, timeout=60).text
    refused = session.post(
        f"{url}/++add++Appointment",
        data={
            "_authenticator": token(session, url),
            "form.widgets.IBasic.title": "Eindgesprek",
            "form.widgets.start": "2027-03-02T09:30",
            "form.buttons.save": "Opslaan",
        },
        timeout=60,
        allow_redirects=False,
    )
    assert refused.status_code in (302, 401, 403)
    assert process.dossier()["appointments"] == []


# Pause for study delay, and resuming (point 7)


def test_a_pause_needs_its_reason_and_a_confirmation_and_resumes_after_one(browser, process):
    process.to_execution()
    session, url = browser("docent-vaart")
    assert 'id="pvb-pause"' in session.get(url, timeout=60).text
    assert session.get(f"{url}/@@pvb-pause", timeout=60).status_code == 200
    data = {"_authenticator": token(session, url), "reason": "Langdurig ziek"}
    unconfirmed = session.post(f"{url}/@@pvb-pause", data=data, timeout=60)
    assert unconfirmed.status_code == 400
    assert "Bevestig eerst dat u deze stap wilt zetten." in unconfirmed.text
    no_reason = session.post(
        f"{url}/@@pvb-pause", data={**data, "reason": "", "confirm": "1"}, timeout=60
    )
    assert no_reason.status_code == 400
    assert "Geef de reden van de studievertraging." in no_reason.text
    assert process.dossier()["paused"] is None
    paused = session.post(
        f"{url}/@@pvb-pause",
        data={**data, "resume_date": "2027-03-01", "confirm": "1"},
        timeout=60,
    )
    assert paused.status_code == 200
    assert paused.url.rstrip("/") == url
    assert "De PvB is gepauzeerd." in paused.text
    assert process.dossier()["paused"] == {"reason": "Langdurig ziek", "resume_date": "2027-03-01"}
    # Resuming is confirmed first (a dialog, or without JavaScript this page).
    assert 'id="pvb-transition-resume-dialog"' in paused.text
    confirm = session.get(f"{url}/@@pvb-transition?transition=resume", timeout=60)
    assert "de uitvoering verder" in confirm.text
    resumed = session.post(
        f"{url}/@@pvb-transition",
        data={"_authenticator": token(session, url), "transition": "resume"},
        timeout=60,
    )
    assert resumed.status_code == 200
    assert process.dossier()["paused"] is None


@pytest.mark.parametrize("login", ["examencie-vaart", "student-sanne", "beoordelaar-1"])
def test_who_may_not_pause_sees_no_button_and_pauses_nothing(browser, process, login):
    process.to_execution()
    session, url = browser(login)
    assert 'id="pvb-pause"' not in session.get(url, timeout=60).text
    assert session.get(f"{url}/@@pvb-pause", timeout=60).status_code == 403
    refused = session.post(
        f"{url}/@@pvb-pause",
        data={"_authenticator": token(session, url), "reason": "Ziek", "confirm": "1"},
        timeout=60,
    )
    assert refused.status_code == 403
    assert "U kunt deze PvB niet pauzeren." in refused.text
    assert process.dossier()["paused"] is None


def test_a_pause_before_the_execution_is_refused_with_the_process_message(browser, process):
    session, url = browser("docent-vaart")
    assert 'id="pvb-pause"' not in session.get(url, timeout=60).text
    page = session.get(f"{url}/@@pvb-pause", timeout=60)
    assert page.status_code == 409
    assert "Alleen een PvB in uitvoering kan pauzeren." in page.text


# A correction by the exam committee (point 7)


def assessment_forms(process):
    return process.dossier("examencie-vaart")["forms"]


def test_the_exam_committee_corrects_a_recorded_form_with_its_decision(browser, process):
    process.to_assessment()
    process.fill_form("beoordelaar-1")
    session, url = browser("examencie-vaart")
    assert 'id="pvb-correction"' in session.get(url, timeout=60).text
    form = session.get(f"{url}/@@pvb-correction", timeout=60)
    assert form.status_code == 200
    [form_id] = re.findall(r'name="form"[^>]*value="([^"]+)"', form.text)
    data = {"_authenticator": token(session, url), "form": form_id, "confirm": "1"}
    no_decision = session.post(f"{url}/@@pvb-correction", data=data, timeout=60)
    assert no_decision.status_code == 400
    assert "Een correctie vraagt om het besluit van de examencommissie." in no_decision.text
    assert len(assessment_forms(process)) == 1
    done = session.post(
        f"{url}/@@pvb-correction", data={**data, "decision": "Besluit EC 2027-031"}, timeout=60
    )
    assert done.status_code == 200
    assert done.url.rstrip("/") == url
    assert "De correctie is aangemaakt." in done.text
    forms = assessment_forms(process)
    assert [f["state"] for f in forms] == ["recorded", "draft"]
    assert forms[1]["corrects"]
    journal = done.text.split('id="pvb-journal"')[1]
    assert "Besluit: Besluit EC 2027-031" in journal


@pytest.mark.parametrize("login", ["docent-vaart", "beheer-vaart", "beoordelaar-1"])
def test_only_the_exam_committee_corrects_a_form(browser, process, login):
    process.to_assessment()
    process.fill_form("beoordelaar-1")
    [recorded] = assessment_forms(process)
    session, url = browser(login)
    assert 'id="pvb-correction"' not in session.get(url, timeout=60).text
    assert session.get(f"{url}/@@pvb-correction", timeout=60).status_code == 403
    refused = session.post(
        f"{url}/@@pvb-correction",
        data={
            "_authenticator": token(session, url),
            "form": recorded["@id"].rsplit("/", 1)[1],
            "decision": "Besluit",
            "confirm": "1",
        },
        timeout=60,
    )
    assert refused.status_code == 403
    assert "Alleen de examencommissie corrigeert een beoordeling." in refused.text
    assert len(assessment_forms(process)) == 1


# The dossier export (point 8)


def test_the_exam_committee_downloads_the_dossier_from_the_pvb_page(browser, process):
    session, url = browser("examencie-vaart", f"{ELINE}/pvb-demo")
    page = session.get(url, timeout=60).text
    link = re.search(r'id="pvb-dossier-export"[^>]*href="([^"]+)"', page)
    link = link or re.search(r'href="([^"]+)"[^>]*id="pvb-dossier-export"', page)
    assert link.group(1).endswith("/kandidaat-0004/@@dossier-export")
    download = session.get(link.group(1), timeout=120)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert "manifest.json" in names
    assert "verify_dossier.py" in names


def test_only_those_who_may_export_see_the_dossier_export(browser, process):
    session, url = browser("examencie-vaart", f"{ELINE}/pvb-demo")
    assert 'id="pvb-dossier-export"' in session.get(url, timeout=60).text
    for login in ("docent-vaart", "student-eline", "beoordelaar-1"):
        session, url = browser(login, f"{ELINE}/pvb-demo")
        assert 'id="pvb-dossier-export"' not in session.get(url, timeout=60).text
        refused = session.get(
            url.rsplit("/", 1)[0] + "/@@dossier-export", timeout=60, allow_redirects=False
        )
        assert refused.status_code in (302, 401, 403), login
