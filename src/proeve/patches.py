"""Zope-wide refusals that keep exam records immutable."""

from proeve.process import ProcessError
from proeve.process import Refused
from proeve.process.records import refuse_undo as refuse


def refuse_undo(self, transaction_info=(), *args, **kwargs):
    """ZODB undo could silently take back a recorded assessment: it is switched off.

    Exam records are corrected by new, linked records (see docs/workflows.md).
    """
    try:
        refuse()
    except ProcessError as exc:
        raise Refused(exc) from None


def no_undoable_transactions(self, *args, **kwargs):
    return []
