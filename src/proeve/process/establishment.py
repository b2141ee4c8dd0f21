"""Vaststelling of a whole group in one step, by its vaststeller.

Only a vastgestelde (school or national) assignment is established for a group at once; a
PvB of an own assignment is established on its own. Only the vaststeller's own PvBs are
touched or reported, and each goes through the same workflow step (and guard) as on the
PvB page.
"""

from AccessControl import getSecurityManager
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.utils import review_state
from proeve.process import ProcessError
from proeve.process.labels import state_title
from proeve.process.people import people_problems
from proeve.process.steps import take_transition
from zope.i18nmessageid import Message


NOT_ESTABLISHED = _(
    "error_establish_group_not_established",
    default="Alleen een vastgestelde opdracht kan in één stap voor een groep worden vastgesteld.",
)
REASONS = {
    "wrong_phase": _("reason_wrong_phase", default="de PvB is in fase ${phase}"),
    "people_missing": _(
        "reason_people_missing", default="betrokkenen ontbreken of zijn niet toegestaan"
    ),
    "own_assignment": _(
        "reason_own_assignment",
        default="eigen opdracht: stel deze PvB afzonderlijk vast",
    ),
}


def skipped(code, **mapping):
    """Why a PvB was not established: a stable code and a message."""
    message = REASONS[code]
    if mapping:
        message = Message(message, domain=message.domain, default=message.default, mapping=mapping)
    return {"action": "skipped", "reason_code": code, "reason": message}


def established_assignment(group, assignment_uid):
    catalog = getToolByName(group, "portal_catalog")
    found = catalog.unrestrictedSearchResults(UID=assignment_uid, portal_type="ExamAssignment")
    # A withdrawn assignment was vastgesteld: its existing PvBs go on as before.
    return bool(found) and found[0].review_state in ("established", "withdrawn")


def my_pvbs(group, assignment_uid):
    """The group's PvBs of this assignment of which the current user is the vaststeller."""
    user = getSecurityManager().getUser().getId()
    for candidate in group.objectValues():
        if candidate.portal_type != "Candidate":
            continue
        for pvb in candidate.objectValues():
            # Only the vaststeller's own PvBs: nothing about anyone else's.
            mine = pvb.portal_type == "PvB" and pvb.establisher == user
            if mine and pvb.assignment_uid == assignment_uid:
                yield candidate, pvb


def establish_one(pvb):
    """The outcome of one PvB of the group (established, or why not)."""
    state = review_state(pvb)
    if state != "establishment":
        return skipped("wrong_phase", phase=state_title(state))
    if people_problems(pvb):
        return skipped("people_missing")
    take_transition(pvb, "establish", comment="groepsvaststelling")
    return {"action": "established"}


def establish_group(group, assignment_uid):
    """Establish every PvB of the group made from this vastgestelde assignment that waits for
    the current user; a report per PvB. Refused when there is no group or the assignment is
    not a vastgestelde one."""
    # (An empty UID would match every assignment.)
    if group is None or not assignment_uid or not established_assignment(group, assignment_uid):
        raise ProcessError("not_established", NOT_ESTABLISHED)
    return [
        {"candidate": candidate.getId(), "pvb": pvb.absolute_url(), **establish_one(pvb)}
        for candidate, pvb in my_pvbs(group, assignment_uid)
    ]


def establish_waiting(group, waiting):
    """The page's step: for each assignment of the user's waiting PvBs (``waiting``), the
    group vaststelling; a PvB of an own assignment is reported, not established."""
    report = []
    for uid in dict.fromkeys(pvb.assignment_uid for pvb in waiting):
        if established_assignment(group, uid):
            report += establish_group(group, uid)
            continue
        report += [
            {
                "candidate": pvb.getPhysicalPath()[-2],
                "pvb": pvb.absolute_url(),
                **skipped("own_assignment"),
            }
            for pvb in waiting
            if pvb.assignment_uid == uid
        ]
    return report
