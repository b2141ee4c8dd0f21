"""1025 → 1026: no navigation portlet inside the schools (issue 22, goal 3; proeve.navigation)."""

from Products.CMFCore.utils import getToolByName
from proeve.navigation import install_school_navigation


def school_navigation(setup_tool):
    install_school_navigation(getToolByName(setup_tool, "portal_url").getPortalObject())
