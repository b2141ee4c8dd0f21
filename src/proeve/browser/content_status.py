"""Plone's state menu (content_status_modify) on Proeve's content and what is in a PvB.

The menu's transition stays: the workflow asks its guard in proeve.process. But Plone's view
also edits the effective and expiration dates of the object first, for whoever may modify it,
and that touches the modified date of a record beside the process and its journal (an
appointment in a closed PvB). Those dates of a record are never edited here.
"""

from plone.app.content.browser.content_status_modify import ContentStatusModifyView
from proeve.process.records import kept_in_place


class RecordStatusModify(ContentStatusModifyView):
    def editContent(self, obj, effective, expiry):
        if kept_in_place(obj):
            return
        super().editContent(obj, effective, expiry)
