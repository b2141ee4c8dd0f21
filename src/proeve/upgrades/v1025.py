"""1024 → 1025: the local role plugin caches its answers for viewlets too (issue 22, goal 3).

Plone's ``borg_localroles`` plugin becomes ``proeve.roles.cachedroles.CachingLocalRoleManager``:
the same object (id, settings, place among the plugins), whose request cache also answers
the View checks of viewlets, views and bound methods, about 30 per page, that walked the
local roles up to the school each time.
"""

from Products.CMFCore.utils import getToolByName
from proeve.roles.cachedroles import install_cached_local_roles


def cached_local_roles(setup_tool):
    install_cached_local_roles(getToolByName(setup_tool, "portal_url").getPortalObject())
