"""plone.restapi's POST @workflow for Proeve content, all or nothing.

plone.restapi answers a refused transition with a 400 JSON error instead of raising, so
the publisher would commit whatever happened before the refusal: with
``include_children`` the object itself is already transitioned when a child refuses. Here
any error answer dooms the transaction, so a refused request changes nothing.
"""

from plone.restapi.services.workflow.transition import WorkflowTransition
import transaction


class AtomicWorkflowTransition(WorkflowTransition):
    def reply(self):
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            transaction.doom()
            if isinstance(result, dict) and isinstance(result.get("error"), dict):
                result["error"].setdefault("code", "transition_refused")
        return result
