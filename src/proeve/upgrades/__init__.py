"""Upgrade steps of the proeve:default profile.

Every change to the profile after release 1000 gets a step here, registered in
configure.zcml with the next profile version; tests/test_setup.py fails while a
step is pending on a freshly installed site.
"""

from Products.CMFCore.utils import getToolByName
from proeve import PROFILE_ID
import transaction


# A savepoint now and then: the PvBs woken need not stay in memory (50,000 PvBs).
SAVEPOINT_EVERY = 1000


def every_pvb(setup_tool):
    """Yields every PvB of the site, for a step that changes each; after every
    SAVEPOINT_EVERY of them the changes go to a savepoint and the woken PvBs leave the
    object cache."""
    catalog = getToolByName(setup_tool, "portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="PvB")
    for number, brain in enumerate(brains, 1):
        yield brain._unrestrictedGetObject()
        if number % SAVEPOINT_EVERY == 0:
            transaction.savepoint(optimistic=True)
            catalog._p_jar.cacheGC()


def reimport_workflows(setup_tool, portal_types):
    """Import the profile's workflows again and bring the permissions of every existing
    object of these types in line; yields each object, for a step that does more to it."""
    setup_tool.runImportStepFromProfile(f"profile-{PROFILE_ID}", "workflow", run_dependencies=False)
    workflow = getToolByName(setup_tool, "portal_workflow")
    catalog = getToolByName(setup_tool, "portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=portal_types):
        obj = brain._unrestrictedGetObject()
        for definition in workflow.getWorkflowsFor(obj):
            definition.updateRoleMappingsFor(obj)
        yield obj
