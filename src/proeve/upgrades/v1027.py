"""1026 → 1027: keyword and boolean indexes look up a few records (issue 22, goal 3;
proeve.lookupindexes). What they indexed is kept; nothing is reindexed."""

from Products.CMFCore.utils import getToolByName
from proeve.lookupindexes import install_lookup_indexes
import logging


logger = logging.getLogger("proeve.upgrades")


def lookup_indexes(setup_tool):
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    changed = install_lookup_indexes(portal)
    logger.info("lookup indexes: %s", ", ".join(changed) or "none to change")
