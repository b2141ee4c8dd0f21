"""Pseudonymise an expired candidate: personal data goes, the exam record stays."""

from datetime import date
from proeve import _
from proeve.journal import record
from proeve.process import ProcessError
from proeve.retention import status
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import hashlib


def pseudonym(candidate):
    return "P-" + hashlib.sha256(candidate.UID().encode("ascii")).hexdigest()[:10].upper()


def pseudonymise(candidate, decision, today=None):
    if not (decision or "").strip():
        raise ProcessError(
            "decision_required",
            _(
                "error_pseudonymise_decision",
                default="Pseudonimiseren gebeurt alleen na een besluit van de examencommissie.",
            ),
        )
    if getattr(candidate, "pseudonymised", False):
        raise ProcessError(
            "already_pseudonymised",
            _("error_already_pseudonymised", default="Deze kandidaat is al gepseudonimiseerd."),
            status=409,
        )
    found = status(candidate, today or date.today())
    if not found["due"]:
        raise ProcessError(
            "retention_not_passed",
            _(
                "error_retention_not_passed",
                default="De bewaartermijnen van deze kandidaat zijn nog niet verstreken.",
            ),
            status=409,
            **found,
        )
    alias = pseudonym(candidate)
    candidate.first_name = "Gepseudonimiseerd"
    candidate.last_name = alias
    candidate.student_code = alias
    candidate.email = None
    candidate.pseudonymised = True
    record(candidate, "pseudonymised", {"decision": decision.strip(), "pseudonym": alias})
    notify(ObjectModifiedEvent(candidate))
    for pvb in candidate.objectValues():
        if pvb.portal_type == "PvB":
            pvb.reindexObject(idxs=["Title", "sortable_title", "SearchableText"])
            record(
                pvb, "candidate_pseudonymised", {"decision": decision.strip(), "pseudonym": alias}
            )
    return alias
