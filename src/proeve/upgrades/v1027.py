"""1026 → 1027: nobody in a school changes the display of its pages (rolemap.xml, Modify view
template: Manager and Site Administrator, not Plone's Owner and Editor)."""

from Products.CMFCore.utils import getToolByName
from proeve.process.display import PERMISSION


def fixed_displays(setup_tool):
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    portal.manage_permission(PERMISSION, ["Manager", "Site Administrator"], acquire=False)
