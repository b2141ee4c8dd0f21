"""Install and uninstall handlers of the Proeve profiles."""

from plone.base.interfaces import INonInstallable
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.utils import getToolByName
from proeve.content.snapshot import install_frozen_assignments
from proeve.directory import install_membership_tool
from proeve.directory import remove_membership_tool
from proeve.errorlog import install_quiet_refusals
from proeve.historyids import install_history_ids
from proeve.historyids import remove_history_ids
from proeve.logins.guard import install_guard
from proeve.logins.guard import remove_guard
from proeve.logins.tokens import install_session_keys
from proeve.logins.tokens import install_token_plugin
from proeve.mailhost import install_mailhost
from proeve.navigation import install_school_navigation
from proeve.navigation import remove_school_navigation
from proeve.pathindex import install_site_path_index
from proeve.pathindex import remove_site_path_index
from proeve.roles.cachedroles import install_cached_local_roles
from proeve.roles.cachedroles import remove_cached_local_roles
from proeve.roles.user import install_user_factory
from proeve.roles.user import remove_user_factory
from zope.interface import implementer


# The fixed folders of the content tree (DESIGN.md): id -> (type, title, description)
ROOT_FOLDERS = {
    "examenbank": ("ExamBank", "Examenbank", "De landelijke examenbank"),
    "scholen": ("SchoolsFolder", "Scholen", "De scholen die met Proeve werken"),
}


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Keep the uninstall profile out of the add-ons control panel."""
        return ["proeve:uninstall"]

    def getNonInstallableProducts(self):
        return ["proeve.upgrades"]


def post_install(setup_tool):
    """Create the fixed folders once; a reinstall keeps existing ones (and their content)."""
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    for folder_id, (type_name, title, description) in ROOT_FOLDERS.items():
        if folder_id in portal.objectIds():
            continue
        createContentInContainer(
            portal,
            type_name,
            checkConstraints=False,
            id=folder_id,
            title=title,
            description=description,
        )
    install_login_rules(portal)
    install_mailhost(portal)
    install_history_ids(portal)
    install_site_path_index(portal)
    install_membership_tool(portal)
    install_frozen_assignments(portal)
    install_cached_local_roles(portal)
    install_school_navigation(portal)
    install_quiet_refusals(portal)
    install_user_factory(portal)


def install_login_rules(portal):
    """The PAS plugins of the login rules (proeve.logins): password checks through the
    guard, tokens that end."""
    install_guard(portal.acl_users)
    install_token_plugin(portal.acl_users)
    install_session_keys(portal.acl_users)


def uninstall(setup_tool):
    portal = getToolByName(setup_tool, "portal_url").getPortalObject()
    remove_guard(portal.acl_users)
    remove_history_ids(portal)
    remove_membership_tool(portal)
    remove_site_path_index(portal)
    remove_cached_local_roles(portal)
    remove_user_factory(portal)
    remove_school_navigation(portal)
