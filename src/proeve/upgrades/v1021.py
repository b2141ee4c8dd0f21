"""1020 → 1021: the catalog index result_to_establish (issue 22: the exam committee's
tasks without waking every PvB in assessment and its forms).

Adds that index only and fills it for the PvBs only, from the same rule as every later
reindex (process.indexers); nothing else is imported or reindexed.
"""

from Products.CMFCore.utils import getToolByName
from proeve.process.indexers import RESULT_TO_ESTABLISH
import transaction


# A savepoint now and then: the PvBs and forms woken need not stay in memory (50,000 PvBs).
SAVEPOINT_EVERY = 1000


def result_to_establish_index(setup_tool):
    catalog = getToolByName(setup_tool, "portal_catalog")
    if RESULT_TO_ESTABLISH not in catalog.indexes():
        catalog.addIndex(RESULT_TO_ESTABLISH, "BooleanIndex")
    brains = catalog.unrestrictedSearchResults(portal_type="PvB")
    for number, brain in enumerate(brains, 1):
        pvb = brain._unrestrictedGetObject()
        catalog.reindexObject(pvb, idxs=[RESULT_TO_ESTABLISH], update_metadata=0)
        if number % SAVEPOINT_EVERY == 0:
            transaction.savepoint(optimistic=True)
            catalog._p_jar.cacheGC()
