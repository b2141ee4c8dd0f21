"""The dossier of one PvB as data, as the current user may see it: phases, people, the
approved content (frozen assignment, attachments), the aanvulopdrachten, approvals, checks,
appointments, evidence, forms, result. GET @dossier answers it; the PvB page and the
dossier export read it."""

from Products.CMFCore.utils import getToolByName
from proeve.accounts import Names
from proeve.exam_kinds import exam_code
from proeve.exam_kinds import exam_kind
from proeve.process.access import may_read_forms
from proeve.process.approvals import approval_valid
from proeve.process.approvals import approved_content
from proeve.process.approvals import APPROVER_ROLES
from proeve.process.approvals import content_hash
from proeve.process.approvals import stored
from proeve.process.assessment import failed_crucial_criteria
from proeve.process.assessment import forms_fingerprint
from proeve.process.assessment import incomplete
from proeve.process.assessment import live_forms
from proeve.process.assessment import may_see_results
from proeve.process.assessment import scored_criteria
from proeve.process.assignment import pvb_cohort_warning
from proeve.process.assignment_files import frozen_attachments
from proeve.process.checks import content_check_required
from proeve.process.checks import may_see_checks
from proeve.process.checks import register_warnings
from proeve.process.checks import roles_asker
from proeve.process.people import people_problems
from proeve.process.people import shown_people
from proeve.process.phases import phase_title
from proeve.process.supplementary import describe as describe_supplementary
from zope.component import getUtility
from zope.i18n import translate
from zope.i18n.interfaces import INegotiator
import functools


LANGUAGES = ("nl", "en")

# The phases in their order (a paused PvB is in its execution phase).
PHASE_ORDER = (
    "preparation",
    "content_check",
    "establishment",
    "execution",
    "assessment",
    "closed",
)


def request_language(request):
    """The language the request's texts are translated into (Proeve's catalogs: nl, en)."""
    return getUtility(INegotiator).getLanguage(LANGUAGES, request)


def assignment_warnings(pvb):
    """An assignment of another cohort than the candidate's group: allowed, but said to
    everyone who reads the dossier."""
    warning = pvb_cohort_warning(pvb)
    return [warning] if warning else []


