"""Every journal entry says who, in what role, when (issue 17, rule 5).

A PvB walked through the whole process, every step by the person who takes it, leaves a
journal in which each entry carries the acting login, the role in which they acted and the
time in UTC; appointments are journaled when made and when changed, by REST and by form.
"""

from datetime import datetime
from proeve.demo.users import DEMO_PASSWORD
from proeve.journal.store import chain_for
from proeve.journal.store import heads
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
import base64
import pytest
import re
import transaction


SANNE = SANNE_PVB.rsplit("/", 1)[0]
SCHOOL_ASSIGNMENT = "scholen/roc-de-vaart/opdrachtenbank/meterkast-vervangen"
ANOTHER_CANDIDATE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0002"
# The roles an entry may name (docs/workflows.md, "The journal").
ROLES = {
    "candidate",
    "assessor_1",
    "assessor_2",
    "establisher",
    "content_checker",
    "school_supervisor",
    "workplace_supervisor",
    "school_admin",
    "exam_committee",
    "school_integration",
    "platform_admin",
    "user",
    "system",
}


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


def browser(factory, login):
    """A session as a person's browser: pages, forms and downloads, in HTML."""
    session = factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    session.headers["Accept"] = "text/html"
    return session


def ok(response, *statuses):
    assert response.status_code in (statuses or (200, 201, 204)), response.text
    return response


def evidence(session, path):
    return session.post(
        path,
        json={
            "@type": "Evidence",
            "title": "Foto van de meterkast",
            "file": {
                "data": base64.b64encode(b"JPEG-bytes").decode(),
                "encoding": "base64",
                "filename": "foto.jpg",
                "content-type": "image/jpeg",
            },
        },
    )


def relative(response):
    return response.json()["@id"].split("/plone/", 1)[1]


def walk_the_whole_process(process, functional_portal):
    """Every kind of journaled step on Sanne's PvB, each by the person who takes it."""
    admin, supervisor = process.as_("beheer-vaart"), process.as_("docent-vaart")
    candidate, committee = process.as_("student-sanne"), process.as_("examencie-vaart")
    # Preparation: the link, the people, an attachment, another assignment, a voided approval.
    ok(admin.patch(SANNE, json={"userid": None}))
    ok(admin.patch(SANNE, json={"userid": "student-sanne"}))
    swapped = {"assessor_1": "beoordelaar-2", "assessor_2": "beoordelaar-1"}
    ok(supervisor.patch(f"{process.path}/@people", json=swapped))
    back = {"assessor_1": "beoordelaar-1", "assessor_2": "beoordelaar-2"}
    ok(supervisor.patch(f"{process.path}/@people", json=back))
    ok(
        supervisor.post(
            process.path,
            json={
                "@type": "File",
                "title": "bijlage.pdf",
                "file": {
                    "data": base64.b64encode(b"%PDF-1.4 bijlage").decode(),
                    "encoding": "base64",
                    "filename": "bijlage.pdf",
                    "content-type": "application/pdf",
                },
            },
        )
    )
    transaction.begin()
    other = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    ok(supervisor.post(f"{process.path}/@replace-assignment", json={"assignment_uid": other}))
    ok(process.approve("student-sanne"))
    ok(supervisor.patch(process.path, json={"exam_location": "Werkplaats Zwolle"}))
    process.to_execution()
    # Execution: evidence, an appointment made and changed, a download, a pause, people.
    upload = ok(evidence(candidate, process.path))
    appointment = ok(
        candidate.post(
            process.path,
            json={"@type": "Appointment", "title": "Gesprek", "start": "2027-03-01T10:00:00"},
        )
    )
    ok(candidate.patch(relative(appointment), json={"location": "Zwolle"}))
    page = browser(process.factory, "praktijk-jansen")
    ok(page.get(f"{relative(upload)}/@@download/file"))
    ok(supervisor.post(f"{process.path}/@pause", json={"reason": "Ziekte"}))
    ok(process.transition("docent-vaart", "resume"))
    for first, second in (("beoordelaar-2", "beoordelaar-1"), ("beoordelaar-1", "beoordelaar-2")):
        swap = {"assessor_1": first, "assessor_2": second, "reason": "Rooster gewijzigd"}
        ok(admin.patch(f"{process.path}/@people", json=swap))
    ok(process.transition("docent-vaart", "start_assessment"))
    # Assessment: both forms, a correction by the exam committee, the result.
    process.fill_form("beoordelaar-1")
    process.fill_form("beoordelaar-2")
    original = process.as_("beoordelaar-1").get(f"{process.path}/@assessment").json()
    ok(
        committee.post(
            f"{process.path}/@assessment-correction",
            json={"form": original["@id"].rsplit("/", 1)[1], "decision": "Besluit EC 2027-1"},
        )
    )
    assessor = process.as_("beoordelaar-1")
    ok(assessor.post(f"{process.path}/@record-assessment", json={}))
    ok(
        committee.post(
            f"{process.path}/@establish-result", json={"result": "passed", "motivation": "Goed"}
        )
    )
    # Outside the PvB: archive and restore another candidate, an export of the group.
    ok(admin.post(f"{ANOTHER_CANDIDATE}/@workflow/archive", json={}))
    ok(admin.post(f"{ANOTHER_CANDIDATE}/@workflow/restore", json={}))
    ok(browser(process.factory, "docent-vaart").get(f"{SANNE.rsplit('/', 1)[0]}/@@group-export"))


