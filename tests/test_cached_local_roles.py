"""proeve.roles.cachedroles.CachingLocalRoleManager answers every local role check of the
pages as borg.localrole's walk does, while its request cache also serves viewlets, views and
bound methods (they have no path): for every demo login, each check made while the PvB page,
the dashboard and the group page are rendered gets the same answer from the cache as from
the walk without a cache. An object without a path that gives roles of its own (local roles,
a role block, a provider) is never answered from the cache."""

from borg.localrole.interfaces import ILocalRoleProvider
from borg.localrole.workspace import WorkspaceLocalRoleManager
from plone.memoize.volatile import DontCache
from proeve.demo.users import DEMO_PASSWORD
from proeve.demo.users import DEMO_USERS
from proeve.roles.cachedroles import answering_object
from proeve.roles.cachedroles import CachingLocalRoleManager
from zope.component import getGlobalSiteManager
from zope.interface import implementer
from zope.interface import Interface
import pytest
import requests


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"
GROUP = "scholen/roc-de-vaart/mei-2024-25451"
PAGES = (PVB, "@@dashboard", GROUP)


def has_path(obj):
    try:
        obj.getPhysicalPath()
    except AttributeError:
        return False
    return True


@pytest.fixture
def checks(monkeypatch):
    """Every checkLocalRolesAllowed the server makes, answered by CachingLocalRoleManager;
    each kept as (object without a path?, served by the cache key?, answer, walk's answer)."""
    made = []
    walk = WorkspaceLocalRoleManager.checkLocalRolesAllowed.__wrapped__
    cached = CachingLocalRoleManager.checkLocalRolesAllowed

    def check(self, user, obj, object_roles):
        # An error would not show: guarded_hasattr takes it for a refusal.
        try:
            answer = cached(self, user, obj, object_roles)
        except Exception as error:  # noqa: BLE001 (kept to be compared)
            answer = repr(error)
        try:
            answering_object(obj)
            keyed = True
        except DontCache:
            keyed = False
        made.append((not has_path(obj), keyed, answer, walk(self, user, obj, object_roles)))
        return answer

    # The site's plugin is of the class (setuphandlers, upgrade 1025); the base class too,
    # for a plugin made before.
    monkeypatch.setattr(WorkspaceLocalRoleManager, "checkLocalRolesAllowed", check)
    monkeypatch.setattr(CachingLocalRoleManager, "checkLocalRolesAllowed", check)
    return made


def test_the_pages_get_the_same_answers_from_the_cache(functional_portal, checks):
    pages = {}
    for login, *_rest in DEMO_USERS:
        session = requests.Session()
        session.auth = (login, DEMO_PASSWORD)
        session.headers["Accept"] = "text/html"
        for page in PAGES:
            response = session.get(f"{functional_portal.absolute_url()}/{page}", timeout=120)
            pages[(login, page)] = response.status_code
    assert pages[("praktijk-jansen", PVB)] == 200
    assert pages[("examencie-vaart", GROUP)] == 200
    assert [check for check in checks if check[2] != check[3]] == []
    # The viewlets' checks are answered from the cache (the point of the class).
    assert len([check for check in checks if check[0] and check[1]]) > 20


class Pathless:
    """Like a viewlet: no path, its parent is the page's context."""

    def __init__(self, parent):
        self.__parent__ = parent

    def render(self):
        return ""


class IOwnRoles(Interface):
    pass


@implementer(IOwnRoles)
class PathlessWithProvider(Pathless):
    pass


@implementer(ILocalRoleProvider)
class GivesReviewer:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        return ("Reviewer",) if principal_id == "praktijk-jansen" else ()

    def getAllRoles(self):
        yield "praktijk-jansen", ("Reviewer",)


@pytest.fixture
def own_roles_provider():
    registry = getGlobalSiteManager()
    registry.registerAdapter(GivesReviewer, (IOwnRoles,), ILocalRoleProvider, "test")
    yield
    registry.unregisterAdapter(GivesReviewer, (IOwnRoles,), ILocalRoleProvider, "test")


def pathless_with_own_roles(pvb):
    local = Pathless(pvb)
    local.__ac_local_roles__ = {"praktijk-jansen": ["Reviewer"]}
    return [local, PathlessWithProvider(pvb)]


def test_a_pathless_object_with_roles_of_its_own_is_not_served_from_the_cache(
    portal, own_roles_provider
):
    pvb = portal.unrestrictedTraverse(PVB)
    plugin = CachingLocalRoleManager("test", "").__of__(portal.acl_users)
    user = portal.acl_users.getUserById("praktijk-jansen")
    # The PvB's answer is in the request's cache: the praktijkbegeleider is no Reviewer there.
    assert plugin.checkLocalRolesAllowed(user, pvb, ["Reviewer"]) is None
    for obj in pathless_with_own_roles(pvb):
        with pytest.raises(DontCache):
            answering_object(obj)
        assert plugin.checkLocalRolesAllowed(user, obj, ["Reviewer"]) == 1
        assert plugin.checkLocalRolesAllowed(user, obj.render, ["Reviewer"]) == 1
    # Without roles of its own, it is answered as its PvB (from the cache).
    assert plugin.checkLocalRolesAllowed(user, Pathless(pvb).render, ["Reviewer"]) is None
    blocking = Pathless(pvb)
    blocking.__ac_local_roles_block__ = True
    with pytest.raises(DontCache):
        answering_object(blocking)


