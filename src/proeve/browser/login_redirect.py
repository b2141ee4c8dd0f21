"""After login a person lands on Mijn overzicht, unless they were on their way elsewhere."""

from plone.base.interfaces import IRedirectAfterLogin
from zope.interface import implementer


@implementer(IRedirectAfterLogin)
class ToDashboard:
    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, came_from=None, is_initial_login=False):
        portal = self.context.portal_url.getPortalObject()
        home = portal.absolute_url()
        if not came_from or came_from.rstrip("/") in (home, f"{home}/index_html"):
            return f"{home}/@@dashboard"
        return came_from
