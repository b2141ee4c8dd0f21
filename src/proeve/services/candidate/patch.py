"""PATCH <candidate>: plone.restapi's update, with a change of the linked login put to the
exam rule first, so that a refusal has the project's error form (409 login_link_locked)."""

from AccessControl import getSecurityManager
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from proeve.process import ProcessError
from proeve.process.candidates import check_login_change
from proeve.process.steps import run
from proeve.services.errors import error
from proeve.services.plone_endpoints.content import ContentUpdate


# The write permission of the candidate's login field (content/candidate.py).
LINK_PERMISSION = "collective.workspace: Manage roster"


class CandidatePatch(ContentUpdate):
    def reply(self):
        refusal = self.link_refusal()
        return refusal if refusal is not None else super().reply()

    def link_refusal(self):
        try:
            data = json_body(self.request)
        except DeserializationError:
            return None  # plone.restapi answers an unreadable body itself
        if not isinstance(data, dict) or "userid" not in data:
            return None
        userid = data["userid"]
        if not isinstance(userid, str | None):
            return None  # the field refuses it
        if not getSecurityManager().checkPermission(LINK_PERMISSION, self.context):
            return None  # the field is not written at all
        try:
            run(check_login_change, self.context, userid)
        except ProcessError as exc:
            result = error(self.request, exc.status, exc.code, exc.message, field="userid")
            result["error"].update(exc.details)
            return result
        return None
