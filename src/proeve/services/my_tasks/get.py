"""GET @my-tasks: the PvBs where it is the current user's turn, found through the catalog."""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from plone.restapi.services import Service
from proeve.process.tasks import my_tasks


class MyTasksGet(Service):
    def reply(self):
        if getSecurityManager().getUser().getId() is None:
            # Anonymous has View on the site root; tasks are for a logged-in user only.
            raise Unauthorized("@my-tasks")
        items = [
            {
                "task": task,
                "@id": brain.getURL(),
                "title": brain.Title,
                "phase": brain.review_state,
            }
            for task, brain in my_tasks(self.context)
        ]
        return {"@id": f"{self.context.absolute_url()}/@my-tasks", "items": items}
