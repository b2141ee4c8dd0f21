"""Proeve's frame around every page: its name and logo, the school's name, its own footer,
a skip link, and the CMS toolbar only for those who manage content (proeve.browser.frame)."""

from plone import api
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletManager
from proeve.demo.users import DEMO_PASSWORD
from proeve.upgrades.v1015 import proeve_frame
from proeve.upgrades.v1029 import PLATFORM_ONLY
from zope.component import getMultiAdapter
from zope.component import getUtility
import pytest


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"
BUNDLE = "plone.bundles/proeve-frame"


@pytest.fixture
def page(request_factory):
    def get(login, path):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
        response = session.get(path, headers={"Accept": "text/html", "Accept-Language": "nl"})
        assert response.status_code == 200, path
        return response.text

    return get


def footer_portlets(portal):
    manager = getUtility(IPortletManager, name="plone.footerportlets")
    return list(getMultiAdapter((portal, manager), IPortletAssignmentMapping).keys())


def test_every_page_says_proeve_not_plone(page):
    html = page("student-sanne", PVB)
    assert "++resource++proeve/logo.svg" in html
    assert 'alt="Proeve"' in html
    assert 'id="proeve-skip-link"' in html
    assert "Naar de inhoud" in html
    assert "Examenomgeving voor de Proeve van Bekwaamheid" in html
    for plone_footer in ("plone.org/foundation", "GNU GPL", "Plone Foundation"):
        assert plone_footer not in html


def test_pages_inside_a_school_name_it(page):
    html = page("student-sanne", PVB)
    assert 'id="proeve-school-name"' in html
    assert "ROC De Vaart</p>" in html.replace("\n", "").replace("  ", "")
    assert 'id="proeve-school-name"' not in page("student-sanne", "@@dashboard")


@pytest.mark.parametrize("login", ["student-sanne", "praktijk-jansen", "beoordelaar-1"])
def test_candidates_and_assessors_get_no_cms_toolbar(page, login):
    html = page(login, PVB if login != "beoordelaar-1" else PVB.replace("0001", "0005"))
    assert 'id="edit-zone"' not in html
    assert "plone-contentmenu-display" not in html  # Weergave
    assert "/@@manage-aliases" not in html  # URL-beheer
    # Plone's own user menu replaces the toolbar's: their overview and logging out stay.
    assert 'id="portal-membertools"' in html
    assert "@@dashboard" in html


@pytest.mark.parametrize("login", ["platformbeheer", "beheer-vaart", "docent-vaart"])
def test_those_who_manage_content_keep_the_toolbar(page, login):
    html = page(login, PVB)
    assert 'id="edit-zone"' in html


def test_the_platform_admin_keeps_weergave_and_url_beheer(page):
    html = page("platformbeheer", PVB)
    assert "plone-contentmenu-display" in html
    assert "/@@manage-aliases" in html


def test_upgrade_1015_gives_a_plone_site_proeves_frame(portal):
    # A site from before 1015: Plone's toolbar, title, footer; no frame bundle.
    portal.manage_permission("Show Toolbar", ["Authenticated"], acquire=False)
    api.portal.set_registry_record("plone.site_title", "Plone site")
    registry = portal.portal_registry
    for key in list(registry.records.keys()):
        if key.startswith(BUNDLE):
            del registry.records[key]
    with api.env.adopt_roles(["Manager"]):
        proeve_frame(portal.portal_setup)
    roles = {r["name"] for r in portal.rolesOfPermission("Show Toolbar") if r["selected"]}
    assert roles == {"Manager", "Site Administrator", "SchoolAdmin", "SchoolSupervisor"}
    assert api.portal.get_registry_record("plone.site_title") == "Proeve"
    assert registry[f"{BUNDLE}.csscompilation"] == "++resource++proeve/frame.css"
    assert registry[f"{BUNDLE}.enabled"] is True
    assert footer_portlets(portal) == ["proeve-footer", "actions"]