def test_the_sites_local_role_plugin_is_the_caching_one_also_after_upgrade_1025(portal):
    from Acquisition import aq_base
    from proeve.roles.cachedroles import remove_cached_local_roles

    plugin = portal.acl_users.borg_localroles
    assert type(aq_base(plugin)) is CachingLocalRoleManager
    remove_cached_local_roles(portal)
    assert type(aq_base(portal.acl_users.borg_localroles)) is WorkspaceLocalRoleManager
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1024")
    setup.upgradeProfile("proeve:default", dest="1025")
    assert type(aq_base(portal.acl_users.borg_localroles)) is CachingLocalRoleManager
    # Still the only local role plugin, in its place.
    from Products.PlonePAS.interfaces.plugins import ILocalRolesPlugin

    assert [id for id, _p in portal.acl_users.plugins.listPlugins(ILocalRolesPlugin)] == [
        "borg_localroles"
    ]


def test_a_new_connection_loads_the_plugin_of_the_caching_class(functional_portal):
    """The class is in the folder's reference to the plugin too, not only in its record."""
    from Acquisition import aq_base
    from proeve.roles.cachedroles import install_cached_local_roles
    from proeve.roles.cachedroles import remove_cached_local_roles
    import transaction

    # A site from before: the folder's record refers to a plugin of borg's class.
    remove_cached_local_roles(functional_portal)
    aq_base(functional_portal.acl_users)._p_changed = True
    transaction.commit()
    install_cached_local_roles(functional_portal)
    transaction.commit()
    connection = functional_portal._p_jar.db().open()
    try:
        site = connection.root()["Application"][functional_portal.getId()]
        assert type(aq_base(site.acl_users.borg_localroles)) is CachingLocalRoleManager
    finally:
        connection.close()


ROLE_SETS = (
    ("SchoolSupervisor",),
    ("SchoolAdmin",),
    ("Reviewer", "Editor"),
    ("Manager", "Site Administrator"),
    ("Owner",),
    ("Reader", "SchoolSupervisor", "Contributor"),
)


def test_a_get_answers_every_set_of_roles_from_one_walk_a_post_walks_again(portal, monkeypatch):
    """On a GET (which changes no local role) every set of roles asked of an object is
    answered from one walk of the user to it, with the walk's answers; on a POST a role
    given during the request counts at once, as in borg.localrole."""
    group = portal.unrestrictedTraverse(GROUP)
    pvb = portal.unrestrictedTraverse(PVB)
    plugin = CachingLocalRoleManager("test", "").__of__(portal.acl_users)
    walks = []
    walk_grants = CachingLocalRoleManager._walk_grants

    def counted(self, user, obj, cache):
        walks.append((user.getId(), obj.getPhysicalPath()))
        return walk_grants(self, user, obj, cache)

    monkeypatch.setattr(CachingLocalRoleManager, "_walk_grants", counted)
    walk = WorkspaceLocalRoleManager.checkLocalRolesAllowed.__wrapped__
    request = portal.REQUEST
    request.set("method", "GET")
    answers = set()
    for login in ("docent-vaart", "beheer-vaart", "praktijk-jansen", "beheer-noorder"):
        user = portal.acl_users.getUserById(login)
        for obj in (group, pvb, Pathless(pvb).render):
            for roles in ROLE_SETS:
                expected = walk(plugin, user, obj, roles)
                assert plugin.checkLocalRolesAllowed(user, obj, roles) == expected, login
                answers.add(expected)
    assert answers == {1, None}
    assert len(walks) == len(set(walks)) == 8  # four logins, two objects with a path
    user = portal.acl_users.getUserById("docent-vaart")
    assert plugin.checkLocalRolesAllowed(user, group, ["Reviewer"]) is None
    request.set("method", "POST")
    group.manage_addLocalRoles("docent-vaart", ["Reviewer"])
    try:
        assert plugin.checkLocalRolesAllowed(user, group, ["Reviewer"]) == 1
    finally:
        group.manage_delLocalRoles(["docent-vaart"])
    assert len(walks) == 8


def test_walks_of_one_page_share_their_parents(portal, monkeypatch):
    """On a GET the grants of each step are kept per user and step: a walk from the PvB
    and one from its group ask the group, the school and the site once, and answer as
    borg.localrole does."""
    group = portal.unrestrictedTraverse(GROUP)
    pvb = portal.unrestrictedTraverse(PVB)
    plugin = CachingLocalRoleManager("test", "").__of__(portal.acl_users)
    asked = []
    step_grants = CachingLocalRoleManager._step_grants

    def counted(self, user, principal_ids, step):
        if hasattr(step, "getPhysicalPath"):  # beyond the app: the request's container
            asked.append((user.getId(), step.getPhysicalPath()))
        return step_grants(self, user, principal_ids, step)

    monkeypatch.setattr(CachingLocalRoleManager, "_step_grants", counted)
    walk = WorkspaceLocalRoleManager.checkLocalRolesAllowed.__wrapped__
    portal.REQUEST.set("method", "GET")
    for login in ("docent-vaart", "beheer-vaart", "praktijk-jansen"):
        user = portal.acl_users.getUserById(login)
        for obj in (pvb, group):
            for roles in ROLE_SETS:
                assert plugin.checkLocalRolesAllowed(user, obj, roles) == walk(
                    plugin, user, obj, roles
                ), login
    assert len(asked) == len(set(asked))
    steps_to_pvb = len([s for s in plugin._parent_chain(pvb) if hasattr(s, "getPhysicalPath")])
    # each login: every step from the PvB up once, the group's walk adds nothing
    assert len(asked) == 3 * steps_to_pvb
