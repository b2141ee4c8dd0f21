"""Addresses that name people or places: only what the user may see.

resolveuid/<uid> and @@redirect-to-uuid/<uid> redirect only to an object the user may open;
for any other uid, known or not, the answer is the same 404 (Plone's views redirected anyone
to the path of any object).
"""

from plone.outputfilters.browser.resolveuid import ResolveUIDView
from Products.CMFCore.utils import getToolByName
from zExceptions import NotFound


class ViewableUIDRedirect(ResolveUIDView):
    """Redirects to the object of a uid that the catalog finds for the current user."""

    def __call__(self):
        url = self.viewable_url()
        if url is None:
            raise NotFound("The link you followed is broken")
        if self.subpath:
            url = "/".join([url, *self.subpath])
        if self.request.QUERY_STRING:
            url += "?" + self.request.QUERY_STRING
        self.request.response.redirect(url, status=301)
        return ""

    def viewable_url(self):
        if not isinstance(self.uuid, str) or not self.uuid:
            return None
        catalog = getToolByName(self.context, "portal_catalog")
        # searchResults, not unrestrictedSearchResults: only what the user may View.
        brains = catalog.searchResults(UID=self.uuid)
        return brains[0].getURL() if len(brains) == 1 else None
