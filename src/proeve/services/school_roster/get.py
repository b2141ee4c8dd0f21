"""GET @school-roster: the people of a school, their groups and assessor register."""

from collective.workspace.interfaces import IWorkspace
from plone.restapi.services import Service
from Products.CMFCore.utils import getToolByName


class SchoolRosterGet(Service):
    def reply(self):
        membership = getToolByName(self.context, "portal_membership")
        items = []
        for userid, data in sorted(IWorkspace(self.context).members.items()):
            member = membership.getMemberById(userid)
            expiry = data.get("register_expiry")
            items.append(
                {
                    "userid": userid,
                    "fullname": (member and member.getProperty("fullname")) or userid,
                    "groups": sorted(set(data.get("groups") or ()) - {"Members"}),
                    "register_number": data.get("register_number"),
                    "register_expiry": expiry.isoformat() if expiry else None,
                }
            )
        return {"@id": f"{self.context.absolute_url()}/@school-roster", "items": items}
