"""Plone's state menu (content_status_modify) on Proeve's content and what is in a PvB.

The menu's transition stays: the workflow asks its guard in proeve.process. But Plone's view
also edits the effective and expiration dates of the object first, for whoever may modify it,
and that touches the modified date of a record beside the process and its journal (an
appointment in a closed PvB). Those dates of a record are never edited here.
"""

from plone.app.content.browser.content_status_modify import ContentStatusModifyView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve.process.records import kept_in_place


# Steps of the state menu that are asked to be confirmed first (on a page of their own).
CONFIRMED_FIRST = {"archive"}
# An assignment's signatures from the state menu: confirmed on the assignment page's own
# confirmation (browser/assignment.py), as from its buttons.
ASSIGNMENT_STEPS = {"establish", "withdraw"}


class RecordStatusModify(ContentStatusModifyView):
    """Archiving (a group, a candidate) hides it for teachers and the exam committee: the
    menu's link first shows what that means and asks to confirm it (a post)."""

    confirmation = ViewPageTemplateFile("templates/status_confirm.pt")

    def __call__(
        self,
        workflow_action=None,
        comment="",
        effective_date=None,
        expiration_date=None,
        **kwargs,
    ):
        confirmed = self.request.method == "POST" and self.request.form.get("confirmed") == "1"
        if (
            getattr(self.context, "portal_type", None) == "ExamAssignment"
            and workflow_action in ASSIGNMENT_STEPS
        ):
            url = f"{self.context.absolute_url()}/@@assignment-step?step={workflow_action}"
            return self.request.response.redirect(url)
        if workflow_action in CONFIRMED_FIRST and not confirmed:
            self.workflow_action = workflow_action
            return self.confirmation()
        return super().__call__(workflow_action, comment, effective_date, expiration_date, **kwargs)

    def editContent(self, obj, effective, expiry):
        if kept_in_place(obj):
            return
        super().editContent(obj, effective, expiry)
