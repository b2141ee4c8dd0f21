"""1013 → 1014: portal_membership without patches: a proeve.directory.ProeveMembershipTool (the
same object, its settings kept), whose member searches and member information name only the
people the current user may see."""

from Products.CMFCore.utils import getToolByName
from proeve.directory import install_membership_tool
import logging


logger = logging.getLogger("proeve.upgrades")


def membership_tool(setup_tool):
    install_membership_tool(getToolByName(setup_tool, "portal_url").getPortalObject())
    logger.info("portal_membership is Proeve's own")