def test_upgrade_1015_keeps_a_title_the_site_chose(portal):
    api.portal.set_registry_record("plone.site_title", "Examens ROC De Vaart")
    with api.env.adopt_roles(["Manager"]):
        proeve_frame(portal.portal_setup)
    assert api.portal.get_registry_record("plone.site_title") == "Examens ROC De Vaart"


NAVIGATION = "portletNavigationTree"


@pytest.mark.parametrize(
    ("login", "path"),
    [
        ("student-sanne", PVB),
        ("examencie-vaart", PVB),
        ("docent-vaart", "scholen/roc-de-vaart/mei-2024-25451"),
        ("beheer-vaart", "scholen/roc-de-vaart"),
    ],
)
def test_no_navigation_portlet_inside_a_school(page, login, path):
    """The pages inside a school bring their own way on (issue 22: the site's tree listed a
    group's candidates beside the group page's own list, and was most of a PvB page's cost)."""
    assert NAVIGATION not in page(login, path)


def test_the_navigation_portlet_is_blocked_by_upgrade_1026(page):
    """Without the block the PvB page shows Plone's tree (so the test above can fail)."""
    from proeve.navigation import remove_school_navigation
    import transaction

    portal = api.portal.get()
    remove_school_navigation(portal)
    transaction.commit()
    assert NAVIGATION in page("student-sanne", PVB)
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("proeve:default", "1025")
    setup.upgradeProfile("proeve:default", dest="1026")
    transaction.commit()
    assert NAVIGATION not in page("student-sanne", PVB)


SCHOOL = "scholen/roc-de-vaart"
DISPLAY = "Modify view template"
PLONES_DISPLAY_ROLES = ["Editor", "Manager", "Owner", "Site Administrator"]


def group_made_by(login):
    """A group as a school admin makes one: Plone makes its maker the group's Owner."""
    from plone.dexterity.utils import createContentInContainer

    with api.env.adopt_user(username=login):
        group = createContentInContainer(
            api.portal.get().unrestrictedTraverse(SCHOOL),
            "ExamGroup",
            id="nieuwe-groep",
            title="Nieuwe groep",
        )
    assert "Owner" in group.get_local_roles_for_userid(login)
    return group


def test_a_school_admin_may_not_change_the_display_of_a_group_they_made(page):
    """Weergave would let them show another display or a candidate as the group's page,
    for everyone."""
    import transaction

    group = group_made_by("beheer-vaart")
    transaction.commit()
    assert not api.user.has_permission(DISPLAY, username="beheer-vaart", obj=group)
    path = "/".join(group.getPhysicalPath()[2:])
    html = page("beheer-vaart", path)
    assert 'id="edit-zone"' in html  # their toolbar, without Weergave
    assert "plone-contentmenu-display" not in html


@pytest.mark.parametrize("permission", [DISPLAY, *PLATFORM_ONLY])
def test_every_school_persona_is_without_the_platforms_features(portal, permission):
    from tests.security import PERSONAS

    for obj in (portal.unrestrictedTraverse(SCHOOL), portal.unrestrictedTraverse(PVB)):
        for persona, login in PERSONAS.items():
            if login is None:
                continue
            may = api.user.has_permission(permission, username=login, obj=obj)
            assert may is (persona == "platform"), (persona, obj)


def test_a_school_admin_manages_no_urls_of_a_group_they_made(page, request_factory):
    """URL-beheer would let them claim paths of the whole site for their group (Plone
    gives Manage Context Aliases to every Owner), through the page and through REST; nor
    do they turn the group into an iCal import."""
    import transaction

    group = group_made_by("beheer-vaart")
    transaction.commit()
    for permission in PLATFORM_ONLY:
        assert not api.user.has_permission(permission, username="beheer-vaart", obj=group)
    path = "/".join(group.getPhysicalPath()[2:])
    html = page("beheer-vaart", path)
    assert 'id="edit-zone"' in html
    assert "/@@manage-aliases" not in html
    assert "ical_import" not in html
    session = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    claimed = {"items": [{"path": "/scholen/roc-de-vaart/inschrijven"}]}
    response = session.post(f"{path}/@aliases", json=claimed)
    assert response.status_code in (401, 403), response.text
    transaction.begin()
    assert session.get(f"{path}/@aliases").status_code in (401, 403)
    platform = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD))
    assert platform.get(f"{path}/@aliases").json()["items"] == []


