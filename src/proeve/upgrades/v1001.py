"""1000 → 1001: the koppeling role (SchoolIntegration) and the permission to read results."""

from collective.workspace.pas import add_group
from plone.registry.interfaces import IRegistry
from proeve import PROFILE_ID
from proeve.roles import roster_group_id
from proeve.roles import SCHOOL_INTEGRATION
from proeve.upgrades import reimport_workflows
from zope.component import getUtility
import logging


logger = logging.getLogger("proeve.upgrades")

GROUPS_RECORD = "collective.workspace.available_groups"
# The types whose workflows changed: School (read results), ExamGroup and Candidate
# (the koppeling may add candidates to an active group).
CHANGED_TYPES = ("School", "ExamGroup", "Candidate")


def add_integration_role(setup_tool):
    # The role and the site-wide default of "proeve: Read results".
    setup_tool.runImportStepFromProfile(f"profile-{PROFILE_ID}", "rolemap", run_dependencies=False)

    # Only the roster group is added: a re-import of registry.xml would reset settings
    # a site may have changed (retention, evidence size, mail sender).
    registry = getUtility(IRegistry)
    groups = dict(registry.get(GROUPS_RECORD) or {})
    if "Integrations" not in groups:
        groups["Integrations"] = (SCHOOL_INTEGRATION,)
        registry[GROUPS_RECORD] = groups

    count = 0
    for obj in reimport_workflows(setup_tool, CHANGED_TYPES):
        if obj.portal_type == "School":
            # collective.workspace makes a school's roster groups when the school is added.
            add_group(roster_group_id("Integrations", obj.UID()), f"Integrations: {obj.Title()}")
        count += 1
    # Who may View did not change, so the security index needs no update.
    logger.info("Koppeling role added; role mappings of %s objects updated", count)
