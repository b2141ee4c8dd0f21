"""The role in which someone acted: derived here, once, for every journal entry.

A role is one of ROLE_LABELS: a role of the PvB's people (from the PvB's own fields and
its candidate's linked login), a role from the school's roster, the platform admin, or
"system" when no person acted (the server itself, a script). Someone who holds several
roles acted in the first one that carries the permission of the action (ACTION_PERMISSIONS),
or else in the first one they hold, in the order of ROLE_LABELS.
"""

from AccessControl import getSecurityManager
from AccessControl.PermissionRole import rolesForPermissionOn
from AccessControl.SpecialUsers import system as system_user
from Acquisition import aq_chain
from Acquisition import aq_inner
from proeve import _
from proeve.interfaces import ICandidate
from proeve.interfaces import IPvB
from proeve.roles import ASSESSOR
from proeve.roles import CANDIDATE
from proeve.roles import ESTABLISHER
from proeve.roles import EXAM_COMMITTEE
from proeve.roles import FORM_ASSESSOR
from proeve.roles import SCHOOL_ADMIN
from proeve.roles import SCHOOL_INTEGRATION
from proeve.roles import SCHOOL_SUPERVISOR
from proeve.roles import WORKPLACE_SUPERVISOR
from proeve.terms import DEFAULT_TERM
from proeve.terms import WORDS
from proeve.terms import workplace_supervisor_term
from zope.component.hooks import getSite


SYSTEM = "system"
PLATFORM_ADMIN = "platform_admin"
# Code -> label, in the order that decides between roles a person holds at once: the
# person's role on the exam first, then the school's, then the platform's.
ROLE_LABELS = {
    "candidate": _("journal_role_candidate", default="kandidaat"),
    "assessor_1": _("journal_role_assessor_1", default="eerste beoordelaar"),
    "assessor_2": _("journal_role_assessor_2", default="tweede beoordelaar"),
    "establisher": _("journal_role_establisher", default="vaststeller"),
    "content_checker": _("journal_role_content_checker", default="inhoudelijk vaststeller"),
    "school_supervisor": _("journal_role_school_supervisor", default="ROC-begeleider"),
    # In the school's own word (label()); this is the default word.
    "workplace_supervisor": WORDS[DEFAULT_TERM]["word"],
    "school_admin": _("journal_role_school_admin", default="schoolbeheerder"),
    "exam_committee": _("journal_role_exam_committee", default="examencommissie"),
    "school_integration": _("journal_role_school_integration", default="koppeling"),
    PLATFORM_ADMIN: _("journal_role_platform_admin", default="platformbeheerder"),
    "user": _("journal_role_user", default="gebruiker zonder rol"),
    SYSTEM: _("journal_role_system", default="systeem"),
}
# The Plone roles that stand for each of them.
PLONE_ROLES = {
    "candidate": {CANDIDATE},
    "assessor_1": {ASSESSOR, FORM_ASSESSOR},
    "assessor_2": {ASSESSOR, FORM_ASSESSOR},
    "establisher": {ESTABLISHER},
    "content_checker": {ESTABLISHER},
    "school_supervisor": {SCHOOL_SUPERVISOR},
    "workplace_supervisor": {WORKPLACE_SUPERVISOR},
    "school_admin": {SCHOOL_ADMIN},
    "exam_committee": {EXAM_COMMITTEE},
    "school_integration": {SCHOOL_INTEGRATION},
    PLATFORM_ADMIN: {"Manager", "Site Administrator"},
}
# Roles that come from the school's roster (or the platform), not from a PvB's fields.
ROSTER_ROLES = ("school_admin", "exam_committee", "school_supervisor", "school_integration")
# Actions that people in more than one role may take: the permission tells in which role.
ACTION_PERMISSIONS = {
    "people_changed": "proeve: Change PvB people",
    "attachment_added": "plone.app.contenttypes: Add File",
    "paused": "proeve: Pause PvB",
    "result_established": "proeve: Establish result",
    "correction_created": "proeve: Establish result",
    "form_created": "proeve: Add AssessmentForm",
    "appointment_created": "proeve: Add Appointment",
    "evidence_uploaded": "proeve: Add Evidence",
    # Whoever links their own login has become the candidate by the time it is journaled.
    "login_link_changed": "collective.workspace: Manage roster",
}


def label(role, context):
    """The message id of a role code at context's school (None for entries written before
    roles were)."""
    if role == "workplace_supervisor":
        return workplace_supervisor_term(context, "word")
    return ROLE_LABELS.get(role) if role else None


def acting_role(context, actor, action=None):
    """The role in which `actor` did `action` on `context` (see the module's text)."""
    user = _user(actor)
    if user is None:
        return SYSTEM
    held = held_roles(context, user)
    if not held:
        return "user"
    if len(held) > 1 and action in ACTION_PERMISSIONS:
        granted = set(rolesForPermissionOn(ACTION_PERMISSIONS[action], _target(context)))
        fitting = [r for r in held if PLONE_ROLES.get(r, set()) & granted]
        if fitting:
            return fitting[0]
    return held[0]


def held_roles(context, user):
    """Every role of ROLE_LABELS that user holds on context, in that order."""
    userid = user.getId()
    found = set()
    pvb, candidate = _pvb_and_candidate(context)
    if candidate is not None and userid and getattr(candidate, "userid", None) == userid:
        found.add("candidate")
    if pvb is not None:
        found.update(field for field, who in pvb.people().items() if who and who == userid)
    if context is not None:
        local = set(user.getRolesInContext(context))
        found.update(r for r in ROSTER_ROLES if PLONE_ROLES[r] & local)
        if PLONE_ROLES[PLATFORM_ADMIN] & local:
            found.add(PLATFORM_ADMIN)
    elif PLONE_ROLES[PLATFORM_ADMIN] & set(user.getRoles()):
        found.add(PLATFORM_ADMIN)
    return [r for r in ROLE_LABELS if r in found]


def _user(actor):
    """The user behind actor (the current user when actor is theirs), or None for the
    server itself: nobody logged in, Zope's system user, or an unknown id."""
    current = getSecurityManager().getUser()
    if actor is None or (current is not None and current.getId() == actor):
        user = current
    else:
        site = getSite()
        user = site.acl_users.getUserById(actor) if site is not None else None
    if user is None or user.getId() is None or user.getUserName() == system_user.getUserName():
        return None
    return user


def _pvb_and_candidate(context):
    pvb = candidate = None
    if context is None:
        return None, None
    for obj in aq_chain(aq_inner(context)):
        if pvb is None and IPvB.providedBy(obj):
            pvb = obj
        if ICandidate.providedBy(obj):
            candidate = obj
            break
    return pvb, candidate


def _target(context):
    """Where the permission of an action is asked: the PvB the context is part of."""
    pvb, _candidate = _pvb_and_candidate(context)
    return pvb if pvb is not None else context
