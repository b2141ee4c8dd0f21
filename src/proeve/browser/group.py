"""The page of an exam group: its candidates with their PvB phases, bulk PvB creation for
the ticked candidates, exports and the import wizard.

What the page offers follows the user's permissions on the group (the same permissions
the REST endpoints check); the listing comes from permission-filtered catalog searches.
"""

from AccessControl import getSecurityManager
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from proeve import _
from proeve.content.utils import find_school
from proeve.process.checks import content_check_required
from proeve.process.people import PEOPLE_LABELS
from proeve.process.phases import phase_title
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory
import json


# Field -> vocabulary of the people a PvB of this group may get (the school's pools).
PEOPLE = (
    ("school_supervisor", "proeve.roster.Supervisors"),
    ("workplace_supervisor", "proeve.roster.WorkplaceSupervisors"),
    ("assessor_1", "proeve.roster.Assessors"),
    ("assessor_2", "proeve.roster.Assessors"),
    ("establisher", "proeve.roster.Establishers"),
    # Offered where the school checks content before the vaststelling.
    ("content_checker", "proeve.roster.Establishers"),
)

BULK_MESSAGES = {
    "none": _("bulk_choose_candidates", default="Kies eerst een of meer kandidaten."),
    "working": _("bulk_working", default="Bezig: ${done} van ${total} kandidaten verwerkt…"),
    "done": _(
        "bulk_done",
        default="Klaar: ${created} PvB('s) aangemaakt, ${skipped} overgeslagen.",
    ),
    "failed": _("bulk_failed", default="Het aanmaken lukte niet."),
    "created": _("bulk_created", default="Aangemaakt"),
    "skipped": _("bulk_skipped", default="Overgeslagen"),
}


class GroupView(BrowserView):
    def __call__(self):
        return self.index()

    def check(self, permission, obj=None):
        return bool(getSecurityManager().checkPermission(permission, obj or self.context))

    def can_bulk(self):
        return self.check("proeve: Add PvB")

    def can_import(self):
        return self.check("proeve: Add Candidate")

    def results_url(self):
        school = find_school(self.context)
        if school is not None and self.check("proeve: Read results", school):
            return f"{school.absolute_url()}/@@results-export"
        return None

    def candidates(self):
        catalog = getToolByName(self.context, "portal_catalog")
        path = "/".join(self.context.getPhysicalPath())
        pvbs = {}
        for brain in catalog(portal_type="PvB", path=path, sort_on="created"):
            parent = brain.getPath().rsplit("/", 1)[0]
            pvbs.setdefault(parent, []).append(
                {
                    "url": brain.getURL(),
                    "title": brain.Title.split(" — ")[0],
                    "phase": translate(phase_title(brain.review_state), context=self.request),
                }
            )
        rows = []
        for brain in catalog(
            portal_type="Candidate", path={"query": path, "depth": 1}, sort_on="sortable_title"
        ):
            candidate = brain.getObject()
            rows.append(
                {
                    "id": brain.getId,
                    "url": brain.getURL(),
                    "name": brain.Title,
                    "student_code": candidate.student_code,
                    "archived": brain.review_state == "archived",
                    "pvbs": pvbs.get(brain.getPath(), []),
                }
            )
        return rows

    def assignments(self):
        factory = getUtility(IVocabularyFactory, "proeve.assignments")
        return [{"value": t.value, "title": t.title} for t in factory(self.context)]

    def people(self):
        fields = []
        check = content_check_required(self.context)
        for name, vocabulary in PEOPLE:
            if name == "content_checker" and not check:
                continue
            terms = getUtility(IVocabularyFactory, vocabulary)(self.context)
            fields.append(
                {
                    "name": name,
                    "label": translate(PEOPLE_LABELS[name], context=self.request),
                    "options": [{"value": t.value, "title": t.title} for t in terms],
                }
            )
        return fields

    def messages(self):
        return json.dumps({k: translate(v, context=self.request) for k, v in BULK_MESSAGES.items()})
