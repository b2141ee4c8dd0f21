"""A PvB for a whole group at once: one assignment, people and dates, a report per candidate."""

from plone.dexterity.utils import createContentInContainer
from proeve import _
from proeve.content.pvb import IPvBSchema
from proeve.content.snapshot import freeze_assignment
from proeve.content.utils import is_archived
from proeve.content.validation import FieldError
from proeve.journal import record
from proeve.people import FIELDS as PEOPLE_FIELDS
from proeve.process import ProcessError
from proeve.process.assignment import check_assignment
from proeve.process.assignment import cohort_warning
from proeve.process.assignment import find_assignment
from proeve.process.assignment import WITHDRAWN
from proeve.process.assignment import withdrawn
from proeve.process.people import check_people
from proeve.process.people import people_with
from zope.i18nmessageid import Message
from zope.schema.interfaces import ValidationError
import transaction


BATCH = 50
SETTINGS = ("exam_location", "start_date", "end_date", *PEOPLE_FIELDS)


# zope.schema's own errors are English and say little; the bulk form says what is wrong.
BULK_FIELD_PROBLEMS = {
    "assignment_uid": _(
        "error_bulk_assignment", default="Kies een opdracht uit de examenbank van de school."
    ),
    "exam_location": _(
        "error_bulk_exam_location", default="De examenlocatie is hoogstens 200 tekens."
    ),
    "start_date": _("error_invalid_date", default="Gebruik een datum als 2027-06-30."),
    "end_date": _("error_invalid_date", default="Gebruik een datum als 2027-06-30."),
}
BULK_PERSON_PROBLEM = _(
    "error_bulk_person", default="Kies iemand uit de juiste groep van het rooster van de school."
)


def field_problem(name, exc):
    if isinstance(exc, FieldError):
        return exc.doc()
    return BULK_FIELD_PROBLEMS.get(name, BULK_PERSON_PROBLEM)


def check_settings(group, settings):
    """Field problems of the shared settings (validated as on one PvB of the group)."""
    problems = {}
    for name in ("assignment_uid", *SETTINGS):
        value = settings.get(name)
        if value in (None, "") and name != "assignment_uid":
            continue
        try:
            IPvBSchema[name].bind(group).validate(value)
        except ValidationError as exc:
            problems[name] = field_problem(name, exc)
    if "assignment_uid" in problems and withdrawn(settings.get("assignment_uid")):
        problems["assignment_uid"] = WITHDRAWN  # say why it is no longer offered
    start, end = settings.get("start_date"), settings.get("end_date")
    if start and end and end < start and "end_date" not in problems:
        # The PvB schema's invariant, which field validation alone does not run.
        problems["end_date"] = _(
            "error_end_before_start", default="De einddatum ligt vóór de startdatum."
        )
    return problems


def check_rules(group, report, settings):
    """The process rules on the shared settings, for every candidate that would get a PvB:
    people that may be who they are, and an assignment that fits each candidate (an own
    assignment only its own candidate's, the group's crebo). Refuses (ProcessError, with
    the candidate) or returns the warnings: an assignment of another cohort."""
    check_people(people_with(None, settings), group)
    uid = settings["assignment_uid"]
    for entry in report:
        if entry["action"] != "create":
            continue
        try:
            check_assignment(uid, group[entry["candidate"]])
        except ProcessError as exc:
            exc.details["candidate"] = entry["candidate"]
            raise
    assignment = find_assignment(uid)
    warning = cohort_warning(getattr(assignment, "qualification_cohort", None), group)
    return [warning] if warning else []


REASONS = {
    "unknown_candidate": _("reason_unknown_candidate", default="onbekende kandidaat"),
    "archived": _("reason_archived", default="gearchiveerd"),
    "already_exists": _("reason_already_exists", default="heeft al een PvB met deze opdracht"),
}


def skipped(code, **mapping):
    """Why a candidate was skipped: a stable code and a message (translated by the service)."""
    message = REASONS[code]
    if mapping:
        message = Message(message, domain=message.domain, default=message.default, mapping=mapping)
    return {"reason_code": code, "reason": message}


def plan(group, candidate_ids, assignment_uid):
    report = []
    candidates = [o for o in group.objectValues() if o.portal_type == "Candidate"]
    if candidate_ids != "all":
        wanted = set(candidate_ids or ())
        unknown = wanted - {c.getId() for c in candidates}
        report += [
            {"candidate": c, "action": "skipped", **skipped("unknown_candidate")}
            for c in sorted(unknown)
        ]
        candidates = [c for c in candidates if c.getId() in wanted]
    for candidate in candidates:
        entry = {"candidate": candidate.getId(), "name": candidate.Title()}
        existing = [
            p
            for p in candidate.objectValues()
            if p.portal_type == "PvB" and p.assignment_uid == assignment_uid
        ]
        if is_archived(candidate):
            entry.update(action="skipped", **skipped("archived"))
        elif existing:
            entry.update(action="skipped", **skipped("already_exists"))
        else:
            entry.update(action="create")
        report.append(entry)
    return report


def apply(group, report, settings):
    snapshot = freeze_assignment(settings["assignment_uid"])
    fields = {k: settings[k] for k in SETTINGS if settings.get(k) not in (None, "")}
    created = 0
    for entry in report:
        if entry["action"] != "create":
            continue
        pvb = createContentInContainer(
            group[entry["candidate"]],
            "PvB",
            checkConstraints=False,
            assignment_uid=settings["assignment_uid"],
            assignment_snapshot=snapshot,
            **fields,
        )
        entry.update(action="created", pvb=pvb.absolute_url())
        created += 1
        if created % BATCH == 0:
            # Memory stays bounded; the group is still one transaction: all or nothing.
            transaction.savepoint(optimistic=True)
    record(group, "pvbs_created", {"assignment": snapshot.get("title"), "count": created})
    return created
