"""1027 → 1028: the site's error log leaves out ordinary refusals (proeve.errorlog)."""

from Products.CMFCore.utils import getToolByName
from proeve.errorlog import install_quiet_refusals


def quiet_refusals(setup_tool):
    install_quiet_refusals(getToolByName(setup_tool, "portal_url").getPortalObject())
