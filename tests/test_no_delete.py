"""Nothing is ever deleted (issue 17, rule 3).

No role, the platform admin included, removes a school, bank, assignment, group, candidate,
PvB or anything in a PvB: not over REST, not through Plone's screens (delete_confirmation,
folder contents), not through the ZMI or code, not by moving it out or renaming it. A
mistaken group or candidate is archived. Only the removal of the whole site goes through.
"""

from Acquisition import aq_parent
from OFS.CopySupport import CopyError
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.protect.authenticator import createToken
from plone.testing import zope
from proeve import PROFILE_ID
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import add_attachment
from tests.test_supplementary import MEETRAPPORT
from zExceptions import Forbidden
from zExceptions import Unauthorized
import pytest
import transaction


SCHOOL = "scholen/roc-de-vaart"
BANK = f"{SCHOOL}/opdrachtenbank"
GROUP = f"{SCHOOL}/mei-2024-25451"
CANDIDATE = f"{GROUP}/kandidaat-0002"
PREPARATION = f"{CANDIDATE}/pvb-demo"
EXECUTION = f"{GROUP}/kandidaat-0004/pvb-demo"
ASSESSMENT = f"{GROUP}/kandidaat-0005/pvb-demo"
# The school admin and the platform admin (Manager).
LOGINS = ("beheer-vaart", "platformbeheer")
ASSIGNMENT = {
    "@type": "ExamAssignment",
    "title": "Concept",
    "crebo": "25451",
    "qualification": "Monteur",
    "qualification_cohort": 2024,
    "kind": "school",
    "work_processes": [{"code": "W1", "title": "A", "criteria": [{"id": "c1", "text": "x"}]}],
}


def relative(functional_portal, response):
    assert response.status_code == 201, response.text
    return response.json()["@id"].replace(functional_portal.absolute_url() + "/", "")


def child_of_type(portal, path, kind):
    folder = portal.unrestrictedTraverse(path)
    return next(f"{path}/{o.getId()}" for o in folder.objectValues() if o.portal_type == kind)


@pytest.fixture
def records(functional_portal, request_factory, sent_mail):
    """name -> path: the demo records in every phase, and records made just now (an empty
    group, a candidate without a PvB, a draft assignment, an attachment, an aanvulopdracht)."""
    portal = functional_portal
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    supervisor = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    group = admin.post(
        SCHOOL,
        json={
            "@type": "ExamGroup",
            "title": "Per ongeluk",
            "qualification_cohort": 2025,
            "crebo": "25451",
        },
    )
    candidate = admin.post(
        GROUP,
        json={
            "@type": "Candidate",
            "student_code": "990001",
            "first_name": "Fout",
            "last_name": "Aangemaakt",
        },
    )
    draft = supervisor.post(BANK, json=ASSIGNMENT)
    supplementary = supervisor.post(EXECUTION, json=MEETRAPPORT)
    transaction.begin()  # see what the server committed
    pvb = portal.unrestrictedTraverse(PREPARATION)
    add_attachment(pvb, "tekening", "Tekening", b"%PDF-1.4", "tekening.pdf")
    transaction.commit()
    return {
        "schools folder": "scholen",
        "school": SCHOOL,
        "national bank": "examenbank",
        "school bank": BANK,
        "established assignment": f"{BANK}/meterkast-vervangen",
        "draft assignment": relative(portal, draft),
        "empty group": relative(portal, group),
        "candidate without PvB": relative(portal, candidate),
        "group": GROUP,
        "candidate": CANDIDATE,
        "PvB in preparation": PREPARATION,
        "attachment": f"{PREPARATION}/tekening",
        "closed PvB": f"{GROUP}/kandidaat-0006/pvb-demo",
        "evidence": child_of_type(portal, EXECUTION, "Evidence"),
        "appointment": child_of_type(portal, EXECUTION, "Appointment"),
        "aanvulopdracht": relative(portal, supplementary),
        "assessment form": child_of_type(portal, ASSESSMENT, "AssessmentForm"),
    }


def still_there(request_factory, paths):
    platform = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD))
    return [path for path in paths if platform.get(path).status_code != 200]


def refused_page(response):
    """Plone's own refusal: a 4xx, or its page for insufficient privileges."""
    return 400 <= response.status_code < 500 or "insufficient-privileges" in response.url


def token(login):
    """The CSRF token Plone's forms carry for this login."""
    with api.env.adopt_user(username=login):
        return createToken()


