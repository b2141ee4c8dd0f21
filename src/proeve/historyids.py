"""History ids for CMFEditions versions that concurrent requests do not conflict on.

CMFUid's portal_uidgenerator counts the ids in one attribute of the tool, so every request
that saves the first version of an object writes that same object: assessors creating forms
at the same time conflicted on it until Zope's retries ran out. The site's portal_uidgenerator
is therefore a `HistoryIdGenerator` (installed by the profile and upgrade step 1013), which
draws the ids at random and needs no shared state.
"""

from AccessControl.class_init import InitializeClass
from AccessControl.SecurityInfo import ClassSecurityInfo
from Acquisition import aq_base
from Products.CMFCore.utils import getToolByName
from Products.CMFUid.interfaces import IUniqueIdGenerator
from Products.CMFUid.UniqueIdGeneratorTool import UniqueIdGeneratorTool
from zope.component import getSiteManager
import secrets


TOOL_ID = "portal_uidgenerator"


class HistoryIdGenerator(UniqueIdGeneratorTool):
    """portal_uidgenerator with ids drawn at random instead of counted."""

    security = ClassSecurityInfo()

    @security.private
    def __call__(self):
        """A new id: 62 random bits; the version storage is asked whether it is taken, as
        ZopeVersionControl does for its own random history ids."""
        storage = getToolByName(self, "portal_historiesstorage", None)
        while True:
            uid = secrets.randbits(62)
            if uid and (storage is None or not storage.isRegistered(uid)):
                return uid


InitializeClass(HistoryIdGenerator)


def install_history_ids(portal, tool_class=HistoryIdGenerator):
    """Make the site's portal_uidgenerator a `tool_class`, keeping its state (the old counter)
    and its registration as the IUniqueIdGenerator utility that CMFUid looks up."""
    old = portal._getOb(TOOL_ID, None)
    if old is not None and type(aq_base(old)) is tool_class:
        return
    new = tool_class()
    if old is not None:
        old = aq_base(old)
        old._p_activate()
        new.__dict__.update(
            {k: v for k, v in old.__dict__.items() if not k.startswith(("_p_", "_v_"))}
        )
        portal._delObject(TOOL_ID, suppress_events=True)
    portal._setObject(TOOL_ID, new, suppress_events=True)
    site_manager = getSiteManager(portal)
    site_manager.unregisterUtility(provided=IUniqueIdGenerator)
    site_manager.registerUtility(aq_base(portal._getOb(TOOL_ID)), IUniqueIdGenerator)


def remove_history_ids(portal):
    """Back to CMFUid's own tool (on uninstall), so the site does not depend on Proeve."""
    install_history_ids(portal, UniqueIdGeneratorTool)
