"""POST @users/<login>/reset-password: the same answer for known and unknown logins."""

from plone.restapi.services.users.add import UsersPost
from proeve.logins.reset import request_reset
from proeve.logins.reset import RESET_REQUESTED
from zope.i18n import translate


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
