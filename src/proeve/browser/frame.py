"""Proeve's frame around every page: its logo, the school's name, a skip link and its footer.

Plone's own viewlets and templates stay in place; these are registered for Proeve's browser
layer only, so a site without the profile keeps Plone's frame.
"""

from plone.app.layout.viewlets.common import LogoViewlet
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve.content.utils import find_school


class ProeveLogoViewlet(LogoViewlet):
    """Plone's logo viewlet and template, with Proeve's logo from the add-on's resources."""

    def update(self):
        super().update()
        self.img_src = f"{self.site_url}/++resource++proeve/logo.svg"


class SchoolNameViewlet(ViewletBase):
    """The school's name in the header, on every page inside a school."""

    index = ViewPageTemplateFile("templates/frame_school.pt")

    def update(self):
        super().update()
        self.school = find_school(self.context)

    def render(self):
        return self.index() if self.school is not None else ""


class SkipLinkViewlet(ViewletBase):
    """The first stop of the keyboard: straight to the page's content."""

    index = ViewPageTemplateFile("templates/frame_skiplink.pt")
