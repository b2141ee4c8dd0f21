"""How a request takes a process step, on every channel alike.

``run`` is the one runner that REST services and browser views call: a step either happens
in full, or it is refused with a ProcessError (a stable code and a message id) and the
transaction is doomed, so nothing of it is written. ``take_transition`` is the workflow step
with its reasons: the same code and message for @workflow, the PvB page and any other caller.
"""

from Products.CMFCore.utils import getToolByName
from Products.CMFCore.WorkflowCore import WorkflowException
from proeve import _
from proeve.process import ProcessError
from proeve.process import Refused
from proeve.process.guards import problems as guard_problems
from zExceptions import Forbidden
import transaction


STEP_REFUSED = _("error_step_refused", default="Deze stap is nu niet mogelijk.")
NOT_NOW = _(
    "error_transition_not_in_phase",
    default="De stap '${transition}' bestaat niet in deze fase.",
)
NOT_YOURS = _(
    "error_transition_not_allowed",
    default="U mag de stap '${transition}' hier niet zetten.",
)


def run(step, *args, **kwargs):
    """The result of ``step(*args, **kwargs)``; a refusal dooms the transaction and is
    raised as a ProcessError, whatever part of the process refused."""
    try:
        return step(*args, **kwargs)
    except ProcessError:
        transaction.doom()
        raise
    except WorkflowException:
        # A workflow step inside another step (the last approval submits the PvB).
        transaction.doom()
        raise ProcessError("transition_refused", STEP_REFUSED) from None
    except Refused as exc:
        # A subscriber that keeps a record as it is (proeve.process.refuse): its own code.
        transaction.doom()
        raise exc.error from None
    except Forbidden as exc:
        transaction.doom()
        raise ProcessError("forbidden", str(exc) or STEP_REFUSED, status=403) from None


def why_not(obj, transition):
    """The messages that say why the current user cannot take ``transition`` on obj now
    ([] when they can): not a step of this phase, not theirs, or the rules of its guard."""
    from AccessControl import getSecurityManager

    workflow_tool = getToolByName(obj, "portal_workflow")
    for workflow in workflow_tool.getWorkflowsFor(obj):
        definition = workflow.transitions.get(transition)
        if definition is None:
            continue
        state = workflow._getWorkflowStateOf(obj)
        if state is None or transition not in state.transitions:
            return [_in_message(NOT_NOW, transition)]
        guard = definition.getGuard()
        check = getSecurityManager().checkPermission
        if guard.permissions and not any(check(p, obj) for p in guard.permissions):
            return [_in_message(NOT_YOURS, transition)]
        return guard_problems(workflow.getId(), obj, transition)
    return [_in_message(NOT_NOW, transition)]


def _in_message(message, transition):
    from proeve.process.phases import transition_title

    return _(message, default=message.default, mapping={"transition": transition_title(transition)})


def refusal_code(message):
    """A guard's message id without its "error_" is the code of the refusal (e.g.
    crucial_criterion_failed); the generic refusals keep transition_refused."""
    if message in (STEP_REFUSED, NOT_NOW, NOT_YOURS):
        return "transition_refused"
    return str(message).removeprefix("error_")


def refusal_status(message):
    """403 when the step is not the user's, 409 when the exam is not there yet (or any
    more), 400 for a step that does not exist."""
    if message == NOT_YOURS:
        return 403
    return 400 if message == STEP_REFUSED else 409


def transition_refused(obj, transition):
    """The ProcessError of a refused workflow step, with every reason the process knows."""
    found = why_not(obj, transition) if obj is not None and transition else []
    first = found[0] if found else STEP_REFUSED
    return ProcessError(refusal_code(first), first, status=refusal_status(first), reasons=found)


def take_transition(obj, transition, comment=""):
    """Take the workflow step, or raise the ProcessError that says why it cannot be taken."""
    if not isinstance(transition, str) or not transition or why_not(obj, transition):
        raise transition_refused(obj, transition if isinstance(transition, str) else None)
    workflow = getToolByName(obj, "portal_workflow")
    try:
        workflow.doActionFor(obj, transition, comment=comment)
    except WorkflowException:
        raise transition_refused(obj, transition) from None
