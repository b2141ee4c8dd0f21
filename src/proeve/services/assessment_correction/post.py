"""POST @assessment-correction: {"form": "<id of a recorded form>", "decision": "..."}."""

from proeve.process import text_of
from proeve.process.assessment import correct_form
from proeve.process.assessment import describe
from proeve.services.base import ProeveService


class CorrectionPost(ProeveService):
    def handle(self, data):
        correction = correct_form(self.context, text_of(data, "form"), text_of(data, "decision"))
        self.request.response.setStatus(201)
        return describe(correction)
