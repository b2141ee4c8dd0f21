"""Zope-wide refusals that keep exam records immutable."""

from zExceptions import Forbidden


def refuse_undo(self, transaction_info=(), *args, **kwargs):
    """ZODB undo could silently take back a recorded assessment: it is switched off.

    Exam records are corrected by new, linked records (see docs/workflows.md).
    """
    raise Forbidden("Undo is disabled in Proeve: exam records are never undone.")


def no_undoable_transactions(self, *args, **kwargs):
    return []
