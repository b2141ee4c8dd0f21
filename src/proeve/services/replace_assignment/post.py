"""POST @replace-assignment: {"assignment_uid": "..."}; people and dates stay."""

from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.pvb import IPvBSchema
from proeve.content.snapshot import freeze_assignment
from proeve.journal import record
from proeve.process import ProcessError
from proeve.services.base import ProeveService
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
from zope.schema.interfaces import ValidationError


class ReplaceAssignmentPost(ProeveService):
    def handle(self, data):
        pvb = self.context
        workflow = getToolByName(pvb, "portal_workflow")
        if workflow.getInfoFor(pvb, "review_state") != "preparation":
            raise ProcessError(
                "not_in_preparation",
                _(
                    "error_not_in_preparation",
                    default="De opdracht kan alleen in de voorbereiding worden vervangen.",
                ),
                status=409,
            )
        uid = data.get("assignment_uid")
        try:
            IPvBSchema["assignment_uid"].bind(pvb).validate(uid)
        except ValidationError:
            raise ProcessError(
                "unknown_assignment",
                _(
                    "error_unknown_assignment",
                    default="Deze examenopdracht bestaat niet in de landelijke examenbank of "
                    "de opdrachtenbank van de school.",
                ),
            ) from None
        old = (pvb.assignment_snapshot or {}).get("title")
        pvb.assignment_uid = uid
        pvb.assignment_snapshot = freeze_assignment(uid)
        record(pvb, "assignment_replaced", {"from": old, "to": pvb.assignment_snapshot["title"]})
        notify(ObjectModifiedEvent(pvb))  # voids approvals of the old content
        return {"assignment": pvb.assignment_snapshot["title"]}
