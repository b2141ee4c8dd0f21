"""Nobody signs in someone else's place (issue 17, rule 4).

A candidate's login is linked freely until the candidate has records; from then on the link
never changes or goes, by REST, the edit form or @school-accounts. Every link change is
journaled; an approval counts only while its signer holds the role.
"""

from io import BytesIO
from openpyxl import Workbook
from proeve.demo.users import DEMO_PASSWORD
from proeve.journal.store import chain_for
from tests.process_helpers import imported_candidate
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import base64
import pytest
import re
import transaction


SANNE = SANNE_PVB.rsplit("/", 1)[0]
GROUP = SANNE.rsplit("/", 1)[0]


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


def linked_login(portal, path=SANNE):
    transaction.begin()
    return portal.unrestrictedTraverse(path).userid


def link_changes(process):
    return [e for e in process.journal()["items"] if e["action"] == "login_link_changed"]


def test_relink_approve_relink_is_refused_over_rest(process, functional_portal):
    admin = process.as_("beheer-vaart")
    # Without records the link may change: the school admin becomes the candidate, journaled.
    taken = admin.patch(SANNE, json={"userid": "beheer-vaart"})
    assert taken.status_code == 204, taken.text
    assert process.approve("beheer-vaart").status_code == 201
    # Linking back, so the approval would pass for the real candidate's, is refused.
    back = admin.patch(SANNE, json={"userid": "student-sanne"})
    assert back.status_code == 409, back.text
    error = back.json()["error"]
    assert error["code"] == "login_link_locked"
    assert error["records"] == ["approvals"]
    assert "akkoorden" in error["message"]
    english = admin.patch(
        SANNE, json={"userid": "student-sanne"}, headers={"Accept-Language": "en"}
    )
    assert "approvals" in english.json()["error"]["message"]
    cleared = admin.patch(SANNE, json={"userid": None})
    assert cleared.status_code == 409
    assert linked_login(functional_portal) == "beheer-vaart"
    # The one change that happened says who made it, in what role, from what to what.
    [change] = link_changes(process)
    assert change["actor"] == "beheer-vaart"
    assert change["role"] == "school_admin"
    assert change["details"]["old"] == "student-sanne"
    assert change["details"]["new"] == "beheer-vaart"
    assert change["details"]["change"] == "changed"


def test_once_others_approved_the_link_no_longer_changes(process, functional_portal):
    assert process.approve("docent-vaart").status_code == 201
    refused = process.as_("beheer-vaart").patch(SANNE, json={"userid": "beheer-vaart"})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "login_link_locked"
    assert linked_login(functional_portal) == "student-sanne"
    assert link_changes(process) == []


def test_an_approval_of_a_login_no_longer_linked_does_not_count(process, functional_portal):
    assert process.approve("student-sanne").status_code == 201
    # Relinked around the rule (as a Manager could in the ZMI): Sanne's approval is void.
    transaction.begin()
    functional_portal.unrestrictedTraverse(SANNE).userid = "student-mo"
    transaction.commit()
    for login in ("docent-vaart", "praktijk-jansen"):
        assert process.approve(login).status_code == 201
    assert process.phase() == "preparation"
    [candidate_approval] = [a for a in process.dossier()["approvals"] if a["role"] == "candidate"]
    assert candidate_approval["userid"] == "student-sanne"
    assert candidate_approval["valid"] is False
    # The login linked now signs for the candidate; then the PvB moves on.
    assert process.approve("student-mo").status_code == 201
    assert process.phase() == "establishment"


def test_an_approval_of_a_replaced_supervisor_does_not_count(process, functional_portal):
    from proeve.process.approvals import all_approved
    from proeve.process.approvals import valid_approvals

    for login in ("student-sanne", "praktijk-jansen"):
        assert process.approve(login).status_code == 201
    transaction.begin()
    pvb = functional_portal.unrestrictedTraverse(SANNE_PVB)
    assert set(valid_approvals(pvb)) == {"candidate", "workplace_supervisor"}
    pvb.workplace_supervisor = "beoordelaar-2"
    assert set(valid_approvals(pvb)) == {"candidate"}
    pvb.school_supervisor = "beheer-vaart"
    assert not all_approved(pvb)
    # A people change as @people or the edit form makes it voids the approval, journaled.
    notify(ObjectModifiedEvent(pvb))
    transaction.commit()
    assert [a["role"] for a in process.dossier("beheer-vaart")["approvals"]] == ["candidate"]
    [voided] = [e for e in process.journal()["items"] if e["action"] == "approval_voided"]
    assert voided["details"] == {"role": "workplace_supervisor", "userid": "praktijk-jansen"}


def browser(factory, login):
    session = factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    session.headers["Accept"] = "text/html"
    return session