def test_a_school_admin_cannot_open_url_management_or_ical_import_by_url(page, request_factory):
    """Plone's own screens, asked for by their URL: refused, nothing shown."""
    import transaction

    group = group_made_by("beheer-vaart")
    transaction.commit()
    path = "/".join(group.getPhysicalPath()[2:])
    session = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD), api=False)
    for view in ("@@manage-aliases", "@@ical_import_settings"):
        response = session.get(f"{path}/{view}", headers={"Accept": "text/html"})
        assert response.status_code in (401, 403) or "insufficient-privileges" in response.url


def test_upgrade_1029_takes_url_management_and_ical_import_from_owners(portal):
    for permission in PLATFORM_ONLY:
        portal.manage_permission(permission, PLONES_DISPLAY_ROLES, acquire=True)
    group = group_made_by("beheer-vaart")
    assert api.user.has_permission(PLATFORM_ONLY[0], username="beheer-vaart", obj=group)
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1028")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("proeve:default", dest="1029")
    for permission in PLATFORM_ONLY:
        roles = {r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]}
        assert roles == {"Manager", "Site Administrator"}
        assert not portal.acquiredRolesAreUsedBy(permission)
        assert not api.user.has_permission(permission, username="beheer-vaart", obj=group)


def test_upgrade_1027_takes_the_display_from_owner_and_editor(portal):
    portal.manage_permission(DISPLAY, PLONES_DISPLAY_ROLES, acquire=False)
    group = group_made_by("beheer-vaart")
    assert api.user.has_permission(DISPLAY, username="beheer-vaart", obj=group)
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1026")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("proeve:default", dest="1027")
    roles = {r["name"] for r in portal.rolesOfPermission(DISPLAY) if r["selected"]}
    assert roles == {"Manager", "Site Administrator"}
    assert not api.user.has_permission(DISPLAY, username="beheer-vaart", obj=group)


@pytest.mark.parametrize(
    ("login", "path"),
    [("beheer-vaart", "scholen/roc-de-vaart/mei-2024-25451"), ("docent-vaart", PVB)],
)
def test_the_display_is_refused_through_rest_too(request_factory, login, path):
    """plone.restapi's PATCH sets `layout` for whoever may edit: the same rule refuses it,
    and the PATCH changes nothing."""
    import transaction

    obj = api.portal.get().unrestrictedTraverse(path)
    before = (obj.getLayout(), obj.Title())
    session = request_factory(basic_auth=(login, DEMO_PASSWORD))
    response = session.patch(path, json={"layout": "view", "title": "Anders"})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "display_not_allowed"
    transaction.begin()
    assert (obj.getLayout(), obj.Title()) == before


def test_the_platform_admin_may_change_a_display_through_rest(request_factory):
    import transaction

    path = "scholen/roc-de-vaart/mei-2024-25451"
    session = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD))
    assert session.patch(path, json={"layout": "view"}).status_code == 204
    transaction.begin()
    assert api.portal.get().unrestrictedTraverse(path).getLayout() == "view"


def test_folder_contents_may_not_make_a_candidate_the_groups_page(portal):
    """@@fc-setDefaultPage needs only the right to edit the group; the display rule
    refuses it, and nothing is set."""
    from proeve.interfaces import IProeveLayer
    from zope.component import getMultiAdapter
    from zope.globalrequest import getRequest
    from zope.interface import alsoProvides
    import json

    group = portal.unrestrictedTraverse("scholen/roc-de-vaart/mei-2024-25451")
    request = getRequest()
    alsoProvides(request, IProeveLayer)
    request.form["id"] = "kandidaat-0001"
    with api.env.adopt_user(username="beheer-vaart"):
        assert api.user.has_permission("Modify portal content", obj=group)
        view = getMultiAdapter((group, request), name="fc-setDefaultPage")
        answer = json.loads(view())
    assert answer["status"] == "warning"  # Plone's word for a refused action
    assert group.getDefaultPage() is None
    assert request.response.getStatus() == 403
