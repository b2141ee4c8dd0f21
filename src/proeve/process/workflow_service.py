"""plone.restapi's POST @workflow for Proeve content, all or nothing.

plone.restapi answers a refused transition with a 400 JSON error instead of raising, so
the publisher would commit whatever happened before the refusal: with
``include_children`` the object itself is already transitioned when a child refuses. Here
any error answer dooms the transaction, so a refused request changes nothing. Where the
process knows why a transition is refused (an aanvulopdracht still waits for its
vaststelling), the answer says so.
"""

from plone.restapi.services.workflow.transition import WorkflowTransition
from proeve.process.supplementary import transition_problems
from zope.i18n import translate
import transaction


class AtomicWorkflowTransition(WorkflowTransition):
    def reply(self):
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            transaction.doom()
            if isinstance(result, dict) and isinstance(result.get("error"), dict):
                result["error"].setdefault("code", "transition_refused")
                # Say why, where the process knows it (an aanvulopdracht not established).
                problems = transition_problems(self.context, self.transition)
                if problems:
                    result["error"]["code"] = "supplementary_not_established"
                    result["error"]["message"] = " ".join(
                        translate(m, context=self.request) for m in problems
                    )
        return result
