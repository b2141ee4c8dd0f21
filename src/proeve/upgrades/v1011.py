"""1010 → 1011: the login rules live in the site's acl_users (proeve.logins).

The guard that slows password guessing becomes the site's password check (it was a patch of
ZODBUserManager), and jwt_auth becomes ProeveJWTPlugin, with the same secret and settings,
so tokens end at logout, at a password change and at the maximum age of a login.
"""

from Products.CMFCore.utils import getToolByName
from proeve.setuphandlers import install_login_rules


def login_rules_in_pas(setup_tool):
    install_login_rules(getToolByName(setup_tool, "portal_url").getPortalObject())
