"""POST @establish-group: {"group": "<group UID>", "assignment_uid": "..."}; a report per
PvB of which the user is the vaststeller."""

from Products.CMFCore.utils import getToolByName
from proeve.process import text_of
from proeve.process.establishment import establish_group
from proeve.services.base import ProeveService


class EstablishGroupPost(ProeveService):
    def handle(self, data):
        catalog = getToolByName(self.context, "portal_catalog")
        uid = text_of(data, "group")
        # (No UID would match every group.)
        found = catalog.unrestrictedSearchResults(UID=uid, portal_type="ExamGroup") if uid else []
        group = found[0]._unrestrictedGetObject() if found else None
        report = establish_group(group, text_of(data, "assignment_uid"))
        return {
            "report": report,
            "established": sum(1 for r in report if r["action"] == "established"),
        }
