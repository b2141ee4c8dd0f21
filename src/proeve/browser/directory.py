"""Addresses that name people or places: only what the user may see.

resolveuid/<uid> and @@redirect-to-uuid/<uid> redirect only to an object the user may open;
for any other uid, known or not, the answer is the same 404 (Plone's views redirected anyone
to the path of any object). The byline and the head's author link name and link a creator
only as far as the user directory allows (proeve.process.directory).
"""

from plone.app.layout.links.viewlets import AuthorViewlet
from plone.app.layout.viewlets.content import DocumentBylineViewlet
from plone.outputfilters.browser.resolveuid import ResolveUIDView
from Products.CMFCore.utils import getToolByName
from proeve.process.directory import may_see
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


def may_open_author_pages(context):
    """Plone's author pages are the platform admin's only (proeve.directory)."""
    membership = getToolByName(context, "portal_membership")
    return bool(membership.checkPermission("Manage portal", context))


class DirectoryByline(DocumentBylineViewlet):
    """The byline names its creators only to those who may see them, and links to an author
    page only for the platform admin."""

    def show_about(self):
        creators = self.context.creators or ()
        return super().show_about() and all(may_see(userid) for userid in creators)

    def get_url_path(self, user_id):
        if not may_open_author_pages(self.context):
            return ""
        return super().get_url_path(user_id)


class DirectoryAuthorLink(AuthorViewlet):
    """<link rel="author"> in the page head: only where the author page opens."""

    def show(self):
        return may_open_author_pages(self.context) and super().show()
