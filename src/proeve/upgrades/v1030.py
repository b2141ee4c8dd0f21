"""1029 → 1030: the site's user factory makes proeve.roles.user.ProeveUser, which finds its
user folder directly for each permission check (issue 22, goal 3)."""

from Products.CMFCore.utils import getToolByName
from proeve.roles.user import install_user_factory


def user_factory(setup_tool):
    install_user_factory(getToolByName(setup_tool, "portal_url").getPortalObject())
