"""plone.restapi's POST @workflow for Proeve content, all or nothing.

plone.restapi answers a refused transition with a 400 JSON error instead of raising, so
the publisher would commit whatever happened before the refusal: with
``include_children`` the object itself is already transitioned when a child refuses. Here
any error answer dooms the transaction, so a refused request changes nothing, and the error
says why in the words of the process (proeve.process.steps), as the PvB page does.
"""

from plone.restapi.services.workflow.transition import WorkflowTransition
from proeve.process.steps import transition_refused
from zope.i18n import translate
import transaction


class AtomicWorkflowTransition(WorkflowTransition):
    def reply(self):
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            transaction.doom()
            if isinstance(result, dict) and isinstance(result.get("error"), dict):
                refusal = transition_refused(self.context, self.transition)
                reasons = refusal.details["reasons"]
                result["error"].update(
                    code=refusal.code,
                    message=translate(refusal.message, context=self.request),
                    reasons=[translate(m, context=self.request) for m in reasons],
                )
        return result