def assert_who_role_when(entry):
    where = f"{entry['action']} #{entry['seq']} of {entry['chain']}"
    assert entry.get("role") in ROLES, where
    assert entry.get("actor") or entry["role"] == "system", where
    assert datetime.fromisoformat(entry["time"]).utcoffset().total_seconds() == 0, where


def test_every_entry_of_a_whole_process_says_who_in_what_role_when(process, functional_portal):
    walk_the_whole_process(process, functional_portal)
    items = process.journal()["items"]
    assert process.journal()["verified"] is True
    for entry in items:
        assert_who_role_when(entry)
        assert entry["role_title"], entry
    done = {e["action"] for e in items}
    assert done >= {
        "login_link_changed",
        "people_changed",
        "attachment_added",
        "assignment_replaced",
        "approved",
        "approval_voided",
        "transition",
        "evidence_uploaded",
        "appointment_created",
        "appointment_changed",
        "evidence_downloaded",
        "paused",
        "form_created",
        "form_recorded",
        "correction_created",
        "result_established",
    }
    roles = {(e["action"], e["actor"], e["role"]) for e in items}
    assert roles >= {
        ("login_link_changed", "beheer-vaart", "school_admin"),
        ("people_changed", "docent-vaart", "school_supervisor"),
        ("people_changed", "beheer-vaart", "school_admin"),
        ("attachment_added", "docent-vaart", "school_supervisor"),
        ("assignment_replaced", "docent-vaart", "school_supervisor"),
        ("approved", "student-sanne", "candidate"),
        ("approved", "docent-vaart", "school_supervisor"),
        ("approved", "praktijk-jansen", "workplace_supervisor"),
        ("approval_voided", "docent-vaart", "school_supervisor"),
        ("transition", "vaststeller-vaart", "establisher"),
        ("evidence_uploaded", "student-sanne", "candidate"),
        ("appointment_created", "student-sanne", "candidate"),
        ("appointment_changed", "student-sanne", "candidate"),
        ("evidence_downloaded", "praktijk-jansen", "workplace_supervisor"),
        ("paused", "docent-vaart", "school_supervisor"),
        ("form_created", "beoordelaar-1", "assessor_1"),
        ("form_recorded", "beoordelaar-2", "assessor_2"),
        ("correction_created", "examencie-vaart", "exam_committee"),
        ("result_established", "examencie-vaart", "exam_committee"),
    }
    # Every chain of the site, the site's own included (archive, restore, export, the
    # links made with the demo candidates), carries them too.
    transaction.begin()
    catalog = functional_portal.portal_catalog
    owners = [functional_portal] + [
        b._unrestrictedGetObject() for b in catalog.unrestrictedSearchResults(portal_type="PvB")
    ]
    site_entries = list(chain_for(functional_portal, create=False))
    for owner in owners:
        for entry in chain_for(owner, create=False) or ():
            assert_who_role_when(entry)
    archived = [e for e in site_entries if e["action"] == "transition"]
    assert {(e["details"]["transition"], e["role"]) for e in archived} >= {
        ("archive", "school_admin"),
        ("restore", "school_admin"),
    }
    exported = [e for e in site_entries if e["action"] == "exported"]
    assert (exported[-1]["actor"], exported[-1]["role"]) == ("docent-vaart", "school_supervisor")