@pytest.mark.parametrize("login", LOGINS)
def test_rest_delete_is_refused_with_a_code(request_factory, records, login):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD))
    wrong = []
    for name, path in records.items():
        response = session.delete(path, headers={"Accept-Language": "nl"})
        error = response.json().get("error", {}) if response.text else {}
        if response.status_code != 403 or error.get("code") != "not_deletable":
            wrong.append(f"{name}: {response.status_code} {response.text[:80]}")
        elif "archiveert u" not in error["message"]:
            wrong.append(f"{name}: message {error['message']}")
    assert wrong == []
    assert still_there(request_factory, records.values()) == []


def test_the_refusal_speaks_the_language_of_the_request(request_factory, records):
    session = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    response = session.delete(records["candidate without PvB"], headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("Exam records are never deleted")


def test_the_candidate_keeps_what_they_uploaded_and_planned(request_factory, records):
    """Evidence and appointments only exist after the vaststelling: never removed."""
    candidate = request_factory(basic_auth=("student-eline", DEMO_PASSWORD))
    for name in ("evidence", "appointment"):
        response = candidate.delete(records[name])
        assert response.status_code == 403, (name, response.text)
        assert response.json()["error"]["code"] == "not_deletable"
    assert still_there(request_factory, [records["evidence"], records["appointment"]]) == []


@pytest.mark.parametrize("login", LOGINS)
def test_plone_delete_screens_refuse(functional_portal, request_factory, records, login):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    html = {"Accept": "text/html"}
    authenticator = token(login)
    paths = [records[n] for n in ("candidate without PvB", "empty group", "PvB in preparation")]
    for path in paths:
        form = session.get(f"{path}/delete_confirmation", headers=html)
        assert refused_page(form), (path, form.status_code, form.url)
        assert "form.buttons.Delete" not in form.text
        posted = session.post(
            f"{path}/delete_confirmation",
            data={"form.buttons.Delete": "Delete", "_authenticator": authenticator},
            headers=html,
        )
        assert refused_page(posted), (path, posted.status_code, posted.url)
        direct = session.get(f"{path}/object_delete?_authenticator={authenticator}", headers=html)
        assert refused_page(direct), (path, direct.status_code, direct.url)
    # Folder contents: every selected item is refused, nothing goes.
    uids = [functional_portal.unrestrictedTraverse(p).UID() for p in paths[:2]]
    response = session.post(
        f"{SCHOOL}/@@fc-delete",
        data={
            "selection": f'["{uids[0]}", "{uids[1]}"]',
            "folder": f"/{SCHOOL}",
            "_authenticator": authenticator,
        },
    )
    assert response.status_code < 500
    assert still_there(request_factory, paths) == []


@pytest.mark.parametrize("login", LOGINS)
def test_zmi_delete_is_refused(request_factory, records, login):
    """manage_delObjects on the parent, as Zope's management screens post it."""
    session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    authenticator = token(login)
    for name in ("candidate without PvB", "empty group", "evidence"):
        path = records[name]
        parent, item = path.rsplit("/", 1)
        response = session.post(
            f"{parent}/manage_delObjects",
            data={"ids:list": item, "_authenticator": authenticator},
            headers={"Accept": "text/html"},
        )
        assert refused_page(response), (name, response.status_code, response.url)
    assert still_there(request_factory, records.values()) == []


def forced(obj, *permissions):
    """Give the Manager a permission on obj and its parent, as a slip in a workflow would:
    the server must refuse all the same."""
    for item in (obj, aq_parent(obj)):
        for permission in permissions:
            item.manage_permission(permission, ["Manager"], acquire=False)


def test_code_and_a_slipped_permission_are_refused_too(functional_portal, records):
    portal = functional_portal
    login(portal, "platformbeheer")
    try:
        for name in ("candidate without PvB", "empty group", "PvB in preparation", "attachment"):
            obj = portal.unrestrictedTraverse(records[name])
            parent = aq_parent(obj)
            with pytest.raises((Unauthorized, Forbidden)):
                api.content.delete(obj=obj)
            transaction.abort()
            obj = portal.unrestrictedTraverse(records[name])
            forced(obj, "Delete objects")
            with pytest.raises(Forbidden):
                aq_parent(obj).manage_delObjects([obj.getId()])
            transaction.abort()
            # Even below the permission checks (unrestricted code, a script).
            parent = aq_parent(portal.unrestrictedTraverse(records[name]))
            with pytest.raises(Forbidden):
                parent._delObject(records[name].rsplit("/", 1)[1])
            transaction.abort()
    finally:
        logout()
    for path in records.values():
        assert portal.unrestrictedTraverse(path, None) is not None, path


@pytest.mark.parametrize("login", LOGINS)
def test_moving_out_is_a_removal(functional_portal, request_factory, records, login):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD))
    url = functional_portal.absolute_url()
    moves = {
        records["candidate without PvB"]: records["empty group"],
        records["PvB in preparation"]: records["candidate without PvB"],
        records["evidence"]: PREPARATION,
        records["empty group"]: GROUP,
    }
    for source, target in moves.items():
        response = session.post(f"{target}/@move", json={"source": [f"{url}/{source}"]})
        assert response.status_code == 403, (source, response.status_code, response.text)
        assert response.json()["error"]["code"] == "not_movable"
    assert still_there(request_factory, moves) == []


