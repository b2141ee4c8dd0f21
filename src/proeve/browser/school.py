"""The page of a school: its fields, and what it holds (its bank and its exam groups).

Archived groups are left out of the listing unless the user asks for them ("toon
gearchiveerde groepen"; FAQ: gearchiveerde groepen staan niet vermeld in de lijst). Only
the school admin finds archived groups at all: the listing is a permission-filtered search.
"""

from AccessControl import getSecurityManager
from plone.dexterity.browser.view import DefaultView
from Products.CMFCore.utils import getToolByName
from proeve.content.utils import ARCHIVED
from zope.component import getMultiAdapter


class SchoolView(DefaultView):
    def update(self):
        super().update()
        self.show_archived = self.request.form.get("archived") == "1"
        catalog = getToolByName(self.context, "portal_catalog")
        portal_state = getMultiAdapter((self.context, self.request), name="plone_portal_state")
        self.items = []
        self.archived_count = 0
        for brain in catalog(
            path={"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            portal_type=portal_state.friendly_types(),
            sort_on="getObjPositionInParent",
        ):
            archived = brain.portal_type == "ExamGroup" and brain.review_state == ARCHIVED
            self.archived_count += archived
            if archived and not self.show_archived:
                continue
            self.items.append(
                {
                    "id": brain.getId,
                    "url": brain.getURL(),
                    "title": brain.Title or brain.getId,
                    "description": brain.Description,
                    "archived": archived,
                }
            )

    def can_view_roster(self):
        """The roster page is the way to the school's staff and their logins."""
        return bool(
            getSecurityManager().checkPermission("collective.workspace: View roster", self.context)
        )

    def toggle_url(self):
        url = self.context.absolute_url()
        return url if self.show_archived else f"{url}?archived=1"
