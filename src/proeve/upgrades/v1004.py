"""1003 → 1004: journal heads as tuples, which ZODB can merge between parallel commits."""

from Products.CMFCore.utils import getToolByName
from proeve.journal.store import head_value
from proeve.journal.store import heads
from proeve.journal.store import read_head
import logging


logger = logging.getLogger("proeve.upgrades")


def journal_heads_as_tuples(setup_tool):
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    recorded = heads(portal)
    changed = 0
    for chain_id, value in list(recorded.items()):
        if isinstance(value, dict):
            head = read_head(value)
            recorded[chain_id] = head_value(head["length"], head["hash"], head["removed"])
            changed += 1
    logger.info("journal heads rewritten as tuples: %s", changed)
