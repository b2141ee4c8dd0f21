"""1019 → 1020: assessment forms leave the text indexes and review_state (issue 22).

A form has no searchable text, no title words and no state in the catalog any more
(proeve.content.indexers). A text index keeps an object's old words when it is reindexed
without text, so the forms are taken out of SearchableText, Title and review_state;
nothing else of the catalog changes.
"""

from Products.CMFCore.utils import getToolByName


def forms_without_text(setup_tool):
    catalog = getToolByName(setup_tool, "portal_catalog")
    indexes = [
        catalog._catalog.getIndex(name) for name in ("SearchableText", "Title", "review_state")
    ]
    for brain in catalog.unrestrictedSearchResults(portal_type="AssessmentForm"):
        for index in indexes:
            index.unindex_object(brain.getRID())
