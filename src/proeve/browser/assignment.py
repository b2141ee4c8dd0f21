"""An exam assignment as a person reads it before choosing it: the text, the work processes
with their criteria (crucial ones marked), the attachments, its kind, state and version."""

from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve.content.bank import KINDS
from zope.i18n import translate


# The text, work processes and attachments of an assignment: the PvB pages show their
# frozen copy with the same macro.
ASSIGNMENT_CONTENT = ViewPageTemplateFile("templates/assignment_content.pt")


def kind_title(kind, request):
    try:
        return translate(KINDS.getTerm(kind).title, context=request)
    except LookupError:
        return kind


class AssignmentView(BrowserView):
    assignment_content = ASSIGNMENT_CONTENT

    def kind(self):
        return kind_title(getattr(self.context, "kind", None), self.request)

    def state(self):
        workflow = getToolByName(self.context, "portal_workflow")
        state = workflow.getInfoFor(self.context, "review_state", None)
        chain = workflow.getWorkflowsFor(self.context)
        if chain and state in chain[0].states:
            return translate(chain[0].states[state].title, domain="plone", context=self.request)
        return state

    def version(self):
        return getattr(self.context, "version_id", None)

    def text(self):
        text = getattr(self.context, "text", None)
        return text.output_relative_to(self.context) if text is not None else ""

    def work_processes(self):
        return self.context.work_processes or []

    def attachments(self):
        return [
            {"title": obj.Title(), "url": f"{obj.absolute_url()}/@@download/file"}
            for obj in self.context.objectValues()
            if obj.portal_type == "File"
        ]
