"""History ids for CMFEditions versions that concurrent requests do not conflict on."""

from Products.CMFCore.utils import getToolByName
import secrets


def random_history_id(self):
    """A new history id from portal_uidgenerator, drawn at random instead of counted.

    CMFUid counts the ids in one attribute of the tool, so every request that saves the
    first version of an object writes the same object: assessors creating forms at the
    same time conflicted on it until Zope's retries ran out. 62 random bits need no shared
    state; the version storage is asked whether an id is taken, as ZopeVersionControl does
    for its own random history ids.
    """
    storage = getToolByName(self, "portal_historiesstorage", None)
    while True:
        uid = secrets.randbits(62)
        if uid and (storage is None or not storage.isRegistered(uid)):
            return uid
