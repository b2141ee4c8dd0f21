"""1019 → 1020: assessment forms leave the text indexes (issue 22).

A form has no searchable text and no title words any more (proeve.content.indexers). A
text index keeps an object's old words when it is reindexed without text, so the forms
are taken out of SearchableText and Title; nothing else of the catalog changes.
"""

from Products.CMFCore.utils import getToolByName


def forms_without_text(setup_tool):
    catalog = getToolByName(setup_tool, "portal_catalog")
    indexes = [catalog._catalog.getIndex(name) for name in ("SearchableText", "Title")]
    for brain in catalog.unrestrictedSearchResults(portal_type="AssessmentForm"):
        for index in indexes:
            index.unindex_object(brain.getRID())
