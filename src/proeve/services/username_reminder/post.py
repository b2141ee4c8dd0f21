"""POST @proeve-username-reminder: a forgotten user name, mailed to its e-mail address.

The same answer whether anything was found or not (proeve.accounts); throttled per value
and client address (429 with Retry-After)."""

from proeve.accounts import send_login_names
from proeve.logins.guard import client_address
from proeve.services.base import ProeveService
from zope.i18n import translate


class UsernameReminderPost(ProeveService):
    def handle(self, data):
        message = send_login_names(
            self.context,
            email=data.get("email"),
            client=client_address(self.request),
        )
        return {"message": translate(message, context=self.request)}
