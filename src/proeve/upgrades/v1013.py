"""1012 → 1013: the extension points that replace the patches of CMFUid and ZCatalog.

portal_uidgenerator becomes a proeve.historyids.HistoryIdGenerator (random history ids; its
state and its utility registration kept) and the catalog's path index a
proeve.pathindex.SitePathIndex (what it indexed kept, nothing reindexed).
"""

from Products.CMFCore.utils import getToolByName
from proeve.historyids import install_history_ids
from proeve.pathindex import install_site_path_index
import logging


logger = logging.getLogger("proeve.upgrades")


def extension_points(setup_tool):
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    install_history_ids(portal)
    install_site_path_index(portal)
    logger.info("portal_uidgenerator and the path index are Proeve's own")
