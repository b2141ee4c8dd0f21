"""The assignment of a PvB: whether it fits the candidate (on every channel that picks
one: the add and edit forms, REST POST and PATCH, @replace-assignment, @bulk-pvb and the
group page's bulk form), and replacing it, one rule for every path (the @replace-assignment
endpoint, the edit form and a plain REST PATCH of ``assignment_uid``)."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.pvb import IPvBSchema
from proeve.content.snapshot import freeze_assignment
from proeve.content.utils import find_group
from proeve.content.utils import find_school
from proeve.exam_kinds import exam_kind
from proeve.interfaces import IExamBank
from proeve.journal import record
from proeve.process import ProcessError
from proeve.process.assignment_files import freeze_files
from proeve.process.phases import check_phase_step
from zope.component.hooks import getSite
from zope.schema.interfaces import ValidationError


# The kinds of assignment each bank holds: the national bank's are landelijk vastgesteld, a
# school's bank holds its own school assignments and eigen opdrachten, never national ones.
NATIONAL_KINDS = ("national",)
SCHOOL_KINDS = ("school", "own")
ALL_KINDS = NATIONAL_KINDS + SCHOOL_KINDS


def find_bank(context):
    """The ExamBank that holds context (or context itself), or None."""
    for obj in aq_chain(aq_inner(context)) if context is not None else ():
        if IExamBank.providedBy(obj):
            return obj
    return None


def kinds_in_bank(context):
    """The kinds an assignment in the bank of context may have (every kind outside a bank)."""
    bank = find_bank(context)
    if bank is None:
        return ALL_KINDS
    return SCHOOL_KINDS if find_school(bank) is not None else NATIONAL_KINDS


def find_assignment(uid):
    """The ExamAssignment with this UID, whoever may see it, or None."""
    if not isinstance(uid, str) or not uid:
        return None
    catalog = getToolByName(getSite(), "portal_catalog")
    found = catalog.unrestrictedSearchResults(UID=uid, portal_type="ExamAssignment")
    return found[0]._unrestrictedGetObject() if found else None


def assignment_problems(assignment, candidate):
    """(code, message) for each rule by which the assignment does not fit the candidate: an
    own assignment belongs to the candidate it was written for, and an assignment belongs to
    the crebo of the candidate's exam group."""
    problems = [
        owner_problem(assignment, candidate),
        crebo_problem(assignment, find_group(candidate)),
    ]
    return [problem for problem in problems if problem is not None]


def owner_problem(assignment, candidate):
    owner = getattr(assignment, "candidate_uid", None)
    if assignment.kind != "own" or owner == candidate.UID():
        return None
    if not owner:
        return (
            "assignment_of_another_candidate",
            _(
                "error_own_assignment_without_candidate",
                default="Bij deze eigen opdracht staat nog niet voor welke kandidaat hij is; "
                "vul dat eerst in bij de opdracht.",
            ),
        )
    return (
        "assignment_of_another_candidate",
        _(
            "error_own_assignment_of_another",
            default="Deze eigen opdracht is voor een andere kandidaat geschreven; hij hoort "
            "alleen bij die kandidaat.",
        ),
    )


def fits_group(assignment_crebo, group):
    """Whether an assignment of this code fits the group: the same crebo, or the same
    keuzedeelcode (a group without a code takes any)."""
    crebo = getattr(group, "crebo", None)
    return not crebo or assignment_crebo == crebo


def crebo_problem(assignment, group):
    """An assignment fits the group of its code (fits_group); if not, why not. A PvB's
    assignment for a keuzedeel group, or the other way round, is told as such."""
    if fits_group(assignment.crebo, group):
        return None
    crebo = group.crebo
    kind, group_kind = exam_kind(assignment), exam_kind(group)
    if kind != group_kind:
        return (
            "assignment_other_exam_kind",
            _(
                "error_assignment_other_exam_kind",
                default="Deze opdracht is voor een ${kind} (${code}); de examengroep van de "
                "kandidaat is voor een ${group_kind} (${group_code}).",
                mapping={
                    "kind": kind.title,
                    "code": assignment.crebo,
                    "group_kind": group_kind.title,
                    "group_code": crebo,
                },
            ),
        )
    return (
        "assignment_other_crebo",
        _(
            "error_assignment_other_crebo",
            default="Deze opdracht hoort bij ${code_word} ${crebo}; de examengroep van de "
            "kandidaat bij ${code_word} ${group_crebo}.",
            mapping={"crebo": assignment.crebo, "group_crebo": crebo, "code_word": kind.code_word},
        ),
    )


