"""Who sees whom: a person sees the names of the people they work with, nothing more.

- the platform admin (who manages the site's users: Manager, Site Administrator) and
  trusted code: everyone;
- school staff with a role on their school (roster groups Admins, Supervisors,
  ExamCommittee): everyone on that school's roster (its staff, its pools and its candidates
  with a login), and the roster groups of that school;
- everyone logged in: themselves, their own groups, and the people of the PvBs they take
  part in (as the candidate or one of the PvB's people) and may open;
- anonymous: nobody.

Every channel that names users (the user vocabularies, member searches, author pages)
asks this one rule. The koppeling holds no school role in this sense: it imports candidates
and reads results through its own endpoints and sees only itself here.
"""

from AccessControl import getSecurityManager
from AccessControl.users import UnrestrictedUser
from collective.workspace.interfaces import IWorkspace
from Products.CMFCore.utils import getToolByName
from proeve.people import FIELDS
from proeve.roles import EXAM_COMMITTEE
from proeve.roles import roster_group_id
from proeve.roles import ROSTER_GROUPS
from proeve.roles import SCHOOL_ADMIN
from proeve.roles import SCHOOL_SUPERVISOR
from zope.component.hooks import getSite
from zope.globalrequest import getRequest


EVERYONE = None
USER_MANAGEMENT = "Plone Site Setup: Users and Groups"
# Roster groups whose members work with the whole school.
SCHOOL_WIDE_GROUPS = tuple(
    group
    for group, roles in ROSTER_GROUPS.items()
    if {SCHOOL_ADMIN, SCHOOL_SUPERVISOR, EXAM_COMMITTEE} & set(roles)
)
_CACHE_KEY = "proeve.directory.visible"


def _is_anonymous(user):
    return user is None or user.getUserName() == "Anonymous User"


def _sees_everyone(user, current):
    """Who manages the site's users (Manager, Site Administrator; trusted code)."""
    if isinstance(user, UnrestrictedUser):
        return True  # the system user of trusted code, or the Zope root admin
    if current:
        return bool(getSecurityManager().checkPermission(USER_MANAGEMENT, getSite()))
    return bool(user.has_permission(USER_MANAGEMENT, getSite()))


def visible_principals(user=None):
    """The principal ids (users and groups) the user may see named; EVERYONE (None) for the
    platform admin. Computed once per request."""
    current = user is None
    user = getSecurityManager().getUser() if current else user
    if _is_anonymous(user):
        return frozenset()
    if _sees_everyone(user, current):
        return EVERYONE
    request = getRequest()
    cache = request.other.setdefault(_CACHE_KEY, {}) if request is not None else {}
    userid = user.getId()
    if userid not in cache:
        cache[userid] = frozenset(_compute(user))
    return cache[userid]


def may_see(principal_id, user=None):
    # Everyone sees their own name (the toolbar asks on every page): answered without
    # working out whom else the user sees, a search of all their PvBs.
    asking = getSecurityManager().getUser() if user is None else user
    if principal_id is not None and not _is_anonymous(asking) and principal_id == asking.getId():
        return True
    visible = visible_principals(user)
    return visible is EVERYONE or principal_id in visible


def _compute(user):
    site = getSite()
    userid = user.getId()
    groups = tuple(getattr(user, "getGroups", lambda: ())() or ())
    seen = {userid, *groups}
    for school in _schools_where_staff(site, groups):
        seen.update(IWorkspace(school).members)
        uid = school.UID()
        seen.update(roster_group_id(group, uid) for group in ROSTER_GROUPS)
    seen.update(_people_of_own_pvbs(site, userid))
    seen.discard(None)
    return seen


def _schools_where_staff(site, groups):
    uids = set()
    for group_id in groups:
        group, _sep, uid = group_id.partition(":")
        if group in SCHOOL_WIDE_GROUPS and uid:
            uids.add(uid)
    if not uids:
        return []
    catalog = getToolByName(site, "portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="School", UID=list(uids))
    return [brain._unrestrictedGetObject() for brain in brains]


def _people_of_own_pvbs(site, userid):
    """Logins on the PvBs where the user is the candidate or one of the people, and that the
    user may open (an archived one no longer counts), read from the catalog's index: no
    object is woken. Staff of a school find the school's people on its roster instead."""
    catalog = getToolByName(site, "portal_catalog")
    people = catalog._catalog.getIndex("pvb_people")
    own = [f"{field}:{userid}" for field in (*FIELDS, "candidate")]
    for brain in catalog.searchResults(portal_type="PvB", pvb_people=own):
        for value in people.getEntryForObject(brain.getRID(), default=()) or ():
            yield value.partition(":")[2]
