"""1031 → 1032: every PvB has its CMFEditions history id (issue 22, goal 1).

A new PvB gets it when it is made (`content.subscribers.register_history_id`). A PvB made
before got it with the first version of its first form: during the assessment, in the
assessor's score save, which then also wrote the PvB and reindexed its catalog record.
"""

from Products.CMFCore.utils import getToolByName
import transaction


# A savepoint now and then: the PvBs woken need not stay in memory (50,000 PvBs).
SAVEPOINT_EVERY = 1000


def pvb_history_ids(setup_tool):
    handler = getToolByName(setup_tool, "portal_historyidhandler")
    catalog = getToolByName(setup_tool, "portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="PvB")
    for number, brain in enumerate(brains, 1):
        pvb = brain._unrestrictedGetObject()
        if handler.queryUid(pvb, None) is None:
            handler.register(pvb)
        if number % SAVEPOINT_EVERY == 0:
            transaction.savepoint(optimistic=True)
            catalog._p_jar.cacheGC()
