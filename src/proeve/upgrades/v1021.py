"""1020 → 1021: the catalog index result_to_establish (issue 22: the exam committee's
tasks without waking every PvB in assessment and its forms).

Adds that index only and fills it for the PvBs only, from the same rule as every later
reindex (process.indexers); nothing else is imported or reindexed.
"""

from Products.CMFCore.utils import getToolByName
from proeve.process.indexers import RESULT_TO_ESTABLISH
from proeve.upgrades import every_pvb


def result_to_establish_index(setup_tool):
    catalog = getToolByName(setup_tool, "portal_catalog")
    if RESULT_TO_ESTABLISH not in catalog.indexes():
        catalog.addIndex(RESULT_TO_ESTABLISH, "BooleanIndex")
    for pvb in every_pvb(setup_tool):
        catalog.reindexObject(pvb, idxs=[RESULT_TO_ESTABLISH], update_metadata=0)
