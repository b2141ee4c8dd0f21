"""POST @replace-assignment: {"assignment_uid": "..."}; people and dates stay."""

from proeve.process.assignment import replace_assignment
from proeve.services.base import ProeveService
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


class ReplaceAssignmentPost(ProeveService):
    def handle(self, data):
        pvb = self.context
        replace_assignment(pvb, data.get("assignment_uid"))
        notify(ObjectModifiedEvent(pvb))  # voids approvals of the old content
        return {"assignment": pvb.assignment_snapshot["title"]}