def build_dossier(pvb, request):
    """The dossier of one PvB as the current user may see it."""
    workflow = getToolByName(pvb, "portal_workflow")
    # The dossier asks some permissions of the PvB more than once: each is checked once,
    # from the user's roles on the PvB (looked up once), as is View of each object in it.
    may = roles_asker(pvb)
    allowed = functools.lru_cache(maxsize=None)(may)
    state = workflow.getInfoFor(pvb, "review_state")
    # A paused PvB is still in its execution phase.
    phase = "execution" if state == "paused" else state
    order = [
        pid
        for pid in PHASE_ORDER
        if pid != "content_check" or content_check_required(pvb) or phase == pid
    ]

    names = Names(pvb)  # an assessor is on the PvB and on a form: one look-up

    def person(userid):
        if not userid:
            return None
        return {"userid": userid, "fullname": names(userid)}

    # The language is negotiated once for the dossier's many texts, not once per text.
    language = request_language(request)

    def tr(message):
        return translate(message, target_language=language, context=request)

    approved = approved_content(pvb)
    current_hash = content_hash(pvb, approved)
    # The attachments' fingerprints as the approval signs them.
    attachment_hashes = dict(approved["attachments"])
    approvals = stored(pvb, create=False)
    candidate = pvb.candidate()
    kind = exam_kind(pvb)
    result = {
        "@id": f"{pvb.absolute_url()}/@dossier",
        "title": pvb.Title(),
        # The kind of exam (proeve.exam_kinds) and its code (a crebo or a keuzedeelcode), as
        # codes and as the page says them.
        "exam_kind": kind.name,
        "exam_kind_title": tr(kind.title),
        "exam_code": exam_code(pvb),
        "exam_code_label": tr(kind.code_label),
        "phase": state,
        "phases": [
            {
                "id": pid,
                "title": tr(phase_title(pid)),
                "status": "done"
                if order.index(pid) < order.index(phase)
                else ("current" if pid == phase else "to come"),
            }
            for pid in order
        ],
        "paused": {"reason": pvb.pause_reason, "resume_date": str(pvb.pause_until or "")}
        if state == "paused"
        else None,
        "candidate": person(candidate.userid) if candidate is not None else None,
        "candidate_name": candidate.Title() if candidate is not None else None,
        "assignment": pvb.assignment_snapshot,
        "assignment_warnings": [tr(m) for m in assignment_warnings(pvb)],
        "exam_location": pvb.exam_location,
        "start_date": pvb.start_date.isoformat() if pvb.start_date else None,
        "end_date": pvb.end_date.isoformat() if pvb.end_date else None,
        # The assignment's files of the frozen copy first, then those added to the PvB.
        "attachments": frozen_attachments(pvb),
        "supplementary_assignments": [],
        "people": {name: person(getattr(pvb, name, None)) for name in shown_people(pvb)},
        "content_hash": current_hash,
        "approvals": [
            dict(
                approvals[role],
                valid=approval_valid(pvb, role, approvals[role], current_hash, state),
            )
            for role in APPROVER_ROLES
            if role in approvals
        ],
        "checks": (
            {
                "people": [tr(m) for _, m in people_problems(pvb)],
                "warnings": [tr(m) for _, m in register_warnings(pvb)],
            }
            if may_see_checks(pvb, allowed)
            else {"people": [], "warnings": []}
        ),
        "transitions": [t["id"] for t in workflow.getTransitionsFor(pvb)],
        "appointments": [],
        "evidence": [],
        "forms": [],
        "result": None,
    }
    # Who reads the recorded forms is a rule of its own (process.access.may_read_forms): the
    # candidate reads them once the result is established, without a right on the forms.
    read_forms = may_read_forms(pvb, allowed)
    live = {form.UID() for form in live_forms(pvb).values()}
    for obj in pvb.objectValues():
        readable_form = (
            read_forms
            and obj.portal_type == "AssessmentForm"
            and workflow.getInfoFor(obj, "review_state") == "recorded"
        )
        if not readable_form and not may("View", obj):
            continue
        if obj.portal_type == "Appointment":
            start = obj.start
            late = bool(pvb.end_date and start and start.date() > pvb.end_date)
            result["appointments"].append(
                {
                    "@id": obj.absolute_url(),
                    "title": obj.Title(),
                    "start": start.isoformat() if start else None,
                    "location": obj.location,
                    "after_end_date": late,
                }
            )
        elif obj.portal_type == "Evidence":
            blob = obj.file
            result["evidence"].append(
                {
                    "@id": obj.absolute_url(),
                    "title": obj.Title(),
                    "filename": blob.filename if blob else None,
                    "size": blob.getSize() if blob else 0,
                }
            )
        elif obj.portal_type == "File" and obj.getId() in attachment_hashes:
            blob = obj.file
            result["attachments"].append(
                {
                    "@id": obj.absolute_url(),
                    "title": obj.Title(),
                    "filename": blob.filename,
                    "size": blob.getSize(),
                    "download": f"{obj.absolute_url()}/@@download/file",
                    "sha256": attachment_hashes[obj.getId()],
                }
            )
        elif obj.portal_type == "SupplementaryAssignment":
            result["supplementary_assignments"].append(describe_supplementary(obj))
        elif obj.portal_type == "AssessmentForm":
            result["forms"].append(
                {
                    "@id": obj.absolute_url(),
                    "assessor": person(obj.assessor),
                    "state": workflow.getInfoFor(obj, "review_state"),
                    "open_criteria": len(incomplete(obj)),
                    "corrects": obj.corrects,
                    "live": obj.UID() in live,
                    "recorded_at": obj.recorded_at,
                    # Every score and justification, to those who read the recorded forms.
                    "criteria": scored_criteria(pvb, obj) if readable_form else None,
                }
            )
    if state == "closed":
        result["result"] = {
            "result": pvb.result,
            "motivation": pvb.result_motivation,
            "by": person(getattr(pvb, "result_by", None)),
            "at": getattr(pvb, "result_at", None),
        }
    # What the committee signs it has read (POST @establish-result "forms_read").
    result["forms_fingerprint"] = (
        forms_fingerprint(pvb) if state == "assessment" and may_see_results(pvb, allowed) else None
    )
    # What the committee weighs before deciding: a failed crucial criterion excludes "passed".
    result["failed_crucial_criteria"] = (
        [{"id": c["id"], "text": c["text"]} for c in failed_crucial_criteria(pvb)]
        if state in ("assessment", "closed") and may_see_results(pvb, allowed)
        else []
    )
    return result