def edit_form(session, path):
    """The candidate's edit form as the browser has it: every field with its value."""
    page = session.get(f"{path}/@@edit")
    assert page.status_code == 200, page.text[:2000]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page.text):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="submit"' not in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_the_edit_form_refuses_a_relink_with_a_field_error(
    process, functional_portal, request_factory
):
    assert process.approve("praktijk-jansen").status_code == 201
    page = browser(request_factory, "beheer-vaart")
    for login in ("beheer-vaart", ""):
        fields = edit_form(page, SANNE)
        assert fields["form.widgets.userid"] == "student-sanne"
        fields["form.widgets.userid"] = login
        fields["form.buttons.save"] = "Opslaan"
        response = page.post(f"{SANNE}/@@edit", data=fields)
        assert response.status_code == 200
        assert "de login van de kandidaat kan daarom niet meer" in response.text
        assert linked_login(functional_portal) == "student-sanne"
    assert link_changes(process) == []


def test_the_edit_form_journals_a_link_change_without_records(
    process, functional_portal, request_factory
):
    page = browser(request_factory, "beheer-vaart")
    fields = edit_form(page, SANNE)
    fields["form.widgets.userid"] = ""
    fields["form.buttons.save"] = "Opslaan"
    page.post(f"{SANNE}/@@edit", data=fields)
    assert linked_login(functional_portal) is None
    [change] = link_changes(process)
    assert (change["actor"], change["role"], change["details"]["change"]) == (
        "beheer-vaart",
        "school_admin",
        "cleared",
    )


def test_school_accounts_do_not_relink_a_candidate_with_records(process, functional_portal):
    assert process.approve("student-sanne").status_code == 201
    transaction.begin()
    uid = functional_portal.unrestrictedTraverse(SANNE).UID()
    admin = process.as_("beheer-vaart")
    response = admin.post(
        "scholen/roc-de-vaart/@school-accounts",
        json={
            "username": "beheer-vaart",
            "email": "beheer-vaart@demo.proeve.invalid",
            "groups": ["Candidates"],
            "candidate": uid,
        },
    )
    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "login_link_locked"
    assert linked_login(functional_portal) == "student-sanne"
    roster = admin.get("scholen/roc-de-vaart/@school-roster").json()
    [admin_entry] = [m for m in roster["items"] if m["userid"] == "beheer-vaart"]
    assert "Candidates" not in admin_entry["groups"]


def test_a_registration_journals_the_first_link_as_the_candidate(functional_portal, as_user):
    transaction.begin()
    imported_candidate(functional_portal, 99, last_name="Smit")
    response = as_user(None).post(
        "@proeve-activation", json={"student_code": "100299", "email": "noor@example.org"}
    )
    assert response.status_code == 200, response.text
    transaction.begin()
    entries = list(chain_for(functional_portal, create=False))
    [change] = [
        e for e in entries if e["action"] == "login_link_changed" and e["details"]["new"] == "noor"
    ]
    assert (change["actor"], change["role"], change["details"]["old"]) == (
        "noor",
        "candidate",
        None,
    )


def test_the_import_links_first_logins_journaled_and_never_relinks(process, functional_portal):
    assert process.approve("student-sanne").status_code == 201
    sheet = Workbook()
    sheet.active.append(["studentcode", "voornaam", "achternaam", "e-mail", "gebruikersnaam"])
    admin_email = "beheer-vaart@demo.proeve.invalid"
    sheet.active.append(["100231", "Sanne", "de Vries", admin_email, "beheer-vaart"])
    data = BytesIO()
    sheet.save(data)
    admin = process.as_("beheer-vaart")
    body = {"file": base64.b64encode(data.getvalue()).decode(), "filename": "k.xlsx"}
    refused = admin.post(f"{GROUP}/@import-candidates", json=body)
    assert refused.status_code == 400
    assert linked_login(functional_portal) == "student-sanne"
    sheet.active.delete_rows(2)
    sheet.active.append(["500101", "Iris", "Ijzer", "iris@example.org", "iris.ijzer"])
    data = BytesIO()
    sheet.save(data)
    body["file"] = base64.b64encode(data.getvalue()).decode()
    assert admin.post(f"{GROUP}/@import-candidates", json=body).status_code == 201
    transaction.begin()
    [change] = [
        e
        for e in chain_for(functional_portal, create=False)
        if e["action"] == "login_link_changed" and e["details"]["new"] == "iris.ijzer"
    ]
    assert (change["actor"], change["role"], change["details"]["change"]) == (
        "beheer-vaart",
        "school_admin",
        "set",
    )


@pytest.fixture
def as_user(request_factory):
    def session(login):
        if login is None:
            return request_factory(role="Anonymous")
        return request_factory(basic_auth=(login, DEMO_PASSWORD))

    return session
