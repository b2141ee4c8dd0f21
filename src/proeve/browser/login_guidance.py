"""Guidance on the login pages for people who forgot their user name."""

from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve.signon.session import signon_schools
from urllib.parse import urlencode


LOGIN_VIEWS = {"login", "login_form", "login-help", "mail_password_form"}


class LoginGuidanceViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/login_guidance.pt")

    def available(self):
        return getattr(self.view, "__name__", None) in LOGIN_VIEWS

    def signon_buttons(self):
        """ "Inloggen met je schoolaccount", one per school that has its own sign-on."""
        portal_url = self.context.portal_url()
        return [
            {
                "id": f"school-signon-{school_id}",
                "url": f"{portal_url}/@@school-signon?{urlencode({'school': school_id})}",
                "school": title,
            }
            for school_id, title in signon_schools(self.context.portal_url.getPortalObject())
        ]

    def render(self):
        return self.index() if self.available() else ""
