"""Finding the school, and archive state, from any object inside it."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from Products.CMFCore.utils import getToolByName
from proeve.interfaces import IArchivable
from proeve.interfaces import ISchool


ARCHIVED = "archived"


def find_school(context):
    """The School that holds context (or context itself), or None."""
    for obj in aq_chain(aq_inner(context)):
        if ISchool.providedBy(obj):
            return obj
    return None


def review_state(obj):
    workflow = getToolByName(obj, "portal_workflow", None)
    if workflow is None:
        return None
    return workflow.getInfoFor(obj, "review_state", None)


def is_archived(context):
    """True when context, or a group or candidate above it, is archived."""
    for obj in aq_chain(aq_inner(context)):
        if ISchool.providedBy(obj):
            return False
        if IArchivable.providedBy(obj) and review_state(obj) == ARCHIVED:
            return True
    return False
