"""Which existing Proeve login a person verified by a school's provider is.

Only the people of that school count: its candidates with a linked login (by student code
or e-mail from the import) and its staff on the roster (by the e-mail of their login).
Praktijkbegeleiders keep their own password login and are never matched: a school's provider
does not vouch for a company's people. No account is ever made here.
"""

from collective.workspace.interfaces import IWorkspace
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.utils import is_archived
from proeve.roles import ROSTER_GROUPS
from proeve.signon import refused
from zope.i18nmessageid import Message


# Roster groups of the school's own people: everyone but Members and praktijkbegeleiders.
STAFF_GROUPS = frozenset(ROSTER_GROUPS) - {"Members", "WorkplaceSupervisors", "Candidates"}
SCHOOL_PEOPLE_GROUPS = STAFF_GROUPS | {"Candidates"}

NO_CLAIM = (
    "signon_no_identity",
    _(
        "error_signon_no_identity",
        default="Je school gaf niet door wie je bent (${claim}). Neem contact op met je school.",
    ),
)
UNKNOWN_PERSON = (
    "signon_unknown_person",
    _(
        "error_signon_unknown_person",
        default="Je bent ingelogd bij je school, maar in Proeve hoort bij jou geen account van "
        "deze school. Vraag je begeleider of de schoolbeheerder om je account te koppelen; er "
        "is niets aangemaakt.",
    ),
)
AMBIGUOUS_PERSON = (
    "signon_ambiguous_person",
    _(
        "error_signon_ambiguous_person",
        default="Bij jouw gegevens horen meer accounts in Proeve. Vraag de schoolbeheerder om "
        "dit op te lossen; er is niemand ingelogd.",
    ),
)


def identity(settings, claims):
    value = claims.get(settings.claim)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]  # eduPersonPrincipalName may come as a list of one
    # An address the provider itself says it has not verified identifies nobody.
    unverified = settings.claim == "email" and claims.get("email_verified") is False
    if unverified or not isinstance(value, str) or not value.strip():
        code, message = NO_CLAIM
        raise refused(code, Message(message, mapping={"claim": settings.claim}), status=403)
    return value.strip().lower()


def _login_email(portal, userid):
    member = getToolByName(portal, "portal_membership").getMemberById(userid)
    if member is None:
        return None
    return (member.getProperty("email") or "").strip().lower()


def _groups(team_data):
    """The groups of one entry of the roster's raw team data."""
    return set((team_data or {}).get("groups") or ())


def _same(value, text):
    return isinstance(text, str) and text.strip().lower() == value


def matching_students(school, settings, value):
    catalog = getToolByName(school, "portal_catalog")
    query = {"portal_type": "Candidate", "path": "/".join(school.getPhysicalPath())}
    found = set()
    for brain in catalog.unrestrictedSearchResults(**query):
        candidate = brain._unrestrictedGetObject()
        userid = getattr(candidate, "userid", None)
        if not userid or is_archived(candidate):
            continue
        field = (
            candidate.student_code if settings.students_by == "student_code" else candidate.email
        )
        if _same(value, field):
            found.add(userid)
    return found


def matching_staff(school, portal, value):
    roster = IWorkspace(school)
    found = set()
    for userid, data in roster.members.items():
        if _groups(data) & STAFF_GROUPS and _same(value, _login_email(portal, userid)):
            found.add(userid)
    return found


def match_person(school, settings, claims):
    """The one login of this school that the claims identify (SignOnError otherwise)."""
    portal = getToolByName(school, "portal_url").getPortalObject()
    value = identity(settings, claims)
    found = matching_students(school, settings, value) | matching_staff(school, portal, value)
    found = {userid for userid in found if _login_email(portal, userid) is not None}
    if not found:
        raise refused(*UNKNOWN_PERSON, status=403)
    if len(found) > 1:
        raise refused(*AMBIGUOUS_PERSON, status=409)
    return found.pop()


def is_school_person(school, userid):
    """The login is staff or a student of this school (not a praktijkbegeleider only)."""
    if _groups(IWorkspace(school).members.get(userid)) & SCHOOL_PEOPLE_GROUPS:
        return True
    catalog = getToolByName(school, "portal_catalog")
    return bool(
        catalog.unrestrictedSearchResults(
            portal_type="Candidate",
            candidate_login=userid,
            path="/".join(school.getPhysicalPath()),
        )
    )
