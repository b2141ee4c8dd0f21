"""1005 → 1006: every transition of Proeve's workflows asks its guard in proeve.process.

The guards were methods of the content classes, and so reachable by URL; now each transition
calls proeve.process.guards through one expression, and the content classes hold data only.
"""

from Products.CMFCore.utils import getToolByName
import logging


logger = logging.getLogger("proeve.upgrades")

EXPRESSION = "python:modules['proeve.process.guards'].allows(workflow, here, '{}')"


def guard_expression(transition_id):
    return EXPRESSION.format(transition_id)


def guards_in_process(setup_tool):
    workflows = getToolByName(setup_tool, "portal_workflow")
    for workflow_id in workflows.getWorkflowIds():
        if not workflow_id.startswith("proeve_"):
            continue
        for transition in workflows[workflow_id].transitions.objectValues():
            guard = transition.getGuard()
            wanted = guard_expression(transition.getId())
            if guard.getExprText() == wanted:
                continue
            guard.changeFromProperties({"guard_expr": wanted})
            transition.guard = guard  # getGuard() gives a new one when there was none
            logger.info("%s/%s: guard in proeve.process", workflow_id, transition.getId())
