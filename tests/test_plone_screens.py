"""Plone's own screens work on Proeve's types or are cleanly refused (issue 17, rule 7).

The Sharing page of an exam record shows who has access; that access follows from data (the
roster, the PvB's people, the candidate's login, the archive state), so saving a change is
refused with the reason. The school admin has no Sharing page: their people get their roles
from the roster and the PvB's fields. Exam records are never copied (a copy of a PvB would
duplicate signed records); a copy of a bank assignment is Plone's, but never a 500.
"""

from Acquisition import aq_parent
from OFS.CopySupport import CopyError
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import add_attachment
from tests.test_no_delete import ASSIGNMENT
from tests.test_no_delete import BANK
from tests.test_no_delete import CANDIDATE
from tests.test_no_delete import child_of_type
from tests.test_no_delete import EXECUTION
from tests.test_no_delete import forced
from tests.test_no_delete import GROUP
from tests.test_no_delete import LOGINS
from tests.test_no_delete import PREPARATION
from tests.test_no_delete import refused_page
from tests.test_no_delete import relative
from tests.test_no_delete import SCHOOL
from tests.test_no_delete import token
from zExceptions import Forbidden
from zExceptions import Unauthorized
import pytest
import transaction


HTML = {"Accept": "text/html", "Accept-Language": "nl"}
SANNE = f"{GROUP}/kandidaat-0001"
ROLES_FROM_DATA = "Wie een examendossier ziet, volgt uit de gegevens"


def session(request_factory, login, api=True):
    return request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)


def local_roles(portal, path):
    transaction.begin()  # see what the server committed
    obj = portal.unrestrictedTraverse(path)
    return dict(obj.get_local_roles()), bool(getattr(obj, "__ac_local_roles_block__", False))


# -- the Sharing page ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [GROUP, SANNE, PREPARATION])
def test_the_sharing_page_shows_access_and_changes_nothing(
    functional_portal, request_factory, path
):
    platform = session(request_factory, "platformbeheer", api=False)
    before = local_roles(functional_portal, path)
    page = platform.get(f"{path}/@@sharing", headers=HTML)
    assert page.status_code == 200
    assert 'id="user-group-sharing"' in page.text
    # Inheritance follows the archive state: archive or restore instead.
    assert 'id="field-inherit"' not in page.text

    save = {"form.submitted:boolean": "True", "form.button.Save": "Opslaan"}
    save["_authenticator"] = token("platformbeheer")
    unchanged = platform.post(f"{path}/@@sharing", data=save, headers=HTML)
    assert unchanged.status_code == 200, unchanged.status_code
    assert ROLES_FROM_DATA not in unchanged.text

    grant = dict(save)
    grant.update(
        {
            "entries.id:records": "docent-noorder",
            "entries.type:records": "user",
            "entries.role_Reader:records": "True",
        }
    )
    refused = platform.post(f"{path}/@@sharing", data=grant, headers=HTML)
    assert refused.status_code == 200, refused.status_code
    assert ROLES_FROM_DATA in refused.text
    assert local_roles(functional_portal, path) == before


@pytest.mark.parametrize("path", [GROUP, SANNE, PREPARATION])
def test_sharing_over_rest_shows_access_and_changes_nothing(
    functional_portal, request_factory, path
):
    platform = session(request_factory, "platformbeheer")
    before = local_roles(functional_portal, path)
    shown = platform.get(f"{path}/@sharing")
    assert shown.status_code == 200
    assert shown.json()["inherit"] is True
    attempts = [
        {"inherit": False},
        {"entries": [{"id": "docent-noorder", "type": "user", "roles": {"Reader": True}}]},
    ]
    for body in attempts:
        response = platform.post(f"{path}/@sharing", json=body)
        assert response.status_code == 403, (body, response.status_code, response.text)
        assert response.json()["error"]["code"] == "roles_from_data"
    # Asking for what is already so changes nothing and is fine.
    same = platform.post(f"{path}/@sharing", json={"inherit": True, "entries": []})
    assert same.status_code == 204, same.text
    assert local_roles(functional_portal, path) == before


def test_an_archived_candidate_stays_closed(functional_portal, request_factory):
    admin = session(request_factory, "beheer-vaart")
    assert admin.post(f"{SANNE}/@workflow/archive").status_code == 200
    platform = session(request_factory, "platformbeheer")
    response = platform.post(f"{SANNE}/@sharing", json={"inherit": True})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "roles_from_data"
    assert local_roles(functional_portal, SANNE)[1] is True
    assert session(request_factory, "docent-vaart").get(SANNE).status_code in (401, 403, 404)


def test_the_school_admin_has_no_sharing_page(request_factory):
    admin = session(request_factory, "beheer-vaart")
    for path in (GROUP, SANNE, PREPARATION):
        response = admin.get(f"{path}/@sharing")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "sharing_not_allowed"
        posted = admin.post(f"{path}/@sharing", json={"inherit": False})
        assert posted.status_code == 403
        assert posted.json()["error"]["code"] == "sharing_not_allowed"
        page = session(request_factory, "beheer-vaart", api=False).get(
            f"{path}/@@sharing", headers=HTML
        )
        assert refused_page(page), (page.status_code, page.url)


# -- copies --------------------------------------------------------------------------------


