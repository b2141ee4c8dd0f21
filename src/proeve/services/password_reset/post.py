"""POST @proeve-password-reset: a link to choose a new password, to each login of an address.

The same answer whether anything was found or not (proeve.accounts); throttled per value
and client address (429 with Retry-After)."""

from proeve.accounts import request_reset_by_email
from proeve.logins.guard import client_address
from proeve.services.base import ProeveService
from zope.i18n import translate


class PasswordResetPost(ProeveService):
    def handle(self, data):
        message = request_reset_by_email(
            self.context,
            email=data.get("email"),
            client=client_address(self.request),
            request=self.request,
        )
        return {"message": translate(message, context=self.request)}
