"""1007 → 1008: no undo, and no version saved or reverted of an exam record.

The site's rolemap gives nobody "List undoable changes" or "Undo changes" (plone.restapi's
@transactions listed every transaction to any member). The workflows of PvBs, groups,
candidates and aanvulopdrachten set "CMFEditions: Save new version" and "Revert to previous
versions" themselves: nobody for a PvB (and so for its evidence), a group or a candidate, and
the editors of a draft aanvulopdracht only. Existing objects get the new role mappings.
"""

from proeve import PROFILE_ID
from proeve.upgrades import reimport_workflows
import logging


logger = logging.getLogger("proeve.upgrades")

CHANGED_TYPES = ("ExamGroup", "Candidate", "PvB", "SupplementaryAssignment")


def no_undo_no_revert(setup_tool):
    setup_tool.runImportStepFromProfile(f"profile-{PROFILE_ID}", "rolemap", run_dependencies=False)
    count = sum(1 for _obj in reimport_workflows(setup_tool, CHANGED_TYPES))
    logger.info("Undo off; versions of records frozen; role mappings of %s objects updated", count)