@pytest.fixture
def copies(functional_portal, sent_mail):
    """source path -> a folder it could be pasted into."""
    portal = functional_portal
    add_attachment(portal.unrestrictedTraverse(PREPARATION), "tekening", "T", b"%PDF", "t.pdf")
    transaction.commit()
    return {
        GROUP: SCHOOL,
        CANDIDATE: GROUP,
        PREPARATION: f"{GROUP}/kandidaat-0003",
        child_of_type(portal, EXECUTION, "Evidence"): PREPARATION,
        child_of_type(portal, EXECUTION, "Appointment"): PREPARATION,
        child_of_type(portal, f"{GROUP}/kandidaat-0005/pvb-demo", "AssessmentForm"): PREPARATION,
        f"{PREPARATION}/tekening": EXECUTION,
    }


def contents(portal, paths):
    transaction.begin()
    return {path: sorted(portal.unrestrictedTraverse(path).objectIds()) for path in paths}


@pytest.mark.parametrize("login", LOGINS)
def test_rest_copy_of_an_exam_record_is_refused(functional_portal, request_factory, copies, login):
    before = contents(functional_portal, copies.values())
    api_session = session(request_factory, login)
    url = functional_portal.absolute_url()
    for source, target in copies.items():
        response = api_session.post(f"{target}/@copy", json={"source": [f"{url}/{source}"]})
        assert response.status_code == 403, (source, response.status_code, response.text[:200])
        assert response.json()["error"]["code"] == "not_copyable"
    assert contents(functional_portal, copies.values()) == before


def test_a_bank_assignment_copies_or_is_refused_cleanly(functional_portal, request_factory):
    platform = session(request_factory, "platformbeheer")
    url = functional_portal.absolute_url()
    established = platform.post(
        f"{BANK}/@copy", json={"source": [f"{url}/{BANK}/meterkast-vervangen"]}
    )
    assert established.status_code == 403, established.text
    assert established.json()["error"]["code"] == "not_copyable"
    # A draft is not a record yet: the platform admin may copy it.
    draft = relative(functional_portal, platform.post(BANK, json=ASSIGNMENT))
    copied = platform.post(f"{BANK}/@copy", json={"source": [f"{url}/{draft}"]})
    assert copied.status_code == 200, copied.text
    assert platform.get(copied.json()[0]["target"].replace(f"{url}/", "")).status_code == 200


def clipboard(portal, path):
    """A clipboard holding path, made while a slipped permission allowed it."""
    login(portal, "platformbeheer")
    try:
        obj = portal.unrestrictedTraverse(path)
        forced(obj, "Copy or Move")
        return aq_parent(obj).manage_copyObjects([obj.getId()])
    finally:
        transaction.abort()
        logout()


@pytest.mark.parametrize("login", LOGINS)
def test_classic_copy_and_paste_refuse(functional_portal, request_factory, copies, login):
    before = contents(functional_portal, [GROUP, SCHOOL])
    browser = session(request_factory, login, api=False)
    authenticator = token(login)
    copied = browser.get(f"{CANDIDATE}/object_copy?_authenticator={authenticator}", headers=HTML)
    assert refused_page(copied), (copied.status_code, copied.url)
    assert "__cp" not in browser.cookies
    missing = browser.get(f"{CANDIDATE}/@@copy", headers=HTML)
    assert 400 <= missing.status_code < 500
    zmi_copy = browser.post(
        f"{GROUP}/manage_copyObjects",
        data={"ids:list": "kandidaat-0002", "_authenticator": authenticator},
        headers=HTML,
    )
    assert refused_page(zmi_copy), (zmi_copy.status_code, zmi_copy.url)

    # A clipboard with an exam record (made while a permission slipped) pastes nothing.
    held = clipboard(functional_portal, CANDIDATE)
    pasted = browser.post(
        f"{GROUP}/object_paste",
        data={"__cp": held, "_authenticator": authenticator},
        headers=HTML,
    )
    assert pasted.status_code < 500, pasted.status_code
    zmi_paste = browser.post(
        f"{GROUP}/manage_pasteObjects",
        data={"cb_copy_data": held, "_authenticator": authenticator},
        headers=HTML,
    )
    assert refused_page(zmi_paste), (zmi_paste.status_code, zmi_paste.url)
    assert contents(functional_portal, [GROUP, SCHOOL]) == before


def test_copies_in_code_are_refused(functional_portal, copies):
    portal = functional_portal
    folders = [*copies.values(), *(p.rsplit("/", 1)[0] for p in copies)]
    before = contents(portal, folders)
    login(portal, "platformbeheer")
    try:
        for source, target in copies.items():
            obj = portal.unrestrictedTraverse(source)
            with pytest.raises((CopyError, Forbidden, Unauthorized)):
                api.content.copy(source=obj, target=portal.unrestrictedTraverse(target))
            transaction.abort()
        # The server refuses even when a permission slips in a workflow (pasted beside the
        # original, where the platform admin may add it).
        for source in (GROUP, CANDIDATE, PREPARATION, f"{PREPARATION}/tekening"):
            obj = portal.unrestrictedTraverse(source)
            forced(obj, "Copy or Move")
            held = aq_parent(obj).manage_copyObjects([obj.getId()])
            with pytest.raises(Forbidden):
                aq_parent(obj).manage_pasteObjects(held)
            transaction.abort()
    finally:
        logout()
    assert contents(portal, folders) == before
