"""Catalog indexes that follow an exam rule (the rule is process's, so its index is too)."""

from Acquisition import aq_parent
from plone.indexer import indexer
from proeve.interfaces import IPvB
from proeve.process.assessment import result_to_establish


RESULT_TO_ESTABLISH = "result_to_establish"


@indexer(IPvB)
def result_to_establish_index(pvb):
    return result_to_establish(pvb)


def reindex_result_to_establish(pvb):
    """This PvB's result_to_establish only: whenever a form is recorded or corrected, or
    the PvB takes a step (assessment starts, pause, resume, the result), or its people
    change."""
    if IPvB.providedBy(pvb):
        # Not a metadata column: the PvB's metadata record stays as it is.
        pvb.reindexObject(idxs=[RESULT_TO_ESTABLISH], update_metadata=0)


def form_changed(form, event):
    """A form recorded (its transition) or added (a correction voids a recorded form)."""
    reindex_result_to_establish(aq_parent(form))
