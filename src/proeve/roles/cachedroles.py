"""borg.localrole's local role plugin, with its request cache also for objects without a path.

Zope checks View on every viewlet, view and bound method a page touches
(plone.app.viewletmanager asks ``guarded_hasattr(viewlet, "render")`` of each viewlet).
Each check asks the local role plugin ``checkLocalRolesAllowed(user, obj, roles)``, which
borg.localrole caches on the request by ``obj.getPhysicalPath()``. A viewlet, view or bound
method has no path: the key falls back to ``id(obj)`` of an object made for this one check,
so every check walks all local role providers of the viewlet, its manager, its view, the
PvB, the candidate, the group and the school (up to 345 walks per 15 PvB pages).

borg.localrole's walk (``_parent_chain``) goes from such an object to its ``__self__``
(a method) or its parent, until it reaches an object with a path; from there on the walk
is exactly the walk for that object. So when the pathless objects on the way give no role
to anyone (no provider of theirs gives any, no role block, no old-style workspace), the
answer is the answer for that object, and the cached one is used (the same cache key as a
check of that object itself). Anything else is not cached, as before.

borg.localrole's cache key holds the roles asked for, and Zope asks each permission's own
set of roles: a group page asked about 20 sets of the group, each a walk of group, school,
schools folder and site through all providers. On a GET (or HEAD), which changes no local
role (tests/test_get_writes_nothing.py), the plugin walks once per user and object,
keeping every grant on the way in the walk's order, and answers each set of roles from
them as the walk would have (the first grant of a role asked for decides). What each step
of a walk gives is kept per user and step too, so the walks of one page (from the group, the
school, the site) ask each parent's providers once. Other requests keep borg.localrole's
cache, so a role given during a POST counts at once.

The site's ``borg_localroles`` plugin is of this class (install_cached_local_roles, at
install and by upgrade 1025): the same object, id, settings and place among the plugins.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from Acquisition import aq_get
from Acquisition import aq_inner
from Acquisition import aq_parent
from borg.localrole.bbb.interfaces import IGroupAwareWorkspace
from borg.localrole.bbb.interfaces import IWorkspace
from borg.localrole.interfaces import ILocalRoleProvider
from borg.localrole.workspace import clra_cache_key
from borg.localrole.workspace import WorkspaceLocalRoleManager
from plone.memoize.volatile import DontCache
from proeve.roles.swap import swap_plugin_class
from zope.annotation.interfaces import IAnnotations
from zope.component import getAdapters


# More pathless steps than a viewlet's (method, viewlet, manager, view) is not cached.
MAX_PATHLESS_STEPS = 8
_MISSING = object()


def gives_no_roles(obj):
    """Whether borg.localrole's walk gets nothing from obj: no provider of obj gives a role
    to anyone, obj blocks nothing, and it is no old-style workspace."""
    if getattr(obj, "__ac_local_roles_block__", None):
        return False
    providers = [provider for _name, provider in getAdapters((obj,), ILocalRoleProvider)]
    if not providers:
        return IGroupAwareWorkspace(obj, IWorkspace(obj, None)) is None
    return not any(roles for provider in providers for _principal, roles in provider.getAllRoles())


def object_with_path(obj):
    """The first object with a path on borg.localrole's walk from obj, when every object
    before it gives no roles; DontCache otherwise."""
    for _step in range(MAX_PATHLESS_STEPS):
        if obj is None:
            break
        path = getattr(obj, "getPhysicalPath", None)
        if path is not None and callable(path):
            return obj
        if not gives_no_roles(obj):
            break
        # The same step as WorkspaceLocalRoleManager._parent_chain.
        obj = getattr(obj, "__self__", aq_parent(aq_inner(obj)))
    raise DontCache


def answering_object(obj):
    """obj if it has a path, else the object with a path that answers for it."""
    try:
        obj.getPhysicalPath()
    except AttributeError:
        return object_with_path(obj)
    return obj


# The requests that change nothing (tests/test_get_writes_nothing.py), so no local role
# changes while they are answered: the grants of one walk serve every check of an object.
READING = ("GET", "HEAD")
GRANTS_PREFIX = "proeve.roles.cachedroles.grants:"
STEP_PREFIX = "proeve.roles.cachedroles.step:"

# borg.localrole's walk, without its cache.
walk = WorkspaceLocalRoleManager.checkLocalRolesAllowed.__wrapped__
# The name of the walk's entries in the request's cache (plone.memoize.volatile.cache).
CACHE_PREFIX = f"{walk.__module__}.{walk.__name__}:"


class CachingLocalRoleManager(WorkspaceLocalRoleManager):
    """borg.localrole's plugin, whose request cache also answers for viewlets, views and
    bound methods (answering_object), and on a GET for every set of roles asked of an
    object from one walk (grants)."""

    security = ClassSecurityInfo()

    @security.private
    def checkLocalRolesAllowed(self, user, obj, object_roles):
        """borg.localrole's answer, from its request cache, under the key of the object
        that answers (the same entry as a check of that object itself); on a GET, from
        the grants of the user's walk to that object."""
        try:
            answering = answering_object(obj)
            request = aq_get(answering, "REQUEST", None)
            if reading(request):
                grants = self.grants(user, answering, request)
                return answer_from(grants, object_roles)
            key = CACHE_PREFIX + str(clra_cache_key(walk, self, user, answering, object_roles))
        except DontCache:
            return walk(self, user, obj, object_roles)
        cache = IAnnotations(request)
        answer = cache.get(key, _MISSING)
        if answer is _MISSING:
            answer = cache[key] = walk(self, user, obj, object_roles)
        return answer

    @security.private
    def grants(self, user, obj, request):
        """What borg.localrole's walk from obj finds for the user and their groups, in its
        order: (roles, whether the user may act there) for each provider and principal
        that gives roles. Once per user and object in a request."""
        cache = IAnnotations(request, None)
        if cache is None:  # as borg.localrole: nowhere to keep it, no cache
            raise DontCache
        key = f"{GRANTS_PREFIX}{user.getId()}:{'/'.join(obj.getPhysicalPath())}"
        found = cache.get(key)
        if found is None:
            found = cache[key] = tuple(self._walk_grants(user, obj, cache))
        return found

    def _walk_grants(self, user, obj, cache):
        """borg.localrole's checkLocalRolesAllowed walk, without stopping at the first
        role asked for: every grant on the way (the same steps, providers and principals,
        the same old-style workspaces where an object has no provider). What one step
        gives is kept per user and step: walks from the objects of one page share their
        parents (the group, the school and the site, each asked once)."""
        folder = self._get_userfolder(user)
        if folder is not None:
            user = aq_inner(user).__of__(folder)
        principal_ids = None
        for step in self._parent_chain(obj):
            path = getattr(step, "getPhysicalPath", None)
            key = f"{STEP_PREFIX}{user.getId()}:{'/'.join(path())}" if callable(path) else None
            found = cache.get(key) if key else None
            if found is None:
                if principal_ids is None:
                    principal_ids = self._get_principal_ids(user)
                found = self._step_grants(user, principal_ids, step)
                if key:
                    cache[key] = found
            yield from found

    def _step_grants(self, user, principal_ids, step):
        """The grants of one step of the walk: (roles, whether the user may act there)."""
        providers = list(self._getAdapters(step))
        given = [provider.getRoles(pid) for provider in providers for pid in principal_ids]
        if not providers:
            workspace = IGroupAwareWorkspace(step, IWorkspace(step, None))
            if workspace is not None:
                given.append(workspace.getLocalRolesForPrincipal(user))
                given.extend(
                    workspace.getLocalRolesForPrincipal(group)
                    for group in self._groups(step, user, workspace)
                )
        given = [tuple(roles) for roles in given if roles]
        if not given:
            return ()
        in_context = bool(user._check_context(step))
        return tuple((roles, in_context) for roles in given)


def reading(request):
    """Whether the request is a GET (or HEAD): one that changes no local role."""
    try:
        return request.get("method") in READING
    except AttributeError:
        return False


def answer_from(grants, object_roles):
    """borg.localrole's answer from the walk's grants: 1 (or 0 where the user may not act)
    at the first grant of a role asked for, None if none is."""
    check_roles = set(object_roles)
    for roles, in_context in grants:
        if check_roles.intersection(roles):
            return 1 if in_context else 0
    return None


InitializeClass(CachingLocalRoleManager)


# Plone's local role plugin in acl_users (borg.localrole's setup handler names it so).
PLUGIN_ID = "borg_localroles"


def install_cached_local_roles(portal):
    swap_plugin_class(portal, PLUGIN_ID, WorkspaceLocalRoleManager, CachingLocalRoleManager)


def remove_cached_local_roles(portal):
    swap_plugin_class(portal, PLUGIN_ID, CachingLocalRoleManager, WorkspaceLocalRoleManager)
