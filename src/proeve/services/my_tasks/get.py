"""GET @my-tasks: the PvBs where it is the current user's turn, found through the catalog."""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from plone.restapi.services import Service
from Products.CMFCore.utils import getToolByName
from proeve.process.assessment import current_form
from proeve.process.assessment import required_forms_recorded


# task -> (review_state, the people roles whose turn it is)
TASKS = {
    "approve": ("preparation", ("candidate", "school_supervisor", "workplace_supervisor")),
    "check_content": ("content_check", ("content_checker",)),
    "establish": ("establishment", ("establisher",)),
    "upload_evidence": ("execution", ("candidate",)),
    "assess": ("assessment", ("assessor_1", "assessor_2")),
}


class MyTasksGet(Service):
    @staticmethod
    def recorded(pvb, user):
        form = current_form(pvb, user)
        workflow = getToolByName(pvb, "portal_workflow")
        return form is not None and workflow.getInfoFor(form, "review_state") == "recorded"

    def reply(self):
        user = getSecurityManager().getUser().getId()
        if user is None:
            # Anonymous has View on the site root; tasks are for a logged-in user only.
            raise Unauthorized("@my-tasks")
        catalog = getToolByName(self.context, "portal_catalog")
        items = []
        for task, (state, fields) in TASKS.items():
            for brain in catalog(
                portal_type="PvB",
                review_state=state,
                pvb_people=[f"{field}:{user}" for field in fields],
                sort_on="modified",
            ):
                if task == "assess" and self.recorded(brain.getObject(), user):
                    continue  # this assessor is done
                items.append(
                    {"task": task, "@id": brain.getURL(), "title": brain.Title, "phase": state}
                )
        # The exam committee: results to establish, in the schools it sees.
        check = getSecurityManager().checkPermission
        for brain in catalog(portal_type="PvB", review_state="assessment"):
            pvb = brain.getObject()
            if check("proeve: Establish result", pvb) and required_forms_recorded(pvb):
                items.append(
                    {
                        "task": "establish_result",
                        "@id": brain.getURL(),
                        "title": brain.Title,
                        "phase": "assessment",
                    }
                )
        return {"@id": f"{self.context.absolute_url()}/@my-tasks", "items": items}
