"""Who can open a candidate's dossier: the access report's truth.

Everyone who holds a role on the candidate or one of its PvBs (directly, through a roster
group, through the PvB's fields, or site-wide) is a possible reader; a possible reader is
listed for an object only when Zope's own security lets that login open (View) it. So every
listed login can open what is listed, and nobody left off can.
"""

from AccessControl import getSecurityManager
from AccessControl.PermissionRole import rolesForPermissionOn
from Products.CMFCore.utils import getToolByName
from proeve.content.utils import review_state
from proeve.process.assessment import may_see_results


SITE_WIDE_READERS = ("Manager", "Site Administrator")


def dossier_objects(candidate):
    return [candidate] + [o for o in candidate.objectValues() if o.portal_type == "PvB"]


def possible_readers(candidate, objects):
    """{userid: {roles named on these objects or site-wide}}, groups expanded to members."""
    pas = getToolByName(candidate, "acl_users")
    groups = getToolByName(candidate, "portal_groups")
    found = {}

    def add(principal, roles):
        group = groups.getGroupById(principal)
        members = group.getGroupMemberIds() if group is not None else [principal]
        for userid in members:
            found.setdefault(userid, set()).update(roles)

    for obj in objects:
        for principal, roles in pas._getAllLocalRoles(obj).items():
            add(principal, set(roles) - {"Owner"})
    for role in SITE_WIDE_READERS:
        for principal in pas.portal_role_manager.listAssignedPrincipals(role):
            add(principal[0] if isinstance(principal, tuple) else principal, {role})
    return found


def can_open(user, obj):
    return bool(user.allowed(obj, rolesForPermissionOn("View", obj)))


def readers(candidate):
    """[{"userid", "roles", "on": [ids of the objects they can open]}], by userid."""
    pas = getToolByName(candidate, "acl_users")
    objects = dossier_objects(candidate)
    rows = []
    for userid, roles in sorted(possible_readers(candidate, objects).items()):
        user = pas.getUserById(userid)
        if user is None:
            continue
        opened = [obj.getId() for obj in objects if can_open(user, obj)]
        if opened:
            rows.append({"userid": userid, "roles": sorted(roles), "on": sorted(opened)})
    return rows


def may_read_forms(pvb, allowed=None):
    """Who reads the recorded assessment forms (every score and justification) in the
    dossier: those who see the results together (process.assessment.may_see_results: the
    exam committee, the school admin, who decides the result), and the candidate once the
    result is established, not before. ``allowed`` as in process.checks.may_see_checks."""
    if may_see_results(pvb, allowed):
        return True
    if review_state(pvb) != "closed":
        return False
    candidate = pvb.candidate()
    user = getSecurityManager().getUser().getId()
    return candidate is not None and bool(candidate.userid) and candidate.userid == user
