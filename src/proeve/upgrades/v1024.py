"""1023 → 1024: PvBs share their frozen assignment (issue 22, goal 5).

Every PvB held its own copy of the assignment it was made on, two thirds of its record: a
year group's PvBs held the same copy hundreds of times, in the database and in each
connection's object cache. The site now keeps one `content.snapshot.FrozenAssignment` per
distinct copy, and a PvB points to it. The content is the same to the byte (its SHA-256 is
the key), so the content hashes in the journal and the approvals stay valid.
"""

from Products.CMFCore.utils import getToolByName
from proeve.content.snapshot import install_frozen_assignments
from proeve.upgrades import every_pvb


def share_frozen_assignments(setup_tool):
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    install_frozen_assignments(portal)
    for pvb in every_pvb(setup_tool):
        pvb._p_activate()
        own = pvb.__dict__.get("assignment_snapshot")
        if own is not None:
            pvb.assignment_snapshot = own
