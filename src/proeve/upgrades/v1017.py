"""1016 → 1017: an assignment's life cycle after its vaststelling, and its files signed.

The assignment workflow gets the state `withdrawn` and the step `withdraw` (the right to
establish in `established` is the right to withdraw). PvBs still in their preparation get
their assignment's files in their frozen copy (process.assignment_files), so the approvals
cover them; for a PvB whose assignment has files this changes its content hash, so the
approvals given before are void and asked again (a PvB whose assignment has none keeps its
copy, hash and approvals). PvBs past the preparation keep the copy they were established on.
"""

from Products.CMFCore.utils import getToolByName
from proeve.content.snapshot import freeze_assignment
from proeve.upgrades import reimport_workflows
import logging


logger = logging.getLogger("proeve.upgrades")


def assignment_life_cycle(setup_tool):
    count = sum(1 for _obj in reimport_workflows(setup_tool, ["ExamAssignment"]))
    logger.info("assignment workflow with withdrawal on %d assignments", count)
    frozen = freeze_files_in_preparation(setup_tool)
    logger.info("assignment files frozen into %d PvBs in preparation", frozen)


def freeze_files_in_preparation(setup_tool):
    from proeve.process.approvals import void_stale_approvals
    from proeve.process.assignment import find_assignment
    from proeve.process.assignment_files import freeze_files

    catalog = getToolByName(setup_tool, "portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="PvB", review_state="preparation"):
        pvb = brain._unrestrictedGetObject()
        snapshot = dict(pvb.assignment_snapshot or {})
        if not snapshot.get("uid") or "attachments" in snapshot:
            continue
        assignment = find_assignment(snapshot["uid"])
        if assignment is None:
            continue
        files = freeze_assignment(snapshot["uid"]).get("attachments")
        if not files:
            continue  # nothing to sign: the copy and its approvals stay as they are
        # Only the files: the rest of the frozen copy stays as it was approved.
        snapshot["attachments"] = files
        pvb.assignment_snapshot = snapshot
        freeze_files(pvb, assignment)
        void_stale_approvals(pvb)
        count += 1
    return count
