"""No undo, no ZMI method, no WebDAV verb and no version revert changes an exam record.

Real HTTP through the functional layer, as the demo logins; after each refusal the record
(scores, modified date, properties, permissions, local roles, lock, workflow state, versions
and the PvB's journal) is exactly what it was.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from datetime import datetime
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from plone.protect.authenticator import createToken
from proeve.demo.users import DEMO_PASSWORD
from proeve.journal.store import chain_for
from tests.process_helpers import add_attachment
from tests.process_helpers import Process
import json
import pytest
import transaction


PROPPATCH = (
    '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" '
    'xmlns:z="http://www.zope.org/propsets/default"><d:set><d:prop><z:title>Veranderd</z:title>'
    "</d:prop></d:set></d:propertyupdate>"
)
LOCK = (
    '<?xml version="1.0"?><d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/></d:lockscope>'
    "<d:locktype><d:write/></d:locktype><d:owner>iemand</d:owner></d:lockinfo>"
)
# Each WebDAV verb: (the part of the PvB it goes to, extra request arguments).
VERBS = {
    "PROPPATCH": (None, {"data": PROPPATCH, "headers": {"Content-Type": "text/xml"}}),
    "LOCK": (None, {"data": LOCK, "headers": {"Content-Type": "text/xml"}}),
    "UNLOCK": (None, {"headers": {"Lock-Token": "<opaquelocktoken:x>"}}),
    "PUT": (None, {"data": b"andere inhoud", "headers": {"Content-Type": "text/plain"}}),
    "DELETE": (None, {}),
    "MOVE": (None, {"headers": {"Destination": "{portal}/verplaatst"}}),
    "COPY": (None, {"headers": {"Destination": "{portal}/kopie"}}),
    "MKCOL": ("nieuwe-map", {}),
}
# A WebDAV DELETE (and, switched on, a MOVE) of a record was refused before: nobody has
# Delete objects, and the subscribers refuse a removal or move (test_records, test_no_delete).
REFUSED_BEFORE_WHEN_OFF = {"DELETE"}
REFUSED_BEFORE_WHEN_ON = {"DELETE", "MOVE"}


@pytest.fixture
def closed(functional_portal, request_factory):
    """Sanne's PvB, closed, with her evidence and appointment, an attachment and two
    recorded forms."""
    process = Process(request_factory)
    process.to_execution()
    transaction.begin()
    pvb = functional_portal.unrestrictedTraverse(process.path)
    with api.env.adopt_user(username="student-sanne"):
        createContentInContainer(
            pvb,
            "Evidence",
            checkConstraints=False,
            id="foto",
            title="Foto meterkast",
            file=NamedBlobFile(b"JPEGDATA", filename="meterkast.jpg"),
        )
        createContentInContainer(
            pvb,
            "Appointment",
            checkConstraints=False,
            id="afspraak",
            title="Praktijkdag",
            start=datetime(2026, 12, 20, 9, 0),
        )
    add_attachment(pvb, "bijlage", "Tekening", b"PDFDATA", "tekening.pdf")
    transaction.commit()
    process.close_from_execution()
    transaction.begin()
    return process


def parts(portal, process):
    """The records of the closed PvB, by name: path of each."""
    pvb = portal.unrestrictedTraverse(process.path)
    form = [o for o in pvb.objectValues() if o.portal_type == "AssessmentForm"][0]
    return {
        "pvb": process.path,
        "form": f"{process.path}/{form.getId()}",
        "evidence": f"{process.path}/foto",
        "attachment": f"{process.path}/bijlage",
        "appointment": f"{process.path}/afspraak",
    }


def versions(obj):
    with api.env.adopt_roles(["Manager"]):
        metadata = api.portal.get_tool("portal_repository").getHistoryMetadata(obj)
        return metadata.getLength(countPurged=False) if metadata else 0


def snapshot(portal, process):
    """Everything of the records that no refused request may change."""
    transaction.begin()
    state = {}
    for name, path in parts(portal, process).items():
        obj = portal.unrestrictedTraverse(path)
        state[name] = {
            "scores": json.dumps(getattr(aq_base(obj), "scores", None), default=str),
            "title": obj.title,
            "modified": obj.modified(),
            "effective": obj.effective_date,
            "properties": dict(obj.propertyItems()),
            "permissions": {
                k: v for k, v in vars(aq_base(obj)).items() if k.endswith("_Permission")
            },
            "local_roles": dict(obj.__ac_local_roles__ or {}),
            "locked": bool(obj.wl_lockValues()),
            "state": api.content.get_state(obj, None),
            "versions": versions(obj),
        }
    pvb = portal.unrestrictedTraverse(process.path)
    state["journal"] = chain_for(pvb, create=False).length
    state["ids"] = sorted(pvb.objectIds())
    state["site_ids"] = sorted(portal.objectIds())
    return state


def session(request_factory, login_name, api_=False):
    return request_factory(basic_auth=(login_name, DEMO_PASSWORD), api=api_)


def refusal(response):
    return response.status_code, response.json()["error"]["code"]


def refused_as(response, status, code):
    """That refusal; or Zope's own before it: 401 for a user without the verb's permission,
    404 for a collection to be made in what is not one (MKCOL in a form)."""
    return response.status_code in (401, 404) or refusal(response) == (status, code)


# The owner of each record, and the platform admin (Manager at site level).
OWNERS = {
    "form": "beoordelaar-1",
    "evidence": "student-sanne",
    "attachment": "docent-vaart",
    "appointment": "student-sanne",
}


class TestUndo:
    @pytest.mark.parametrize(
        "login_name", ["platformbeheer", "beheer-vaart", "student-mo", "koppeling-vaart"]
    )
    def test_transactions_are_listed_to_nobody(self, closed, request_factory, login_name):
        response = session(request_factory, login_name, api_=True).get("@transactions")
        assert refusal(response) == (403, "undo_disabled")
        assert response.json()["error"]["message"].startswith("Ongedaan maken staat uit")

    def test_anonymous_gets_the_same_refusal(self, closed, request_factory):
        response = request_factory(role="Anonymous").get("@transactions")
        assert refusal(response) == (403, "undo_disabled")

    def test_the_platform_admin_cannot_undo_the_recording(
        self, functional_portal, closed, request_factory
    ):
        before = snapshot(functional_portal, closed)
        # The id of the transaction that recorded the form, as @transactions gave it.
        undo_id = "A5u7uvcs+TM= 2026-12-06T03:36:28 /plone/scholen/.../@record-assessment"
        platform = session(request_factory, "platformbeheer", api_=True)
        response = platform.patch("@transactions", json={"transaction_ids": [undo_id]})
        assert refusal(response) == (403, "undo_disabled")
        assert snapshot(functional_portal, closed) == before

    def test_no_undo_page_in_the_site(self, functional_portal, closed, request_factory):
        platform = session(request_factory, "platformbeheer")
        for method, name, data in (
            ("get", "manage_UndoForm", None),
            ("get", "undo_form", None),
            ("post", "manage_undo_transactions", {"transaction_info": ["x"]}),
            ("get", "portal_undo/listUndoableTransactionsFor", {"object": "/plone"}),
        ):
            response = getattr(platform, method)(name, data=data, allow_redirects=False)
            assert response.status_code in (401, 403, 404), (name, response.status_code)
        transaction.begin()
        for permission in ("List undoable changes", "Undo changes"):
            with api.env.adopt_user(username="platformbeheer"):
                assert not api.user.has_permission(permission, obj=functional_portal)


class TestUndoAtTheZopeRoot:
    """Undo at the Zope root is off by its permission, set at every start (proeve.undo)."""

    def root_admin_can(self, app, permission, obj):
        from AccessControl.SecurityManagement import newSecurityManager
        from plone.app.testing import SITE_OWNER_NAME

        newSecurityManager(None, app.acl_users.getUser(SITE_OWNER_NAME).__of__(app.acl_users))
        try:
            return bool(api.user.has_permission(permission, obj=obj))
        finally:
            logout()

    def test_the_zope_root_admin_lists_and_undoes_nothing(
        self, functional_portal, request_factory, database_url
    ):
        app = functional_portal.getPhysicalRoot()
        admin = request_factory(role="Manager", api=False)
        assert admin.get(f"{app.absolute_url()}/manage_main").status_code == 200
        # Zope's only undo: per database in the Control Panel (App.Undo.UndoSupport).
        assert admin.get(f"{database_url}/manage_main").status_code == 200
        for method, name, data in (
            ("get", "manage_UndoForm", None),
            ("post", "manage_undo_transactions", {"transaction_info": ["x"]}),
        ):
            url = f"{database_url}/{name}"
            response = getattr(admin, method)(url, data=data, allow_redirects=False)
            assert response.status_code in (401, 403), (name, response.status_code)
        transaction.begin()
        database = app.Control_Panel.Database["main"]
        for permission in ("Undo changes", "List undoable changes"):
            assert not self.root_admin_can(app, permission, database)
            assert not self.root_admin_can(app, permission, app)

    def test_every_start_closes_undo_again(self, functional_portal):
        """A role given "Undo changes" in the ZMI loses it when Zope starts."""
        from zope.event import notify
        from zope.processlifetime import DatabaseOpenedWithRoot

        app = functional_portal.getPhysicalRoot()
        app.manage_permission("Undo changes", ["Manager"], acquire=1)
        app.manage_permission("List undoable changes", ["Manager"], acquire=0)
        transaction.commit()
        assert self.root_admin_can(app, "Undo changes", app)
        notify(DatabaseOpenedWithRoot(app._p_jar.db()))
        transaction.begin()
        assert not self.root_admin_can(app, "Undo changes", app)
        assert not self.root_admin_can(app, "List undoable changes", app)
        assert "undo off at the Zope root" in app._p_jar.db().history(app._p_oid)[0]["description"]


class TestZmiMethods:
    """manage_* of the object answered 404 already (publishing.refuse_methods); the owner's
    PROPPATCH and LOCK of the same record did not."""

    CALLS = (
        ("manage_editProperties", {"title": "Veranderd"}),
        ("manage_changeProperties", {"title": "Veranderd"}),
        ("manage_addProperty", {"id": "extra", "value": "x", "type": "string"}),
        (
            "manage_permission",
            {"permission_to_manage": "Modify portal content", "roles": ["Owner"], "acquire": "1"},
        ),
        ("manage_setLocalRoles", {"userid": "student-mo", "roles": ["Owner"]}),
        ("manage_addLocalRoles", {"userid": "student-mo", "roles": ["Editor"]}),
        ("manage_delLocalRoles", {"userids": ["beoordelaar-1", "student-sanne"]}),
    )

    @pytest.mark.parametrize("part", sorted(OWNERS))
    def test_owner_and_platform_admin_change_nothing(
        self, functional_portal, closed, request_factory, part, monkeypatch
    ):
        monkeypatch.delenv("PROEVE_WEBDAV", raising=False)
        before = snapshot(functional_portal, closed)
        path = parts(functional_portal, closed)[part]
        url = f"{functional_portal.absolute_url()}/{path}"
        for login_name in (OWNERS[part], "platformbeheer"):
            browser = session(request_factory, login_name)
            for name, data in self.CALLS:
                response = browser.post(f"{path}/{name}", data=data, allow_redirects=False)
                assert response.status_code == 404, (login_name, name, response.status_code)
            # The same property and a lock, through WebDAV (off: the operator did not
            # switch it on).
            for verb in ("PROPPATCH", "LOCK"):
                response = browser.request(verb, url, **VERBS[verb][1])
                assert refusal(response) == (405, "webdav_off"), (login_name, verb)
        assert snapshot(functional_portal, closed) == before


def put_token(portal, login_name):
    login(portal, login_name)
    token = createToken()
    logout()
    return token


class TestClassicAndVersions:
    def save_a_version(self, portal, path, pvb_path):
        """A version from before this change (today nobody may save one of a record)."""
        obj = portal.unrestrictedTraverse(path)
        if versions(obj):
            return  # the form: a version on every save of its draft
        permission = "CMFEditions: Save new version"
        own = permission in [p[0] for p in obj.ac_inherited_permissions(1)]
        holder = obj if own else portal.unrestrictedTraverse(pvb_path)  # evidence, attachment
        holder.manage_permission(permission, ["Manager"], 0)
        with api.env.adopt_roles(["Manager"]):
            api.portal.get_tool("portal_repository").save(obj=obj, comment="vooraf")
        for workflow in api.portal.get_tool("portal_workflow").getWorkflowsFor(holder):
            workflow.updateRoleMappingsFor(holder)
        transaction.commit()

    # A recorded form already had its own workflow's refusals (test_records).
    @pytest.mark.parametrize("part", ["pvb", "evidence", "attachment", "appointment"])
    def test_no_new_version_no_revert_no_status_edit(
        self, functional_portal, closed, request_factory, part
    ):
        path = parts(functional_portal, closed)[part]
        self.save_a_version(functional_portal, path, closed.path)
        before = snapshot(functional_portal, closed)
        for login_name in (OWNERS.get(part, "docent-vaart"), "platformbeheer"):
            token = put_token(functional_portal, login_name)
            browser = session(request_factory, login_name)
            rest = session(request_factory, login_name, api_=True)
            response = browser.post(
                f"{path}/@@saveasnewversion",
                data={"versioncomment": "nieuw", "_authenticator": token},
                allow_redirects=False,
            )
            assert response.status_code in (401, 403), (login_name, response.status_code)
            response = browser.post(
                f"{path}/@@revertversion",
                data={"version_id": "0", "_authenticator": token},
                allow_redirects=False,
            )
            assert response.status_code in (401, 403), (login_name, response.status_code)
            response = rest.patch(f"{path}/@history", json={"version": 0})
            assert response.status_code in (401, 403), (login_name, response.status_code)
            assert response.json()["error"]["code"] in ("unauthorized", "forbidden")
            browser.post(
                f"{path}/content_status_modify",
                data={
                    "workflow_action": "record",
                    "effective_date": "2020-01-01 10:00",
                    "expiration_date": "2030-01-01 10:00",
                    "_authenticator": token,
                },
                allow_redirects=False,
            )
        assert snapshot(functional_portal, closed) == before


class TestWebdav:
    def request(self, request_factory, portal, login_name, verb, path):
        sub, kwargs = VERBS[verb]
        kwargs = json.loads(json.dumps(kwargs, default=lambda b: b.decode()))
        headers = kwargs.setdefault("headers", {})
        headers.setdefault("Accept", "text/xml")  # a WebDAV client, not the REST API
        if "Destination" in headers:
            headers["Destination"] = headers["Destination"].format(portal=portal.absolute_url())
        url = f"{portal.absolute_url()}/{path}" + (f"/{sub}" if sub else "")
        return session(request_factory, login_name).request(verb, url, **kwargs)

    @pytest.mark.parametrize("verb", sorted(set(VERBS) - REFUSED_BEFORE_WHEN_OFF))
    def test_off_by_default(self, functional_portal, closed, request_factory, verb, monkeypatch):
        monkeypatch.delenv("PROEVE_WEBDAV", raising=False)
        before = snapshot(functional_portal, closed)
        for part, path in parts(functional_portal, closed).items():
            for login_name in (OWNERS.get(part, "docent-vaart"), "platformbeheer"):
                response = self.request(request_factory, functional_portal, login_name, verb, path)
                if verb == "PUT":  # also a verb of plone.rest: refused after Zope's check
                    assert refused_as(response, 405, "webdav_off"), (part, login_name)
                else:
                    assert refusal(response) == (405, "webdav_off"), (part, login_name)
        assert snapshot(functional_portal, closed) == before

    @pytest.mark.parametrize("login_name", ["platformbeheer", "beheer-noorder", "student-mo"])
    def test_propfind_off_by_default(self, functional_portal, closed, request_factory, login_name):
        response = session(request_factory, login_name).request(
            "PROPFIND", f"{functional_portal.absolute_url()}/scholen", headers={"Depth": "1"}
        )
        assert refusal(response) == (405, "webdav_off")
        assert "roc-de-vaart" not in response.text

    @pytest.mark.parametrize("verb", sorted(set(VERBS) - REFUSED_BEFORE_WHEN_ON))
    def test_switched_on_it_still_changes_no_record(
        self, functional_portal, closed, request_factory, verb, monkeypatch
    ):
        monkeypatch.setenv("PROEVE_WEBDAV", "on")
        before = snapshot(functional_portal, closed)
        for part, path in parts(functional_portal, closed).items():
            for login_name in (OWNERS.get(part, "docent-vaart"), "platformbeheer"):
                response = self.request(request_factory, functional_portal, login_name, verb, path)
                assert refused_as(response, 403, "not_by_webdav"), (part, login_name)
                if verb in ("PROPPATCH", "LOCK") and part in OWNERS:  # they could before
                    assert response.status_code == 403, (part, login_name)
        assert snapshot(functional_portal, closed) == before

    def test_switched_on_propfind_reads_only_what_one_may_see(
        self, functional_portal, closed, request_factory, monkeypatch
    ):
        monkeypatch.setenv("PROEVE_WEBDAV", "on")
        url = f"{functional_portal.absolute_url()}/{closed.path}"
        own = session(request_factory, "beoordelaar-1").request(
            "PROPFIND", url, headers={"Depth": "0"}
        )
        assert own.status_code == 207
        assert "pvb-demo" in own.text
        listing = session(request_factory, "beoordelaar-1").request(
            "PROPFIND", url, headers={"Depth": "1"}
        )
        assert refusal(listing) == (403, "propfind_depth")
        other_school = session(request_factory, "beheer-noorder").request(
            "PROPFIND", url, headers={"Depth": "0"}
        )
        assert other_school.status_code == 404
        assert "de Vries" not in other_school.text


def test_upgrade_1008_takes_undo_and_revert_away(portal):
    """A site from before 1008: members list transactions, owners save and revert versions."""
    from proeve import PROFILE_ID

    pvb = portal.unrestrictedTraverse("scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo")
    portal.manage_permission("List undoable changes", ["Member", "Manager"], 1)
    portal.manage_permission("Undo changes", ["Manager"], 1)
    # The workflows of the PvB and of its candidate and group did not set them.
    for permission in ("CMFEditions: Save new version", "CMFEditions: Revert to previous versions"):
        for name in ("proeve_pvb_workflow", "proeve_archive_workflow"):
            workflow = portal.portal_workflow[name]
            workflow.permissions = tuple(p for p in workflow.permissions if p != permission)
            for state in workflow.states.objectValues():
                roles = state.permission_roles or {}
                state.permission_roles = {k: v for k, v in roles.items() if k != permission}
        for obj in (pvb, aq_parent(pvb), aq_parent(aq_parent(pvb))):
            obj.manage_permission(permission, [], 1)  # acquired from the site, as before
    with api.env.adopt_user(username="platformbeheer"):
        assert api.user.has_permission("CMFEditions: Save new version", obj=pvb)
        assert api.user.has_permission("List undoable changes", obj=portal)
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1007")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID)
    assert setup.listUpgrades(PROFILE_ID) == []
    for login_name in ("platformbeheer", "docent-vaart", "student-sanne"):
        with api.env.adopt_user(username=login_name):
            assert not api.user.has_permission("CMFEditions: Save new version", obj=pvb)
            assert not api.user.has_permission("CMFEditions: Revert to previous versions", obj=pvb)
            assert not api.user.has_permission("List undoable changes", obj=portal)
            assert not api.user.has_permission("Undo changes", obj=portal)
