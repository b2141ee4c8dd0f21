"""PATCH @users/<id> of plone.restapi, with what it cannot handle answered as a 400.

Without exactly one user id in the address it raises a bare Exception, and it reads the
body with json.loads itself: a body that is no JSON object was a 500.
"""

from plone.restapi.deserializer import json_body
from plone.restapi.services.users.update import UsersPatch
from proeve import _
from proeve.process import BadRequest
from proeve.process import ProcessError


USER_ID_MISSING = ProcessError(
    "user_id_missing",
    _(
        "error_user_id_missing",
        default="Geef precies één gebruikersnaam in het adres: @users/<gebruikersnaam>.",
    ),
)


class CheckedUsersPatch(UsersPatch):
    def reply(self):
        if len(self.params) != 1:
            raise BadRequest(USER_ID_MISSING)
        json_body(self.request)  # a DeserializationError: errors.ErrorForm's 400 invalid_body
        return super().reply()
