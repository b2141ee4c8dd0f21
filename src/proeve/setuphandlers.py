"""Install and uninstall handlers of the Proeve profiles."""

from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Keep the uninstall profile out of the add-ons control panel."""
        return ["proeve:uninstall"]

    def getNonInstallableProducts(self):
        return ["proeve.upgrades"]


def post_install(context):
    """Runs after the default profile; the profile files do the work."""


def uninstall(context):
    """Runs after the uninstall profile; exam content is never removed here."""