@pytest.mark.parametrize("login", LOGINS)
def test_cut_and_rename_screens_refuse(request_factory, records, login):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    html = {"Accept": "text/html"}
    authenticator = token(login)
    path = records["candidate without PvB"]
    cut = session.get(f"{path}/object_cut?_authenticator={authenticator}", headers=html)
    assert refused_page(cut), (cut.status_code, cut.url)
    assert "__cp" not in session.cookies
    renamed = session.post(
        f"{path}/object_rename",
        data={
            "form.widgets.new_id": "kandidaat-anders",
            "form.widgets.new_title": "Fout",
            "form.buttons.Rename": "Rename",
            "_authenticator": authenticator,
        },
        headers=html,
    )
    assert renamed.status_code < 500, renamed.status_code
    parent, item = path.rsplit("/", 1)
    zmi = session.post(
        f"{parent}/manage_renameObject",
        data={"id": item, "new_id": "kandidaat-anders", "_authenticator": authenticator},
        headers=html,
    )
    assert refused_page(zmi), (zmi.status_code, zmi.url)
    assert still_there(request_factory, [path]) == []
    assert still_there(request_factory, [f"{GROUP}/kandidaat-anders"]) != []


def test_moves_and_renames_in_code_are_refused(functional_portal, records):
    portal = functional_portal
    login(portal, "platformbeheer")
    try:
        source = portal.unrestrictedTraverse(records["candidate without PvB"])
        target = portal.unrestrictedTraverse(records["empty group"])
        with pytest.raises((CopyError, Forbidden, Unauthorized)):
            api.content.move(source=source, target=target)
        transaction.abort()
        with pytest.raises((CopyError, Forbidden)):
            aq_parent(source).manage_renameObject(source.getId(), "kandidaat-anders")
        transaction.abort()
        source = portal.unrestrictedTraverse(records["candidate without PvB"])
        forced(source, "Copy or Move", "Delete objects")
        with pytest.raises(Forbidden):
            aq_parent(source).manage_renameObject(source.getId(), "kandidaat-anders")
        transaction.abort()
        source = portal.unrestrictedTraverse(records["candidate without PvB"])
        forced(source, "Copy or Move", "Delete objects")
        clipboard = aq_parent(source).manage_cutObjects([source.getId()])
        with pytest.raises(Forbidden):
            portal.unrestrictedTraverse(records["empty group"]).manage_pasteObjects(clipboard)
        transaction.abort()
    finally:
        logout()
    assert portal.unrestrictedTraverse(records["candidate without PvB"], None) is not None
    assert len(portal.unrestrictedTraverse(records["empty group"]).objectIds()) == 0


def test_the_whole_site_can_still_be_removed(functional):
    """Removing the site (as a Zope admin does, or a test layer) takes everything along."""
    app = functional["app"]
    site_id = functional["portal"].getId()
    zope.login(app["acl_users"], SITE_OWNER_NAME)
    try:
        app.manage_delObjects([site_id])
        assert site_id not in app.objectIds()
    finally:
        transaction.abort()
        zope.logout()
    assert site_id in app.objectIds()


def test_upgrade_1007_takes_delete_and_move_away(portal):
    """A site made before 1007: the workflows and the existing objects lose both rights."""
    workflow = portal.portal_workflow["proeve_archive_workflow"]
    group = portal.unrestrictedTraverse(GROUP)
    for permission in ("Delete objects", "Copy or Move"):
        workflow.states["active"].setPermission(permission, False, ["Manager", "SchoolAdmin"])
    workflow.updateRoleMappingsFor(group)
    with api.env.adopt_user(username="beheer-vaart"):
        assert api.user.has_permission("Delete objects", obj=group)
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1006")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID)
    assert setup.listUpgrades(PROFILE_ID) == []
    for login_name in LOGINS:
        with api.env.adopt_user(username=login_name):
            assert not api.user.has_permission("Delete objects", obj=group)
            assert not api.user.has_permission("Copy or Move", obj=group)
