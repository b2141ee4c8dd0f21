"""Excel downloads: the import template, a group's overview and a school's results."""

from AccessControl import getSecurityManager
from plone.protect.interfaces import IDisableCSRFProtection
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from proeve.accounts import Names
from proeve.bulk.candidates import TEMPLATE_HEADERS
from proeve.bulk.results import closed_pvbs
from proeve.bulk.sheets import write_xlsx
from proeve.bulk.sheets import XLSX
from proeve.content.pvb import RESULTS
from proeve.dates import local_date
from proeve.exam_kinds import exam_code
from proeve.exam_kinds import exam_kind
from proeve.journal import record
from proeve.people import label as person_label
from proeve.people import PEOPLE
from proeve.process.phases import phase_title
from proeve.terms import in_dutch
from zope.interface import alsoProvides


# Sheets are in Dutch, in the words of the one source of phase and result titles.
def phase_text(state):
    title = phase_title(state)
    return getattr(title, "default", None) or title or ""


def result_text(result):
    return RESULTS.getTerm(result).title.default if result in RESULTS else ""


def people_headers(context):
    """The people columns of the group export: every person of the table (proeve.people),
    under the Dutch name of their role at context's school."""
    return [in_dutch(person_label(person.field, context), context) for person in PEOPLE]


class XlsxView(BrowserView):
    filename = "export.xlsx"
    journaled = True

    def send(self, title, headers, rows):
        response = self.request.response
        response.setHeader("Content-Type", XLSX)
        response.setHeader("Content-Disposition", f'attachment; filename="{self.filename}"')
        if self.journaled:
            # Exports of personal data are journaled; that write is this GET's only one.
            alsoProvides(self.request, IDisableCSRFProtection)
            record(self.context, "exported", {"export": self.__name__, "rows": len(rows)})
        return write_xlsx(title, headers, rows)


class ImportTemplate(XlsxView):
    filename = "kandidaten-sjabloon.xlsx"
    journaled = False

    def __call__(self):
        return self.send("Kandidaten", TEMPLATE_HEADERS, [])


def pvb_rows(candidate, workflow, with_contact=True, names=None):
    # People by their full names: a sheet of logins means nothing to its reader.
    names = names or Names(candidate)
    pvbs = [p for p in candidate.objectValues() if p.portal_type == "PvB"]
    base = [candidate.student_code, candidate.Title()]
    if with_contact:
        base.append(candidate.email or "")
    if not pvbs:
        return [base + [""] * (5 + len(PEOPLE))]
    rows = []
    for pvb in pvbs:
        state = workflow.getInfoFor(pvb, "review_state")
        rows.append(
            base
            + [(pvb.assignment_snapshot or {}).get("title", ""), phase_text(state)]
            + [names(getattr(pvb, person.field, None)) or "" for person in PEOPLE]
            + [pvb.start_date, pvb.end_date, result_text(pvb.result)]
        )
    return rows


class GroupExport(XlsxView):
    @property
    def filename(self):
        return f"groep-{self.context.getId()}.xlsx"

    def __call__(self):
        workflow = getToolByName(self.context, "portal_workflow")
        rows = []
        check = getSecurityManager().checkPermission
        names = Names(self.context)
        for candidate in self.context.objectValues():
            # Archived candidates only appear for those who may still see them.
            if candidate.portal_type == "Candidate" and check("View", candidate):
                rows += pvb_rows(candidate, workflow, names=names)
        headers = [
            "studentcode",
            "naam",
            "e-mail",
            "opdracht",
            "fase",
            *people_headers(self.context),
            "startdatum",
            "gewenste einddatum",
            "resultaat",
        ]
        return self.send(self.context.Title(), headers, rows)


class ResultsExport(XlsxView):
    @property
    def filename(self):
        return f"resultaten-{self.context.getId()}.xlsx"

    def __call__(self):
        workflow = getToolByName(self.context, "portal_workflow")
        rows = []
        for pvb, candidate in closed_pvbs(self.context):
            snapshot = pvb.assignment_snapshot or {}
            rows.append(
                [
                    candidate.aq_parent.Title(),
                    candidate.student_code,
                    candidate.Title(),
                    snapshot.get("title", ""),
                    exam_code(pvb) or "",
                    phase_text(workflow.getInfoFor(pvb, "review_state")),
                    result_text(pvb.result),
                    local_date(pvb.result_at),
                    # Added last: the columns before keep their place for those who read them.
                    exam_kind(pvb).title.default,
                ]
            )
        headers = [
            "groep",
            "studentcode",
            "naam",
            "opdracht",
            "crebo",  # or the keuzedeelcode of a keuzedeel exam (soort examen)
            "fase",
            "resultaat",
            "datum resultaat",
            "soort examen",
        ]
        return self.send("Resultaten", headers, rows)
