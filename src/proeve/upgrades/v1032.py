"""1031 → 1032: every PvB has its CMFEditions history id (issue 22, goal 1).

A new PvB gets it when it is made (`content.subscribers.register_history_id`). A PvB made
before got it with the first version of its first form: during the assessment, in the
assessor's score save, which then also wrote the PvB and reindexed its catalog record.
"""

from Products.CMFCore.utils import getToolByName
from proeve.upgrades import every_pvb


def pvb_history_ids(setup_tool):
    handler = getToolByName(setup_tool, "portal_historyidhandler")
    for pvb in every_pvb(setup_tool):
        if handler.queryUid(pvb, None) is None:
            handler.register(pvb)
