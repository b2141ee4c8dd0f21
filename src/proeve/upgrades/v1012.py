"""1011 → 1012: the site's MailHost becomes a ProeveMailHost (proeve.mailhost).

Its settings and its registration as the IMailHost utility are kept; mail goes to SMTP from
the environment or the control panel, and to .eml files under var/mail when neither is set.
"""

from Products.CMFCore.utils import getToolByName
from proeve.mailhost import install_mailhost


def proeve_mailhost(setup_tool):
    install_mailhost(getToolByName(setup_tool, "portal_url").getPortalObject())
