"""1021 → 1022: an assessment form's catalog entry holds its place and type only (issue 22).

New forms are cataloged through `proeve.content.indexers.FormCatalogEntry`: UID, path,
portal_type, id and cmf_uid, nothing to search on and no security entry. The forms already
there leave every index (a text index keeps the words of an object reindexed without
text) and are cataloged once more through it, which also empties the other metadata
columns: as if they had been made now.
"""

from Products.CMFCore.utils import getToolByName
import transaction


# A savepoint now and then: the forms woken need not stay in memory (50,000 PvBs).
SAVEPOINT_EVERY = 1000


def forms_catalog_entry(setup_tool):
    catalog = getToolByName(setup_tool, "portal_catalog")
    indexes = [catalog._catalog.getIndex(name) for name in catalog.indexes()]
    brains = catalog.unrestrictedSearchResults(portal_type="AssessmentForm")
    for number, brain in enumerate(brains, 1):
        form = brain._unrestrictedGetObject()
        for index in indexes:
            index.unindex_object(brain.getRID())
        catalog.catalog_object(form, brain.getPath())
        if number % SAVEPOINT_EVERY == 0:
            transaction.savepoint(optimistic=True)
            catalog._p_jar.cacheGC()
