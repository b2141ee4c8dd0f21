"""Guidance on the login pages for people who forgot their user name."""

from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


LOGIN_VIEWS = {"login", "login_form", "login-help", "mail_password_form"}


class LoginGuidanceViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/login_guidance.pt")

    def available(self):
        return getattr(self.view, "__name__", None) in LOGIN_VIEWS

    def render(self):
        return self.index() if self.available() else ""
