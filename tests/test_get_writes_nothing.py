"""Looking at a page writes nothing: no GET of the demo site changes a persistent object.

A GET that writes costs a commit, conflicts with other readers under load (the benchmark's
ConflictErrors on the navigation portlet) and would change exam records by looking at them.
Not even the first GET after the site is made may write: Plone's portlets stored an empty
settings object on every portlet assignment then (proeve.portlet_settings).

Deliberate exceptions, not asked here: exports and downloads of personal data journal who
took them (docs/operations.md, @access-report).
"""

from proeve.demo.users import DEMO_PASSWORD
from proeve.demo.users import DEMO_USERS
import pytest
import ZODB.Connection


SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"
PVB = f"{GROUP}/kandidaat-0001/pvb-demo"
ASSESSED_PVB = f"{GROUP}/kandidaat-0005/pvb-demo"

# Pages in the order someone opens them after logging in; Plone renders its portlets (the
# navigation, the footer) around each of them.
PAGES = (
    "",
    "@@dashboard",
    PVB,
    ASSESSED_PVB,
    GROUP,
    SCHOOL,
    f"{SCHOOL}/opdrachtenbank",
    "examenbank",
    f"{SCHOOL}/team-roster",
    "@@search?SearchableText=monteur",
    "scholen",
    "login_form",
    # The PvB's own pages that open on a GET (forms, confirmations).
    f"{GROUP}/kandidaat-0001",
    f"{PVB}/@@upload-evidence",
    f"{PVB}/@@pvb-people",
    f"{ASSESSED_PVB}/@@assessment-form",
    f"{ASSESSED_PVB}/@@pvb-result",
)
REST = (
    "",
    f"{PVB}/@dossier",
    f"{ASSESSED_PVB}/@dossier",
    "@my-tasks",
    "@search?portal_type=PvB",
    PVB,
    f"{PVB}/@journal",
    "@navigation",
    f"{ASSESSED_PVB}/@assessment",
    f"{SCHOOL}/@school-roster",
    f"{GROUP}/kandidaat-0001/@access-report",
)
LOGINS = [None] + [userid for userid, *_ in DEMO_USERS]


@pytest.fixture
def writes(functional_portal, monkeypatch):
    """What each request registered as changed with its connection, and whether it committed."""
    changed = []
    register = ZODB.Connection.Connection.register

    def recording_register(connection, obj):
        changed.append(f"{type(obj).__module__}.{type(obj).__name__} {obj!r:.120}")
        return register(connection, obj)

    # The test server answers in its own thread: patched on the class, seen there too.
    monkeypatch.setattr(ZODB.Connection.Connection, "register", recording_register)
    database = functional_portal._p_jar.db()

    def get(session, path, **kwargs):
        changed.clear()
        before = database.lastTransaction()
        response = session.get(path, allow_redirects=False, **kwargs)
        committed = database.lastTransaction() != before
        return response, list(changed), committed

    return get


@pytest.mark.parametrize("login", LOGINS)
def test_no_get_writes_anything(request_factory, writes, login):
    auth = {"basic_auth": (login, DEMO_PASSWORD)} if login else {}
    html = request_factory(api=False, **auth)
    rest = request_factory(**auth)
    written = []
    for session, paths, headers in (
        (html, PAGES, {"Accept": "text/html"}),
        (rest, REST, {"Accept": "application/json"}),
    ):
        for path in paths:
            response, changed, committed = writes(session, path, headers=headers)
            assert response.status_code < 500, (path, response.status_code)
            if changed or committed:
                written.append((path, response.status_code, committed, changed))
    assert written == []


def test_hiding_a_portlet_is_still_stored(portal):
    """Reading no longer creates the settings; the first write (manage portlets) stores them."""
    from plone.portlets.interfaces import IPortletAssignmentMapping
    from plone.portlets.interfaces import IPortletAssignmentSettings
    from plone.portlets.interfaces import IPortletManager
    from zope.annotation import IAnnotations
    from zope.component import getMultiAdapter
    from zope.component import getUtility

    manager = getUtility(IPortletManager, name="plone.leftcolumn")
    assignment = getMultiAdapter((portal, manager), IPortletAssignmentMapping)["navigation"]
    settings = IPortletAssignmentSettings(assignment)
    assert settings.get("visible", True) is True
    assert "plone.portlets.assignmentsettings" not in IAnnotations(assignment)

    settings["visible"] = False
    assert IPortletAssignmentSettings(assignment).get("visible", True) is False
    assert IPortletAssignmentSettings(assignment)["visible"] is False


def test_portlet_settings_come_from_proeve(portal):
    """The override in overrides.zcml is the adapter in use (docs/operations.md)."""
    from plone.portlets.interfaces import IPortletAssignmentMapping
    from plone.portlets.interfaces import IPortletAssignmentSettings
    from plone.portlets.interfaces import IPortletManager
    from proeve.portlet_settings import UnsavedSettings
    from zope.component import getMultiAdapter
    from zope.component import getUtility

    manager = getUtility(IPortletManager, name="plone.footerportlets")
    assignment = getMultiAdapter((portal, manager), IPortletAssignmentMapping)["proeve-footer"]
    assert isinstance(IPortletAssignmentSettings(assignment), UnsavedSettings)
