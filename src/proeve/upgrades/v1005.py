"""1004 → 1005: the assessment of a PvB starts only when its aanvulopdrachten are established.

Only the guard of one transition changes; a re-import of the workflows is not needed.
"""

from Products.CMFCore.utils import getToolByName
import logging


logger = logging.getLogger("proeve.upgrades")

GUARD = "python:here.guard('start_assessment')"


def guard_start_assessment(setup_tool):
    workflow = getToolByName(setup_tool, "portal_workflow")
    transition = workflow["proeve_pvb_workflow"].transitions["start_assessment"]
    guard = transition.getGuard()
    if guard.getExprText() == GUARD:
        return
    guard.changeFromProperties({"guard_expr": GUARD})
    transition.guard = guard  # getGuard() gives a new one when the transition had none
    logger.info("start_assessment waits for the vaststelling of the aanvulopdrachten")
