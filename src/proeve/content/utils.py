"""Finding the school, and archive state, from any object inside it."""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from Products.CMFCore.utils import getToolByName
from proeve.interfaces import IArchivable
from proeve.interfaces import IExamGroup
from proeve.interfaces import ISchool


ARCHIVED = "archived"
ARCHIVE_WORKFLOW = "proeve_archive_workflow"


def _declares(interface, obj):
    """Whether obj's class declares interface.

    The Proeve markers are only declared on the content classes, and asking the class skips
    dexterity's per-object interface lookup (behaviours, schema), which local roles would
    pay for every object above the one checked, on every permission check.
    """
    return interface.implementedBy(type(aq_base(obj)))


def find_school(context):
    """The School that holds context (or context itself), or None."""
    for obj in aq_chain(aq_inner(context)):
        if _declares(ISchool, obj):
            return obj
    return None


def find_group(context):
    """The ExamGroup that holds context (or context itself), or None."""
    for obj in aq_chain(aq_inner(context)):
        if _declares(IExamGroup, obj):
            return obj
    return None


def review_state(obj):
    workflow = getToolByName(obj, "portal_workflow", None)
    if workflow is None:
        return None
    return workflow.getInfoFor(obj, "review_state", None)


def archive_state(obj):
    """The state of a group or candidate in the archive workflow.

    Read from its workflow history, as the workflow tool does, but without looking up the
    tool and the workflow: local roles are computed on every permission check, and they ask
    this for every group and candidate above the object.
    """
    history = getattr(aq_base(obj), "workflow_history", None)
    entries = history.get(ARCHIVE_WORKFLOW) if history else None
    if entries:
        return entries[-1].get("review_state")
    return review_state(obj)


def is_archived(context):
    """True when context, or a group or candidate above it, is archived."""
    for obj in aq_chain(aq_inner(context)):
        if _declares(ISchool, obj):
            return False
        if _declares(IArchivable, obj) and archive_state(obj) == ARCHIVED:
            return True
    return False


class ObjectsByPath:
    """The objects at catalog paths inside `site`, unrestricted, for brains that a
    permission-filtered search found: what brain._unrestrictedGetObject() returns, without
    its traversal from the Zope root, where every step into Dexterity content first looks
    for a schema field of that name. Each container is looked up once (the PvBs of a list
    share their school and mostly their group), and an item by its id."""

    def __init__(self, site):
        self.root = "/".join(site.getPhysicalPath())
        self.containers = {self.root: site}
        self.site = site

    def __call__(self, path):
        if not path.startswith(f"{self.root}/"):
            return self.site.unrestrictedTraverse(path)
        parent_path, _sep, name = path.rpartition("/")
        parent = self.containers.get(parent_path)
        if parent is None:
            parent = self.containers[parent_path] = self(parent_path)
        return parent._getOb(name)

    def get(self, path):
        """The object at path, or None (as unrestrictedTraverse(path, None))."""
        try:
            return self(path)
        except (AttributeError, KeyError):
            return None
