"""What the school wants checked, and who is told what does not hold (the rules about the
people themselves are in process.people)."""

from AccessControl import getSecurityManager
from collective.workspace.interfaces import IWorkspace
from datetime import date
from proeve import _
from proeve.accounts import Names
from proeve.content.utils import find_school
from proeve.people import ASSESSORS
from proeve.people import label


# Who is told what is missing or wrong about the people: those who can act on it (change
# the people, establish, or keep the journal: the school's staff and the exam committee).
# Not the candidate, the workplace supervisor or the assessors: a register warning is about
# an assessor, not theirs to read.
CHECK_READERS = ("proeve: Change PvB people", "proeve: Establish PvB", "proeve: View journal")


def asker(pvb):
    """``allowed(permission)`` on this PvB for the current user. A caller that asks several
    questions of one PvB (the dossier) passes its own, remembering, asker instead."""
    security = getSecurityManager()
    return lambda permission: bool(security.checkPermission(permission, pvb))


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
