"""The login linked to a candidate: who signs as the candidate.

Nobody signs in someone else's place. A login is linked to a candidate freely until the
candidate has records; from then on the link never changes or goes, by any channel (the
edit form, REST, @school-accounts, the import). A first link (the candidate has no login)
is always allowed: that is how a candidate who registers later gets their account. Every
link change is journaled, with who made it, in what role, and the old and new login.
"""

from proeve import _
from proeve.content.utils import review_state
from proeve.interfaces import ICandidate
from proeve.interfaces import ILoginLinkRule
from proeve.journal import record
from proeve.journal.store import chain_for
from proeve.process import ProcessError
from proeve.process.approvals import stored
from zope.component import adapter
from zope.interface import implementer


# What a candidate has on record, each a kind of record (docs/workflows.md lists them).
RECORD_PARTS = {
    "Evidence": "evidence",
    "Appointment": "appointments",
    "AssessmentForm": "assessment_forms",
    "SupplementaryAssignment": "supplementary_assignments",
}
LINK_LOCKED = _(
    "error_login_link_locked",
    default="Deze kandidaat heeft al akkoorden of examenstukken; de login van de kandidaat "
    "kan daarom niet meer worden gewijzigd of ontkoppeld.",
)


def pvbs(candidate):
    return [obj for obj in candidate.objectValues() if obj.portal_type == "PvB"]


def records(candidate):
    """The kinds of records the candidate's PvBs hold, sorted ([] when none): approvals
    (stored, or a signature in the journal, also one voided since), evidence,
    appointments, assessment forms, supplementary assignments, and a PvB past its
    preparation. Attachments of the assignment and the people are not records."""
    kinds = set()
    for pvb in pvbs(candidate):
        if stored(pvb, create=False) or signed(pvb):
            kinds.add("approvals")
        kinds.update(
            RECORD_PARTS[obj.portal_type]
            for obj in pvb.objectValues()
            if obj.portal_type in RECORD_PARTS
        )
        if review_state(pvb) != "preparation":
            kinds.add("pvb_under_way")
    return sorted(kinds)


def signed(pvb):
    chain = chain_for(pvb, create=False)
    return chain is not None and any(entry["action"] == "approved" for entry in chain)


def check_login_change(candidate, userid):
    """Refuse (409 login_link_locked) to set the candidate's login to userid (None: no
    login) when that changes or clears a link of a candidate with records."""
    current = getattr(candidate, "userid", None) or None
    userid = userid or None
    if userid == current or current is None:
        return
    kinds = records(candidate)
    if kinds:
        raise ProcessError("login_link_locked", LINK_LOCKED, status=409, records=kinds)


@implementer(ILoginLinkRule)
@adapter(ICandidate)
class LoginLinkRule:
    """The rule above, for the candidate's field validator (edit form, REST)."""

    def __init__(self, candidate):
        self.candidate = candidate

    def check(self, userid):
        check_login_change(self.candidate, userid)

    def refusal(self, userid):
        try:
            check_login_change(self.candidate, userid)
        except ProcessError as exc:
            return exc.message
        return None


def journal_link_change(candidate, event):
    """In the site's journal (for the candidate) and in each of the candidate's PvBs."""
    details = {
        "candidate": candidate.UID(),
        "old": event.old,
        "new": event.new,
        "change": "set" if event.old is None else ("cleared" if event.new is None else "changed"),
    }
    record(candidate, "login_link_changed", details)
    for pvb in pvbs(candidate):
        record(pvb, "login_link_changed", details)
