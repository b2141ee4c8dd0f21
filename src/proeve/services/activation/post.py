"""POST @proeve-activation: an imported candidate asks for an account (student code, e-mail).

The same answer whether anything was found or not (proeve.accounts); throttled per value
and client address (429 with Retry-After)."""

from proeve.accounts import request_activation
from proeve.logins.guard import client_address
from proeve.services.base import ProeveService
from zope.i18n import translate


class ActivationPost(ProeveService):
    def handle(self, data):
        message = request_activation(
            self.context,
            student_code=data.get("student_code"),
            email=data.get("email"),
            client=client_address(self.request),
        )
        return {"message": translate(message, context=self.request)}
