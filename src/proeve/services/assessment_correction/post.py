"""POST @assessment-correction: {"form": "<id of a recorded form>", "decision": "..."}."""

from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.journal import record
from proeve.process import ProcessError
from proeve.process import text_of
from proeve.process.assessment import current_form
from proeve.services.assessment.form import describe
from proeve.services.base import ProeveService


class CorrectionPost(ProeveService):
    def handle(self, data):
        pvb = self.context
        workflow = getToolByName(pvb, "portal_workflow")
        decision = text_of(data, "decision")
        form = pvb.get(text_of(data, "form"))
        if workflow.getInfoFor(pvb, "review_state") != "assessment":
            raise ProcessError(
                "not_in_assessment",
                _("error_not_in_assessment", default="Deze PvB is niet in de beoordelingsfase."),
                status=409,
            )
        if (
            form is None
            or form.portal_type != "AssessmentForm"
            or workflow.getInfoFor(form, "review_state") != "recorded"
            or current_form(pvb, form.assessor).UID() != form.UID()
        ):
            raise ProcessError(
                "not_correctable",
                _(
                    "error_not_correctable",
                    default="Alleen het laatst vastgelegde formulier van een beoordelaar kan "
                    "worden gecorrigeerd.",
                ),
            )
        if not decision:
            raise ProcessError(
                "decision_required",
                _(
                    "error_decision_required",
                    default="Een correctie vraagt om het besluit van de examencommissie.",
                ),
            )
        correction = createContentInContainer(
            pvb,
            "AssessmentForm",
            checkConstraints=False,
            assessor=form.assessor,
            scores=dict(form.scores or {}),
            corrects=form.UID(),
            decision=decision,
        )
        record(
            correction,
            "correction_created",
            {"corrects": form.UID(), "assessor": form.assessor, "decision": decision},
        )
        self.request.response.setStatus(201)
        return describe(correction)
