"""1006 → 1007: nothing of Proeve's is deleted, moved or copied, by any role.

The workflows no longer give `Delete objects` (but for the attachments of a draft bank
assignment) nor `Copy or Move` (but for a draft bank assignment); the existing objects get
the new role mappings. Who may View did not change, so the security index stays as it is.
"""

from Products.CMFCore.utils import getToolByName
from proeve import PROFILE_ID
import logging


logger = logging.getLogger("proeve.upgrades")

# Every type whose workflow changed.
CHANGED_TYPES = (
    "SchoolsFolder",
    "School",
    "ExamBank",
    "ExamGroup",
    "Candidate",
    "PvB",
    "AssessmentForm",
    "Appointment",
    "SupplementaryAssignment",
)


def records_stay(setup_tool):
    setup_tool.runImportStepFromProfile(f"profile-{PROFILE_ID}", "workflow", run_dependencies=False)
    workflow = getToolByName(setup_tool, "portal_workflow")
    catalog = getToolByName(setup_tool, "portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=CHANGED_TYPES):
        obj = brain._unrestrictedGetObject()
        for wf in workflow.getWorkflowsFor(obj):
            wf.updateRoleMappingsFor(obj)
        count += 1
    logger.info("Delete and move taken away; role mappings of %s objects updated", count)
