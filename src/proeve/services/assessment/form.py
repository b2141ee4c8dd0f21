"""The assessor's own form, its recording, and the exam committee's result."""

from AccessControl import getSecurityManager
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.process import ProcessError
from proeve.process import text_of
from proeve.process.assessment import create_form
from proeve.process.assessment import current_form
from proeve.process.assessment import establish_result
from proeve.process.assessment import incomplete
from proeve.process.assessment import record_form
from proeve.process.assessment import save_scores
from proeve.services.base import ProeveService


def version_of(form):
    return getattr(form, "version_id", None)


def describe(form):
    workflow = getToolByName(form, "portal_workflow")
    return {
        "@id": form.absolute_url(),
        "assessor": form.assessor,
        "state": workflow.getInfoFor(form, "review_state"),
        "scores": dict(form.scores or {}),
        "open_criteria": incomplete(form),
        "corrects": form.corrects,
        "decision": form.decision,
        "recorded_at": form.recorded_at,
        "version": version_of(form),
    }


def my_form(pvb):
    form = current_form(pvb, getSecurityManager().getUser().getId())
    if form is None:
        raise ProcessError(
            "no_form",
            _("error_no_form", default="U hebt voor deze PvB nog geen beoordelingsformulier."),
            status=404,
        )
    return form


class AssessmentGet(ProeveService):
    def handle(self, data):
        return describe(my_form(self.context))


class AssessmentPost(ProeveService):
    def handle(self, data):
        form, created = create_form(self.context)
        self.request.response.setStatus(201 if created else 200)
        return describe(form)


class AssessmentPatch(ProeveService):
    """{"scores": {"<criterion>": {"result": "satisfied"|"unsatisfactory"|null,
    "justification": "..."}}}: merged into the form's scores."""

    def handle(self, data):
        form = my_form(self.context)
        if not getSecurityManager().checkPermission("Modify portal content", form):
            raise ProcessError(
                "form_locked",
                _(
                    "error_form_recorded",
                    default="Een vastgelegde beoordeling verandert nooit meer.",
                ),
                status=403,
            )
        save_scores(form, data.get("scores"))
        return describe(form)


class RecordPost(ProeveService):
    """{"confirm_incomplete": true} is needed to record an incomplete form."""

    def handle(self, data):
        form = my_form(self.context)
        record_form(form, confirm_incomplete=bool(data.get("confirm_incomplete")))
        return describe(form)


class ResultPost(ProeveService):
    """{"result": "passed"|"failed", "motivation": "..."}"""

    def handle(self, data):
        pvb = establish_result(self.context, text_of(data, "result"), text_of(data, "motivation"))
        return {"result": pvb.result, "motivation": pvb.result_motivation}
