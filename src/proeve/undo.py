"""ZODB undo is off at the Zope root too: nobody holds the undo permissions there.

Every undo that Zope offers (the Undo tab of any object in the ZMI, the Control Panel's
database undo) is protected by "Undo changes"; CMF's portal_undo lists with "List undoable
changes". The site's rolemap gives them to no role inside the Plone site; at start-up the
Zope root gets the same setting, so the Zope root's own Manager cannot list or undo either,
and a role that someone gave them in the ZMI is taken away again at the next start.
Exam records are corrected by new, linked records (docs/workflows.md), never by an undo.
"""

from AccessControl.Permission import Permission
from ZODB.POSException import ConflictError
from ZODB.POSException import ReadOnlyError
import logging
import transaction


logger = logging.getLogger("proeve.undo")

UNDO_PERMISSIONS = ("Undo changes", "List undoable changes")


def undo_is_open(app):
    """The undo permissions that some role holds at the Zope root."""
    # A tuple of roles is "not acquired"; the root's default is ("Manager",).
    return [p for p in UNDO_PERMISSIONS if Permission(p, (), app).getRoles(default=None) != ()]


def close_undo(app):
    """Give the undo permissions to no role at the Zope root, not acquired. True if changed."""
    opened = undo_is_open(app)
    for permission in opened:
        app.manage_permission(permission, roles=[], acquire=0)
    return bool(opened)


def close_undo_at_start(event):
    """IDatabaseOpenedWithRoot: close undo at the root of the database Zope serves from."""
    database = event.database
    if database.storage.isReadOnly():
        return
    manager = transaction.TransactionManager()
    connection = database.open(transaction_manager=manager)
    try:
        app = connection.root()["Application"]
        if close_undo(app):
            manager.get().note("Proeve: undo off at the Zope root")
            manager.commit()
            logger.info("Undo switched off at the Zope root")
    except (ConflictError, ReadOnlyError):
        # Another process started at the same moment and did the same.
        manager.abort()
    finally:
        connection.close()
