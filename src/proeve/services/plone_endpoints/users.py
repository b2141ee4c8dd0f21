"""plone.restapi's @users, where it answered too much or too little.

- POST @users/<login>/reset-password: the same answer for known and unknown logins.
- PATCH @users/<id>: without exactly one user id in the address plone.restapi raises a bare
  Exception, and it reads the body with json.loads itself, so a body that is no JSON object
  was a 500; both are a 400 now.
"""

from plone.restapi.deserializer import json_body
from plone.restapi.services.users.add import UsersPost
from plone.restapi.services.users.update import UsersPatch
from proeve import _
from proeve.logins.reset import request_reset
from proeve.logins.reset import RESET_REQUESTED
from proeve.process import BadRequest
from proeve.process import ProcessError
from zope.i18n import translate


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


class UnknownUser:
    """Stands for a login that does not exist, so that plone.restapi's checks of a token
    or an old password refuse it exactly as they refuse a wrong one for a known login."""

    def getUser(self):
        return self

    def getUserName(self):
        return None


class ProeveUsersPost(UsersPost):
    def update_password(self, data):
        if isinstance(data, dict) and not data:
            request_reset(self.context, self.params[0], self.request)
            self.request.response.setStatus(200)
            return {"message": translate(RESET_REQUESTED, context=self.request)}
        return super().update_password(data)

    def _get_user_by_login_name(self, user_id):
        return super()._get_user_by_login_name(user_id) or UnknownUser()