def test_the_role_is_shown_translated_over_rest_and_on_the_page(process, request_factory):
    process.to_establishment()
    committee = process.as_("examencie-vaart")
    dutch = committee.get(f"{process.path}/@journal", headers={"Accept-Language": "nl"}).json()
    english = committee.get(f"{process.path}/@journal", headers={"Accept-Language": "en"}).json()
    signed = {
        e["details"]["role"]: e["role_title"] for e in dutch["items"] if e["action"] == "approved"
    }
    assert signed == {
        "candidate": "kandidaat",
        "school_supervisor": "ROC-begeleider",
        "workplace_supervisor": "praktijkbegeleider",
    }
    assert {e["role_title"] for e in english["items"] if e["action"] == "approved"} == {
        "candidate",
        "school supervisor",
        "workplace supervisor",
    }
    page = browser(request_factory, "examencie-vaart")
    for language, header, role in (
        ("nl", "Rol", "praktijkbegeleider"),
        ("en", "Role", "workplace supervisor"),
    ):
        html = page.get(process.path, headers={"Accept-Language": language}).text
        journal = html[html.index('id="pvb-journal"') :]
        journal = journal[: journal.index("</table>")]
        assert f">{header}</th>" in journal
        assert f"<td>{role}</td>" in journal


def test_entries_from_before_roles_still_verify_and_show(
    process, functional_portal, request_factory
):
    transaction.begin()
    pvb = functional_portal.unrestrictedTraverse(SANNE_PVB)
    chain = chain_for(pvb)
    # An entry as the journal wrote them before it journaled roles.
    chain.append(
        {
            "time": "2025-01-01T10:00:00+00:00",
            "actor": "docent-vaart",
            "action": "people_changed",
            "object": "/".join(pvb.getPhysicalPath()),
            "details": {"changes": {}},
        }
    )
    heads(functional_portal)[chain.chain_id] = (chain.length, chain.last_hash)
    transaction.commit()
    journal = process.journal()
    assert journal["verified"] is True
    [old] = [e for e in journal["items"] if e["time"].startswith("2025-01-01")]
    assert old.get("role") is None
    assert old["role_title"] is None
    page = browser(request_factory, "examencie-vaart")
    assert page.get(process.path).status_code == 200
    assert process.as_("platformbeheer").get("@journal-verify").json()["verified"] is True


def appointment_entries(process):
    return [e for e in process.journal()["items"] if e["action"].startswith("appointment_")]


def test_appointments_are_journaled_when_made_and_changed_over_rest(process):
    process.to_execution()
    candidate = process.as_("student-sanne")
    made = ok(
        candidate.post(
            process.path,
            json={"@type": "Appointment", "title": "Gesprek", "start": "2027-03-01T10:00:00"},
        )
    )
    ok(candidate.patch(relative(made), json={"location": "Zwolle", "title": "Eindgesprek"}))
    created, changed = appointment_entries(process)
    assert created["action"] == "appointment_created"
    assert (created["actor"], created["role"]) == ("student-sanne", "candidate")
    assert created["details"]["title"] == "Gesprek"
    assert created["details"]["start"].startswith("2027-03-01T10:00")
    assert changed["action"] == "appointment_changed"
    assert changed["details"]["changes"] == {
        "location": [None, "Zwolle"],
        "title": ["Gesprek", "Eindgesprek"],
    }


def form_fields(html):
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="submit"' not in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_appointments_are_journaled_when_made_and_changed_by_form(process, request_factory):
    process.to_execution()
    page = browser(request_factory, "docent-vaart")
    fields = form_fields(page.get(f"{process.path}/++add++Appointment").text)
    fields.update(
        {
            "form.widgets.IBasic.title": "Bezoek op de werkplek",
            "form.widgets.start": "2027-03-02T09:30",
            "form.widgets.location": "Zwolle",
            "form.buttons.save": "Opslaan",
        }
    )
    added = page.post(f"{process.path}/++add++Appointment", data=fields)
    assert added.status_code == 200
    [created] = appointment_entries(process)
    assert (created["actor"], created["role"]) == ("docent-vaart", "school_supervisor")
    assert created["details"]["location"] == "Zwolle"
    # The form ends on the PvB page (browser/appointment.py); the appointment is in its list.
    assert added.url.rstrip("/").endswith(process.path)
    [made] = process.dossier()["appointments"]
    appointment = made["@id"].split("/plone/", 1)[1]
    fields = form_fields(page.get(f"{appointment}/@@edit").text)
    fields.update({"form.widgets.location": "Deventer", "form.buttons.save": "Opslaan"})
    assert page.post(f"{appointment}/@@edit", data=fields).status_code == 200
    _created, changed = appointment_entries(process)
    assert changed["details"]["changes"] == {"location": ["Zwolle", "Deventer"]}
    assert (changed["actor"], changed["role"]) == ("docent-vaart", "school_supervisor")
