"""The rules about a PvB's people, checked where they are entered (the edit form, REST, the
bulk form and @bulk-pvb, @people) and again before the vaststelling.

The people themselves (fields, roles, labels, when required) are the table in proeve.people.
"""

from AccessControl import getSecurityManager
from proeve import _
from proeve.content.utils import find_school
from proeve.content.utils import review_state
from proeve.exam_kinds import exam_kind
from proeve.exam_kinds import requires
from proeve.people import ALWAYS
from proeve.people import BY_FIELD
from proeve.people import CHANGE_PERMISSION_TITLE
from proeve.people import CHANGED_WITHOUT_REASON
from proeve.people import DIFFERENT_FROM_SECOND_ASSESSOR
from proeve.people import FIELDS
from proeve.people import IF_CONTENT_CHECK
from proeve.people import IF_SECOND_ASSESSOR
from proeve.people import label
from proeve.people import PEOPLE
from proeve.process import ProcessError
from proeve.process.checks import content_check_required
from proeve.process.checks import second_assessor_required
from proeve.terms import in_school_words
from proeve.vocabularies import roster_members
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


SECOND_ASSESSOR_IS = {
    "assessor_1": _(
        "error_same_assessors",
        default="De tweede beoordelaar moet een ander zijn dan de eerste.",
    ),
    "workplace_supervisor": _(
        "error_assessor_is_workplace_supervisor",
        default="De tweede beoordelaar mag niet de ${workplace_supervisor} zijn.",
    ),
    "school_supervisor": _(
        "error_assessor_is_supervisor",
        default="De tweede beoordelaar mag niet de ROC-begeleider zijn.",
    ),
}


def required_people(pvb):
    """The fields that must be filled in before the vaststelling of this PvB: by each
    person's condition, of those its kind of exam requires (proeve.exam_kinds)."""
    wanted = {
        ALWAYS: True,
        IF_SECOND_ASSESSOR: second_assessor_required(pvb),
        IF_CONTENT_CHECK: content_check_required(pvb),
    }
    kind = exam_kind(pvb)
    return [person.field for person in PEOPLE if wanted[person.required] and requires(kind, person)]


def offered_people(context):
    """The people a form offers for a PvB of this group or this PvB: all of them (those its
    kind of exam does not require too), and the inhoudelijk vaststeller only where the
    school checks content."""
    checks_content = content_check_required(context)
    return [person for person in PEOPLE if person.required != IF_CONTENT_CHECK or checks_content]


def approving_people(pvb):
    """The people fields that approve this PvB: those of the table who approve, of which its
    kind of exam requires, or which are filled in."""
    kind = exam_kind(pvb)
    return [
        person.field
        for person in PEOPLE
        if person.approves and (requires(kind, person) or getattr(pvb, person.field, None))
    ]


def shown_people(pvb):
    """The people fields a page or the dossier shows for this PvB: those offered, and any
    other that is filled in."""
    offered = {person.field for person in offered_people(pvb)}
    return [field for field in FIELDS if field in offered or getattr(pvb, field, None)]


def second_assessor_is(other, context):
    """Why the second assessor may not be the person of field `other`, in the words of
    context's school."""
    return in_school_words(SECOND_ASSESSOR_IS[other], context)


def people_conflicts(people, context):
    """(field, message) for each rule about who may be whom that does not hold, in a mapping
    {field: userid} of the people (filled in or about to be) of a PvB at context."""
    second = people.get("assessor_2")
    if not second:
        return []
    return [
        ("assessor_2", second_assessor_is(other, context))
        for other in DIFFERENT_FROM_SECOND_ASSESSOR
        if people.get(other) == second
    ]


def check_people(people, context):
    """Refuse people that break a rule: a ProcessError with the first problem."""
    conflicts = people_conflicts(people, context)
    if conflicts:
        field, message = conflicts[0]
        raise ProcessError("invalid_people", message, field=field)


def people_with(pvb, changes):
    """The people of the PvB as they would be after these changes."""
    people = pvb.people() if pvb is not None else dict.fromkeys(FIELDS)
    people.update({name: value for name, value in changes.items() if name in BY_FIELD})
    return people


def missing_people(pvb, people=None):
    """(field, message) for each required person not filled in (in the PvB, or in these
    people of it)."""
    people = pvb.people() if people is None else people
    return [
        (
            field,
            _(
                "error_person_missing",
                default="${field}: nog niet ingevuld.",
                mapping={"field": label(field, pvb)},
            ),
        )
        for field in required_people(pvb)
        if not people.get(field)
    ]


def people_problems(pvb):
    """(field, message) for every rule about the people that does not hold: what the
    vaststelling requires."""
    return missing_people(pvb) + people_conflicts(pvb.people(), pvb)


def change_people(pvb, changes, reason):
    """Change people of a PvB (the @people endpoint): each from their roster pool, after the
    vaststelling only with a reason and still complete, and never so that a rule breaks. A
    refusal changes nothing."""
    check_may_change_people(pvb)
    unknown = set(changes) - set(FIELDS)
    if unknown or not changes:
        raise ProcessError(
            "invalid_fields",
            _(
                "error_people_fields",
                default="Geef een of meer van: ${fields}.",
                mapping={"fields": ", ".join(FIELDS)},
            ),
        )
    established = reason_required(pvb)
    if established and not reason:
        raise ProcessError(
            "reason_required",
            _(
                "error_reason_required",
                default="Na de vaststelling hoort bij elke wijziging een reden.",
            ),
        )
    for name, value in changes.items():
        check_in_pool(pvb, name, value)
    after = people_with(pvb, changes)
    check_people(after, pvb)
    missing = missing_people(pvb, after) if established else []
    if missing:
        field, message = missing[0]
        raise ProcessError("invalid_people", message, field=field)
    for name, value in changes.items():
        setattr(pvb, name, value)
    request = getattr(pvb, "REQUEST", None)
    if request is not None:
        # The journal entry of the change (content.subscribers.pvb_modified) carries it.
        request.set("proeve.reason", reason or None)
    notify(ObjectModifiedEvent(pvb))


def check_may_change_people(pvb):
    """Who changes people in which phase is the workflow's (proeve.people.CHANGED_BY): after
    the vaststelling the school admin only, and nobody once the PvB is closed."""
    if not getSecurityManager().checkPermission(CHANGE_PERMISSION_TITLE, pvb):
        raise ProcessError(
            "forbidden",
            _(
                "error_people_change_not_allowed",
                default="U mag de betrokkenen van deze PvB nu niet wijzigen. Na de "
                "vaststelling doet alleen de schoolbeheerder dat.",
            ),
            status=403,
        )


def people_choices(pvb):
    """[(field, [userid of its roster pool])] for the people a form offers for this PvB."""
    school = find_school(pvb)
    return [
        (field, sorted(roster_members(school, BY_FIELD[field].pool))) for field in shown_people(pvb)
    ]


def reason_required(pvb):
    """From the vaststelling on, a change of people carries a reason."""
    return review_state(pvb) not in CHANGED_WITHOUT_REASON


def check_in_pool(pvb, name, userid):
    """A person comes from their roster pool of the PvB's school (or is emptied)."""
    if userid is None:
        return
    pool = roster_members(find_school(pvb), BY_FIELD[name].pool)
    if not isinstance(userid, str) or userid not in pool:
        raise ProcessError(
            "invalid_person",
            _(
                "error_invalid_person",
                default="${userid} kan niet als ${field} worden gekozen.",
                mapping={"userid": str(userid), "field": label(name, pvb)},
            ),
            field=name,
        )
