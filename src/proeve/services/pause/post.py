"""POST @pause: {"reason": "...", "resume_date": "2027-03-01"} (study delay)."""

from datetime import date
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.journal import record
from proeve.process import ProcessError
from proeve.process import text_of
from proeve.services.base import ProeveService


class PausePost(ProeveService):
    def handle(self, data):
        reason = text_of(data, "reason")
        if not reason:
            raise ProcessError(
                "reason_required",
                _("error_pause_reason", default="Geef de reden van de studievertraging."),
            )
        try:
            resume_date = text_of(data, "resume_date")
            resume = date.fromisoformat(resume_date) if resume_date else None
        except (TypeError, ValueError):
            raise ProcessError(
                "invalid_date", _("error_invalid_date", default="Gebruik een datum als 2027-06-30.")
            ) from None
        workflow = getToolByName(self.context, "portal_workflow")
        if workflow.getInfoFor(self.context, "review_state") != "execution":
            raise ProcessError(
                "not_in_execution",
                _("error_not_in_execution", default="Alleen een PvB in uitvoering kan pauzeren."),
                status=409,
            )
        self.context.pause_reason = reason
        self.context.pause_until = resume
        workflow.doActionFor(self.context, "pause", comment=reason)
        record(
            self.context,
            "paused",
            {"reason": reason, "resume_date": resume.isoformat() if resume else None},
        )
        return {"state": "paused", "reason": reason, "resume_date": data.get("resume_date")}
