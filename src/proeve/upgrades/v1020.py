"""1019 → 1020: assessment forms leave the SearchableText index (issue 22).

A form has no searchable text any more (proeve.content.indexers.form_searchable_text). A
text index keeps an object's old words when it is reindexed without text, so the forms
are taken out of that one index; nothing else of the catalog changes.
"""

from Products.CMFCore.utils import getToolByName


def forms_without_text(setup_tool):
    catalog = getToolByName(setup_tool, "portal_catalog")
    index = catalog._catalog.getIndex("SearchableText")
    for brain in catalog.unrestrictedSearchResults(portal_type="AssessmentForm"):
        index.unindex_object(brain.getRID())
