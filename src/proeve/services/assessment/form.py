"""The assessor's own form, its recording, and the exam committee's result."""

from proeve.process import text_of
from proeve.process.assessment import create_form
from proeve.process.assessment import describe
from proeve.process.assessment import establish_result
from proeve.process.assessment import my_form
from proeve.process.assessment import record_form
from proeve.process.assessment import update_my_scores
from proeve.services.base import ProeveService


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
        return describe(update_my_scores(self.context, data.get("scores")))


class RecordPost(ProeveService):
    """{"confirm_incomplete": true} is needed to record an incomplete form."""

    def handle(self, data):
        form = my_form(self.context)
        record_form(form, confirm_incomplete=bool(data.get("confirm_incomplete")))
        return describe(form)


class ResultPost(ProeveService):
    """{"result": "passed"|"failed", "motivation": "...", "forms_read": optional, the
    dossier's forms_fingerprint as read}"""

    def handle(self, data):
        pvb = establish_result(
            self.context,
            text_of(data, "result"),
            text_of(data, "motivation"),
            forms_read=text_of(data, "forms_read") or None,
        )
        return {"result": pvb.result, "motivation": pvb.result_motivation}
