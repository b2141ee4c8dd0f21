"""The rules checked where a PvB's assignment or people are entered: the PvB's add and edit
forms and plone.restapi's POST and PATCH of a PvB. (@people, @replace-assignment and the
bulk paths call the same rules themselves.)"""

from proeve.interfaces import IPvB
from proeve.people import FIELDS
from proeve.process.assignment import check_assignment
from proeve.process.people import check_people
from proeve.process.people import people_with


def check_entry(context, entered):
    """Refuse (ProcessError) what breaks a rule. ``context`` is the PvB being changed, or
    the candidate a new PvB is made for; ``entered`` maps the fields given to their values.
    Only what is entered is checked: the people when one of them is, and the assignment
    when another one than the PvB's frozen copy is chosen."""
    pvb = context if IPvB.providedBy(context) else None
    candidate = pvb.candidate() if pvb is not None else context
    if any(name in entered for name in FIELDS):
        check_people(people_with(pvb, entered), context)
    frozen = (pvb.assignment_snapshot or {}).get("uid") if pvb is not None else None
    if "assignment_uid" in entered and entered["assignment_uid"] != frozen:
        check_assignment(entered["assignment_uid"], candidate)
