"""1017 → 1018: finding assignments, and who may do what in a bank (issue 23).

The catalog gets crebo, qualification_cohort and kind (indexes and metadata, assignments
only) and a SearchableText with the crebo; a national draft is no longer read by the
schools' staff (workflow); whoever edits a draft saves its version (rolemap). Only the
exam assignments are reindexed and get the new role mappings.
"""

from Products.CMFCore.utils import getToolByName


PROFILE = "profile-proeve:default"
WORKFLOW = "proeve_assignment_workflow"
INDEXES = ["crebo", "qualification_cohort", "kind", "SearchableText"]


def finding_assignments(setup_tool):
    setup = getToolByName(setup_tool, "portal_setup")
    for step in ("catalog", "rolemap", "workflow"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    workflow = getToolByName(setup_tool, "portal_workflow")[WORKFLOW]
    catalog = getToolByName(setup_tool, "portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="ExamAssignment"):
        assignment = brain._unrestrictedGetObject()
        workflow.updateRoleMappingsFor(assignment)
        catalog.reindexObject(
            assignment, idxs=INDEXES + ["allowedRolesAndUsers"], update_metadata=1
        )
