"""The login help's "mail me a reset link": the same page for known and unknown logins."""

from Products.Five import BrowserView
from proeve.logins.reset import request_reset
from zope.component import getMultiAdapter


class MailPasswordView(BrowserView):
    def __call__(self):
        request_reset(self.context, self.request.form.get("userid", ""), self.request)
        return getMultiAdapter((self.context, self.request), name="mail_password_response")()