WITHDRAWN = _(
    "error_assignment_withdrawn",
    default="Deze opdracht is ingetrokken: er worden geen nieuwe PvB's meer van gemaakt. Kies "
    "een vastgestelde opdracht (bijvoorbeeld de nieuwe versie).",
)


def withdrawn(uid):
    """Whether uid is an assignment that was withdrawn (ingetrokken)."""
    assignment = find_assignment(uid)
    if assignment is None:
        return False
    workflow = getToolByName(assignment, "portal_workflow")
    return workflow.getInfoFor(assignment, "review_state", None) == "withdrawn"


def check_not_withdrawn(uid):
    """A withdrawn assignment is chosen for no new PvB (existing PvBs keep their copy)."""
    if withdrawn(uid):
        raise ProcessError("assignment_withdrawn", WITHDRAWN, field="assignment_uid")


def check_assignment(uid, candidate):
    """Refuse an assignment that does not fit the candidate (a ProcessError with the first
    problem). One the PvB may not draw from at all (unknown, another school's) is left to
    the field's vocabulary, which refuses it without telling more."""
    check_not_withdrawn(uid)
    if candidate is None or not drawable(uid, candidate):
        return
    problems = assignment_problems(find_assignment(uid), candidate)
    if problems:
        code, message = problems[0]
        raise ProcessError(code, message, field="assignment_uid")


def drawable(uid, candidate):
    """Whether a PvB of the candidate may be made from this assignment's bank: the national
    bank and the school's own (vocabulary proeve.assignments)."""
    if not isinstance(uid, str) or not uid:
        return False
    try:
        IPvBSchema["assignment_uid"].bind(candidate).validate(uid)
    except ValidationError:
        return False
    return True


def cohort_warning(cohort, group):
    """A warning (or None) when an assignment of this cohort (of the kwalificatiedossier)
    is chosen in a group of another cohort: allowed, but worth a second look."""
    group_cohort = getattr(group, "qualification_cohort", None)
    # Compared as text: the catalog holds an assignment's cohort as text (its indexer).
    if not cohort or not group_cohort or str(cohort) == str(group_cohort):
        return None
    return _(
        "warning_assignment_other_cohort",
        default="Deze opdracht hoort bij cohort ${cohort} van het kwalificatiedossier; de "
        "examengroep bij cohort ${group_cohort}. Controleer of dat de bedoeling is.",
        mapping={"cohort": cohort, "group_cohort": group_cohort},
    )


def pvb_cohort_warning(pvb):
    """cohort_warning for the PvB's frozen assignment and its candidate's group."""
    snapshot = pvb.assignment_snapshot or {}
    return cohort_warning(snapshot.get("qualification_cohort"), find_group(pvb))


def replace_assignment(pvb, uid):
    """Freeze the assignment ``uid`` into the PvB in place of its old copy, and journal it.

    Only in the preparation, and only an assignment the PvB may be made from; otherwise a
    ProcessError and nothing changes. The caller notifies the change, which voids the
    approvals given on the old copy (they signed its hash)."""

    # Those who edit the PvB in its preparation replace its assignment, then only.
    check_phase_step(
        pvb,
        "Modify portal content",
        "preparation",
        _("error_replace_not_allowed", default="U kunt de opdracht van deze PvB niet vervangen."),
        ProcessError(
            "not_in_preparation",
            _(
                "error_not_in_preparation",
                default="De opdracht kan alleen in de voorbereiding worden vervangen.",
            ),
            status=409,
        ),
    )
    if uid != (pvb.assignment_snapshot or {}).get("uid"):
        check_not_withdrawn(uid)
    try:
        IPvBSchema["assignment_uid"].bind(pvb).validate(uid)
    except ValidationError:
        raise ProcessError(
            "unknown_assignment",
            _(
                "error_unknown_assignment",
                default="Deze examenopdracht bestaat niet in de landelijke examenbank of "
                "de opdrachtenbank van de school.",
            ),
        ) from None
    check_assignment(uid, pvb.candidate())
    old = (pvb.assignment_snapshot or {}).get("title")
    pvb.assignment_uid = uid
    pvb.assignment_snapshot = freeze_assignment(uid)
    freeze_files(pvb, find_assignment(uid))
    record(pvb, "assignment_replaced", {"from": old, "to": pvb.assignment_snapshot["title"]})
    # The title comes from the copy; the catalog search of the freeze indexed the old one.
    pvb.reindexObject()


def follow_assignment(pvb):
    """After a change of ``assignment_uid`` by any other path (edit form, REST PATCH): the
    same step as @replace-assignment, or a ProcessError when that step is not allowed."""
    frozen = (pvb.assignment_snapshot or {}).get("uid")
    if frozen and pvb.assignment_uid != frozen:
        replace_assignment(pvb, pvb.assignment_uid)
