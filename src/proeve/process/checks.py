"""What the school wants checked, and who is told what does not hold (the rules about the
people themselves are in process.people)."""

from AccessControl import getSecurityManager
from AccessControl.PermissionRole import rolesForPermissionOn
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from borg.localrole.interfaces import ILocalRoleProvider
from borg.localrole.workspace import WorkspaceLocalRoleManager
from collective.workspace.interfaces import IWorkspace
from datetime import date
from Products.PlonePAS.plugins.ufactory import PloneUser
from proeve import _
from proeve.accounts import Names
from proeve.content.utils import find_school
from proeve.people import ASSESSORS
from proeve.people import label
from proeve.roles.cachedroles import CachingLocalRoleManager
from zope.component import getAdapters


# Who is told what is missing or wrong about the people: those who can act on it (change
# the people, establish, or keep the journal: the school's staff and the exam committee).
# Not the candidate, the workplace supervisor or the assessors: a register warning is about
# an assessor, not theirs to read.
CHECK_READERS = ("proeve: Change PvB people", "proeve: Establish PvB", "proeve: View journal")


# The local role plugins whose roles are borg.localrole's walk (the second caches more).
PLAIN_PLUGINS = ([WorkspaceLocalRoleManager], [CachingLocalRoleManager])


def asker(pvb):
    """``allowed(permission)`` on this PvB for the current user. A caller that asks several
    questions of one PvB (the dossier) passes its own, remembering, asker instead."""
    security = getSecurityManager()
    return lambda permission: bool(security.checkPermission(permission, pvb))


# Permissions that Zope grants without the user's roles (PloneUser.allowed): asked as usual.
_NOT_BY_ROLES = {"Anonymous", "Authenticated", "Shared"}


def roles_asker(pvb):
    """``allowed(permission, obj=pvb)`` for the PvB or one of its own objects, as
    checkPermission answers it, from the user's roles on the PvB looked up once.

    Each checkPermission that is refused walks every local role provider of the object,
    PvB, candidate, group and school for the user and each of their groups (a grant stops
    at the first role that fits); the dossier asks five permissions of the PvB and View of
    each of its objects, most of them refused for most readers. The roles on an object in
    the PvB are those on the PvB plus what its own providers give (borg.localrole's walk,
    one step long). Only for one answer or page, in which nothing changes; any case that
    is not plain roles (another user type, another local role plugin, a role block) is
    asked of checkPermission."""
    security = getSecurityManager()
    user = security.getUser()
    plain = (
        isinstance(user, PloneUser)
        and [type(aq_base(plugin)) for _id, plugin in user._getLocalRolesPlugins()] in PLAIN_PLUGINS
    )
    known = {}

    def roles_on(obj):
        if obj is pvb:
            return set(user.getRolesInContext(pvb))
        if aq_base(aq_parent(aq_inner(obj))) is not aq_base(pvb) or getattr(
            obj, "__ac_local_roles_block__", None
        ):
            return None
        roles = set(roles_of(pvb))
        principals = [user.getId(), *user.getGroups()]
        for _name, provider in getAdapters((obj,), ILocalRoleProvider):
            for principal in principals:
                roles.update(provider.getRoles(principal))
        return roles

    def roles_of(obj):
        key = id(aq_base(obj))
        if key not in known:
            known[key] = roles_on(obj)
        return known[key]

    def allowed(permission, obj=pvb):
        needed = rolesForPermissionOn(permission, obj)
        if isinstance(needed, str):
            needed = [needed]
        roles = None
        if plain and needed is not None and not _NOT_BY_ROLES & set(needed):
            roles = roles_of(obj)
        if roles is None:
            return bool(security.checkPermission(permission, obj))
        return bool(roles.intersection(needed))

    return allowed


def may_see_checks(pvb, allowed=None):
    allowed = allowed or asker(pvb)
    return any(allowed(permission) for permission in CHECK_READERS)


def content_check_required(pvb):
    school = find_school(pvb)
    return bool(getattr(school, "content_check_required", False)) if school else False


def second_assessor_required(pvb):
    school = find_school(pvb)
    return bool(getattr(school, "second_assessor_required", True)) if school else True


def register_warnings(pvb, today=None):
    """Assessors whose entry in the assessor register has expired (or is unknown)."""
    today = today or date.today()
    school = find_school(pvb)
    if school is None:
        return []
    members = IWorkspace(school).members
    names = Names(pvb)
    warnings = []
    for field in ASSESSORS:
        userid = getattr(pvb, field, None)
        if not userid:
            continue
        data = members.get(userid, {})
        expiry = data.get("register_expiry")
        if expiry is None or expiry < today:
            warnings.append(
                (
                    field,
                    _(
                        "warning_register_expired",
                        default="${field} ${name} (${userid}): de registratie in het Register "
                        "gekwalificeerde beoordelaars is verlopen of onbekend.",
                        mapping={
                            "field": label(field, pvb),
                            "name": names(userid),
                            "userid": userid,
                        },
                    ),
                )
            )
    return warnings
