"""The process rules that hold on every path: journal, locks, and what a change voids."""

from Acquisition import aq_parent
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.utils import review_state
from proeve.interfaces import IPvB
from proeve.journal import record
from proeve.journal.records import seal
from proeve.people import ASSESSORS
from proeve.process import ProcessError
from proeve.process import refuse
from proeve.process import Refused
from proeve.process.approvals import clear_approvals
from proeve.process.approvals import void_stale_approvals
from proeve.process.assessment import version_change
from proeve.process.assignment import follow_assignment
from proeve.process.indexers import reindex_result_to_establish


# The workflow state, as everywhere in Proeve.
state = review_state


def transition_done(obj, event):
    """Every workflow transition of Proeve content is journaled."""
    if event.action is None:
        return
    details = {"transition": event.action, "state": state(obj)}
    if IPvB.providedBy(obj):
        # Which version of the assignment this step was taken on.
        from proeve.process.approvals import content_hash

        details["assignment_version"] = (obj.assignment_snapshot or {}).get("version")
        details["content_hash"] = content_hash(obj)
    comment = getattr(event, "comment", None) or _history_comment(obj)
    if comment:
        details["comment"] = comment
    record(obj, "transition", details)
    if event.action in ("send_back", "reject_content"):
        clear_approvals(obj, reason=comment or "")
    if event.action == "resume":
        obj.pause_reason = obj.pause_until = None
    reindex_result_to_establish(obj)
    _notify_turn(obj, event.action, comment)


def _notify_turn(obj, action, comment):
    from proeve.interfaces import IPvB
    from proeve.process.notify import send

    if not IPvB.providedBy(obj):
        return
    candidate = obj.candidate()
    candidate_login = candidate.userid if candidate is not None else None
    if action in ("submit", "approve_content"):
        send(obj, "establish", [obj.establisher])
    elif action == "submit_for_check":
        send(obj, "establish", [obj.content_checker])
    elif action == "send_back":
        send(obj, "sent_back", [obj.school_supervisor], reason=comment or "")
    elif action == "establish":
        send(obj, "execution", [candidate_login, obj.school_supervisor, obj.workplace_supervisor])
    elif action == "start_assessment":
        send(obj, "assess", [getattr(obj, field, None) for field in ASSESSORS])
        # Evidence uploads close for good now: the candidate hears it (FAQ, fase 1, vraag 5).
        send(obj, "assessment_started", [candidate_login])
    elif action == "establish_result":
        send(obj, "closed", [candidate_login, obj.school_supervisor])


def pvb_added(pvb, event):
    """A new PvB asks its approvers for their approval (after the content subscriber has
    frozen the assignment the PvB is titled by)."""
    from proeve.people import APPROVERS
    from proeve.process.assignment import find_assignment
    from proeve.process.assignment_files import freeze_files
    from proeve.process.notify import send

    # The assignment's files with the frozen copy that lists them (on every path: form,
    # REST, bulk).
    frozen = (pvb.assignment_snapshot or {}).get("uid")
    if frozen:
        freeze_files(pvb, find_assignment(frozen))
    candidate = pvb.candidate()
    approvers = [getattr(pvb, field, None) for field in APPROVERS]
    send(pvb, "approve", [candidate.userid if candidate else None, *approvers])


def supplementary_added(obj, event):
    """An aanvulopdracht waits for its own vaststelling: the PvB's vaststeller hears it."""
    from proeve.process.notify import send

    pvb = aq_parent(obj)
    if IPvB.providedBy(pvb):
        send(pvb, "establish_supplementary", [pvb.establisher], supplementary=obj.Title())


def _history_comment(obj):
    workflow = getToolByName(obj, "portal_workflow")
    history = workflow.getInfoFor(obj, "review_history", [])
    return history[-1].get("comments") if history else None


def form_modified(form, event):
    if state(form) == "recorded":
        refuse(
            "form_locked",
            _("error_form_recorded", default="Een vastgelegde beoordeling verandert nooit meer."),
        )
    version_change(form)


def part_modified(obj, event):
    if state(aq_parent(obj)) == "closed":
        refuse(
            "pvb_closed",
            _("error_pvb_closed", default="Deze PvB is afgesloten en verandert niet meer."),
        )


def pvb_changed(pvb, event):
    current = state(pvb)
    if current == "closed":
        refuse(
            "pvb_closed",
            _("error_pvb_closed", default="Deze PvB is afgesloten en verandert niet meer."),
        )
    try:
        # Another assignment chosen by the edit form or a REST PATCH: frozen and journaled
        # as by @replace-assignment (before the approvals of the old copy are voided below).
        follow_assignment(pvb)
    except ProcessError as exc:
        raise Refused(exc) from None
    if current == "preparation":
        void_stale_approvals(pvb)
    # Another assessor (by the school admin, during assessment) has not recorded a form.
    reindex_result_to_establish(pvb)


