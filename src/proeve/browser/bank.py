"""The page of an exam bank (the national /examenbank or a school's opdrachtenbank): its
assignments with crebo, cohort, kind and state, filtered by crebo, cohort and state.

A permission-filtered catalog search on the bank's own folder: everyone sees what they may
read (the schools' staff only the vastgestelde assignments of the national bank)."""

from AccessControl import getSecurityManager
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from proeve.browser.assignment import kind_title
from proeve.exam_kinds import kind_of_code
from proeve.exam_kinds import PVB
from proeve.process.labels import state_title
from zope.i18n import translate


ASSIGNMENT_STATES = ("draft", "established")
ADD_PERMISSION = "proeve: Add ExamAssignment"


class BankView(BrowserView):
    def update(self):
        form = self.request.form
        self.crebo = text_of(form.get("crebo"))
        self.cohort = text_of(form.get("cohort"))
        self.state = text_of(form.get("state"))
        catalog = getToolByName(self.context, "portal_catalog")
        query = {
            "portal_type": "ExamAssignment",
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            "sort_on": "sortable_title",
        }
        if self.crebo:
            query["crebo"] = self.crebo
        if self.cohort:
            query["qualification_cohort"] = self.cohort
        if self.state in ASSIGNMENT_STATES:
            query["review_state"] = self.state
        self.brains = catalog(**query)

    def __call__(self):
        self.update()
        return self.index()

    def items(self):
        return [
            {
                "id": brain.getId,
                "title": brain.Title,
                "url": brain.getURL(),
                "crebo": brain.crebo,
                "cohort": brain.qualification_cohort,
                "kind": kind_title(brain.kind, self.request),
                "exam_kind": translate(
                    (kind_of_code(brain.crebo) or PVB).title, context=self.request
                ),
                "state": self.state_label(brain.review_state),
                "state_id": brain.review_state,
            }
            for brain in self.brains
        ]

    def state_label(self, state):
        return translate(state_title(state), context=self.request)

    def state_options(self):
        return [
            {"value": state, "title": self.state_label(state), "selected": state == self.state}
            for state in ASSIGNMENT_STATES
        ]

    def add_url(self):
        """The add form, for those who may add an assignment to this bank."""
        if getSecurityManager().checkPermission(ADD_PERMISSION, self.context):
            return f"{self.context.absolute_url()}/++add++ExamAssignment"
        return None


def text_of(value):
    return value.strip() if isinstance(value, str) else ""
