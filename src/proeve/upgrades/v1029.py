"""1028 → 1029: URL management (Manage Context Aliases) and iCal import are the platform
admin's alone (rolemap.xml), not every Owner's and Editor's as in Plone."""

from Products.CMFCore.utils import getToolByName


PLATFORM_ONLY = ("Manage Context Aliases", "plone.app.event: Import Ical")


def platform_only_features(setup_tool):
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    for permission in PLATFORM_ONLY:
        portal.manage_permission(permission, ["Manager", "Site Administrator"], acquire=False)