def attachment_added(obj, event):
    """Files in a PvB are attachments of its assignment; a candidate adds them only when
    the school allows it (the workflow limits them to the preparation)."""
    from AccessControl import getSecurityManager
    from proeve.content.utils import find_school
    from proeve.interfaces import IPvB

    pvb = aq_parent(obj)
    if not IPvB.providedBy(pvb):
        return
    user = getSecurityManager().getUser()
    roles = set(user.getRolesInContext(pvb))
    staff = {"Manager", "Site Administrator", "SchoolAdmin", "SchoolSupervisor"}
    school = find_school(pvb)
    if not roles & staff and not getattr(school, "candidate_attachments_allowed", False):
        refuse(
            "attachments_not_allowed",
            _(
                "error_attachments_not_allowed",
                default="Bij deze school voegen alleen docenten bijlagen toe aan de opdracht.",
            ),
        )
    sanitise_file_name(obj)
    record(obj, "attachment_added", {"filename": getattr(obj.file, "filename", None)})


def sanitise_file_name(obj):
    """Whatever path a file came by, its stored name is a safe one."""
    from proeve.evidence.filenames import safe_filename

    blob = getattr(obj, "file", None)
    if blob is not None and hasattr(blob, "filename"):
        blob.filename = safe_filename(blob.filename)


def evidence_added(evidence, event):
    sanitise_file_name(evidence)
    blob = getattr(evidence, "file", None)
    from proeve.content.parts import max_evidence_bytes

    if blob is not None and blob.getSize() > max_evidence_bytes():
        # Every path, also code that skips the form and REST validation.
        refuse(
            "evidence_too_big",
            _("error_evidence_too_big_short", default="Dit bewijsstuk is groter dan toegestaan."),
            status=413,
        )
    details = {"title": evidence.Title()}
    if blob is not None:
        remember_sha256(evidence)
        details.update(filename=blob.filename, size=blob.getSize(), sha256=evidence.file_sha256)
    sealed = seal("evidence", evidence) if blob is not None else None
    record(evidence, "evidence_uploaded", details, sealed=sealed)


def remember_sha256(evidence):
    """Keep the file's SHA-256 beside it: every download journals it without reading 537 MB.
    The file is on disk first, whatever path it came by."""
    from proeve.evidence.durability import sync_new_blob_file
    from proeve.process.approvals import file_sha256

    blob = getattr(evidence, "file", None)
    if blob is not None:
        sync_new_blob_file(blob)
    evidence.file_sha256 = file_sha256(blob) if blob is not None else None
    evidence._file_seen = blob


def evidence_modified(evidence, event):
    """A replaced file (during execution) gets its own digest and journal entry."""
    from Acquisition import aq_base

    blob = getattr(evidence, "file", None)
    if blob is None or aq_base(blob) is aq_base(getattr(evidence, "_file_seen", None)):
        return
    sanitise_file_name(evidence)
    remember_sha256(evidence)
    record(
        evidence,
        "evidence_replaced",
        {"filename": blob.filename, "size": blob.getSize(), "sha256": evidence.file_sha256},
        sealed=seal("evidence", evidence),
    )


def set_effective_date(obj, event):
    """Give every record its effective date when it is made.

    plone.restapi's @workflow sets a missing effective date on the object even when the
    transition is then refused; with the date set at creation it never touches a record.
    """
    from DateTime import DateTime

    if getattr(obj, "effective_date", None) is None and hasattr(obj, "setEffectiveDate"):
        obj.setEffectiveDate(DateTime())


# What an appointment says, as its journal entries give it.
APPOINTMENT_FACTS = ("title", "start", "end", "location")


def appointment_facts(appointment):
    facts = {}
    for name in APPOINTMENT_FACTS:
        value = getattr(appointment, name, None)
        facts[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return facts


def appointment_added(appointment, event):
    """A planned appointment is journaled, by whichever channel it was made."""
    facts = appointment_facts(appointment)
    appointment._journaled_facts = facts
    record(appointment, "appointment_created", facts)


def appointment_modified(appointment, event):
    """Each change of an appointment is journaled with what changed (old and new)."""
    facts = appointment_facts(appointment)
    before = getattr(appointment, "_journaled_facts", None)
    if before == facts:
        return
    appointment._journaled_facts = facts
    if before is None:
        # Made before appointments were journaled: only what it says now is known.
        record(appointment, "appointment_changed", {"now": facts})
        return
    changes = {name: [before.get(name), value] for name, value in facts.items()}
    changes = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
    record(appointment, "appointment_changed", {"changes": changes})
