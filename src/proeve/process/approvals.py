"""Approvals (accorderen) as signatures: who, in which role, when, and over what."""

from AccessControl import getSecurityManager
from datetime import datetime
from datetime import UTC
from persistent.mapping import PersistentMapping
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.journal import record
from proeve.journal.records import APPROVALS_KEY
from proeve.journal.records import seal
from proeve.people import APPROVERS
from proeve.people import label as person_label
from proeve.process import ProcessError
from proeve.process.checks import content_check_required
from proeve.process.people import approving_people
from zope.annotation.interfaces import IAnnotations
import hashlib
import json


KEY = APPROVALS_KEY
# The candidate and the people of the table who approve (proeve.people): every role that
# can sign; which of them a PvB waits for depends on its kind (approving_roles).
APPROVER_ROLES = ("candidate", *APPROVERS)
CANDIDATE_LABEL = _("role_candidate", default="Kandidaat")


def approving_roles(pvb):
    """The roles whose approval this PvB needs: the candidate's, and those of the people
    who approve that its kind of exam requires or that are filled in (process.people)."""
    return ("candidate", *approving_people(pvb))


def approved_content(pvb):
    """Exactly what an approval signs: the frozen assignment, location, dates, attachments."""
    return {
        "assignment": pvb.assignment_snapshot or {},
        "exam_location": pvb.exam_location or "",
        "start_date": pvb.start_date.isoformat() if pvb.start_date else None,
        "end_date": pvb.end_date.isoformat() if pvb.end_date else None,
        "attachments": sorted(
            (obj.getId(), file_sha256(obj.file))
            for obj in pvb.objectValues()
            if obj.portal_type == "File" and getattr(obj, "file", None) is not None
        ),
    }


def file_sha256(blob):
    known = getattr(blob, "_v_proeve_sha256", None)
    if known:
        return known
    digest = hashlib.sha256()
    with blob.open() as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(pvb, content=None):
    """The SHA-256 of approved_content(pvb) (or of that content, when it is at hand)."""
    content = approved_content(pvb) if content is None else content
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored(pvb, create=True):
    """The approvals of a PvB; a reader (create=False) gets {} and writes nothing, so
    looking at a PvB (its workflow menu asks the guard) is no write on a GET."""
    annotations = IAnnotations(pvb)
    if KEY not in annotations:
        if not create:
            return {}
        annotations[KEY] = PersistentMapping()
    return annotations[KEY]


def role_holder(pvb, role):
    """The login that holds an approver role on the PvB now: the candidate's linked login,
    or the ROC-begeleider or praktijkbegeleider filled in on the PvB."""
    if role == "candidate":
        candidate = pvb.candidate()
        return getattr(candidate, "userid", None) if candidate is not None else None
    return getattr(pvb, role, None)


def approver_roles(pvb, userid):
    return [role for role in approving_roles(pvb) if userid and role_holder(pvb, role) == userid]


def counts(pvb, role, approval, current_hash):
    """Whether an approval in role counts: it signed exactly the current content (current_hash),
    and its signer still holds its role (an approval by a login since unlinked from the
    candidate, or replaced as ROC-begeleider or praktijkbegeleider, is void)."""
    return approval["hash"] == current_hash and approval.get("userid") == role_holder(pvb, role)


def approval_valid(pvb, role, approval, current_hash, state):
    """As a page shows it: until the vaststelling an approval counts as above; after it, it
    is the signature the PvB was established on, valid while its content is unchanged."""
    if state == "preparation":
        return counts(pvb, role, approval, current_hash)
    return approval["hash"] == current_hash


def valid_approvals(pvb):
    current = content_hash(pvb)
    return {
        role: a for role, a in stored(pvb, create=False).items() if counts(pvb, role, a, current)
    }


def all_approved(pvb):
    return set(approving_roles(pvb)) <= set(valid_approvals(pvb))


def approver_label(role, context):
    """How an approver (the candidate or a person of the PvB) is called at context's
    school."""
    if role == "candidate":
        return CANDIDATE_LABEL
    return person_label(role, context)


def missing_approvals(pvb):
    """A message for each approver whose valid approval is still missing."""
    done = valid_approvals(pvb)
    return [
        _(
            "error_approval_missing",
            default="Het akkoord van ${role} ontbreekt nog.",
            mapping={"role": approver_label(role, pvb)},
        )
        for role in approving_roles(pvb)
        if role not in done
    ]


def approve(pvb, seen_hash, role=None):
    """Record the current user's approval; move on to vaststelling when all three are in."""
    user = getSecurityManager().getUser()
    userid = user.getId()
    workflow = getToolByName(pvb, "portal_workflow")
    if workflow.getInfoFor(
        pvb, "review_state"
    ) != "preparation" or not getSecurityManager().checkPermission("proeve: Approve PvB", pvb):
        raise ProcessError(
            "not_approvable",
            _("error_not_approvable", default="Deze PvB kan nu niet door u worden geaccordeerd."),
            status=403,
        )
    roles = approver_roles(pvb, userid)
    if role is not None:
        roles = [r for r in roles if r == role]
    if not roles:
        raise ProcessError(
            "not_an_approver",
            _(
                "error_not_an_approver",
                default="U bent geen van de mensen die deze PvB accorderen.",
            ),
            status=403,
        )
    if len(roles) > 1:
        raise ProcessError(
            "choose_role",
            _("error_choose_role", default="Geef aan in welke rol u accordeert."),
        )
    role = roles[0]
    current = content_hash(pvb)
    if seen_hash != current:
        raise ProcessError(
            "content_changed",
            _(
                "error_content_changed",
                default="De opdracht is gewijzigd sinds u hem las. Lees hem opnieuw en accordeer "
                "dan.",
            ),
            status=409,
            content_hash=current,
        )
    if role in valid_approvals(pvb):
        raise ProcessError(
            "already_approved",
            _("error_already_approved", default="U hebt deze PvB al geaccordeerd."),
            status=409,
        )
    approval = {
        "userid": userid,
        "role": role,
        "time": datetime.now(UTC).isoformat(),
        "hash": current,
    }
    stored(pvb)[role] = approval
    record(pvb, "approved", approval, role=role, sealed=seal("approval", pvb, role))
    if all_approved(pvb):
        next_step = "submit_for_check" if content_check_required(pvb) else "submit"
        workflow.doActionFor(pvb, next_step)
    return approval


def void_stale_approvals(pvb):
    """Content or people changed before all approved: approvals of the old content, and
    those of a signer who no longer holds the role, are void."""
    approvals = stored(pvb)
    current = content_hash(pvb)
    stale = [role for role, a in approvals.items() if not counts(pvb, role, a, current)]
    for role in stale:
        record(pvb, "approval_voided", {"role": role, "userid": approvals[role]["userid"]})
        del approvals[role]
    return stale


def clear_approvals(pvb, reason):
    approvals = stored(pvb)
    if approvals:
        record(pvb, "approvals_cleared", {"roles": sorted(approvals), "reason": reason})
        approvals.clear()
