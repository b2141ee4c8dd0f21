"""Catalog indexes (no personal data as metadata: it stays out of search results)."""

from plone.indexer import indexer
from plone.indexer.interfaces import IIndexableObject
from plone.indexer.interfaces import IIndexableObjectWrapper
from plone.indexer.wrapper import IndexableObjectWrapper
from Products.CMFCore.utils import getToolByName
from Products.ZCatalog.interfaces import IZCatalog
from proeve.content.bank import KINDS
from proeve.interfaces import IAssessmentForm
from proeve.interfaces import ICandidate
from proeve.interfaces import IExamAssignment
from proeve.interfaces import IPvB
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


@indexer(ICandidate)
def student_code(obj):
    return obj.student_code


@indexer(IPvB)
def pvb_people(obj):
    """'field:userid' for every person of the PvB, and 'candidate:<login>'."""
    values = [f"{field}:{userid}" for field, userid in obj.people().items() if userid]
    candidate = obj.candidate()
    if candidate is not None and candidate.userid:
        values.append(f"candidate:{candidate.userid}")
    return values


@indexer(ICandidate)
def candidate_login(obj):
    return obj.userid or None


# crebo, cohort and kind are indexes and metadata of assignments only: without these, the
# catalog would acquire an exam group's crebo for the group and everything inside it.
@indexer(Interface)
def not_an_assignment(obj):
    raise AttributeError("only an exam assignment has this index")


@indexer(IExamAssignment)
def assignment_crebo(obj):
    return obj.crebo


@indexer(IExamAssignment)
def assignment_cohort(obj):
    """As text: a query string (@search?qualification_cohort=2025) finds it as it is."""
    cohort = obj.qualification_cohort
    return str(cohort) if cohort is not None else None


@indexer(IExamAssignment)
def assignment_kind(obj):
    return obj.kind


@indexer(IExamAssignment)
def assignment_searchable_text(obj):
    """Site search finds an assignment by its title, crebo, qualification, cohort, kind and
    the words of its text."""
    kind = KINDS.by_value.get(obj.kind)
    words = [
        obj.Title(),
        obj.Description(),
        obj.crebo,
        obj.qualification,
        str(obj.qualification_cohort or ""),
        kind.title.default if kind is not None else "",
        plain_text(obj),
    ]
    return " ".join(word for word in words if word)


def plain_text(obj):
    text = getattr(obj, "text", None)
    if text is None or not text.raw:
        return ""
    transforms = getToolByName(obj, "portal_transforms")
    converted = transforms.convertTo("text/plain", text.raw, mimetype=text.mimeType)
    return converted.getData() if converted is not None else ""


# What the catalog keeps of an assessment form: where it is and what it is, nothing to
# search on. A form is reached through its PvB (the dossier, the pages, REST), never by a
# search, so it has no text, title, state, dates, people or security entries: each of
# those was a bucket that every concurrent assessor wrote to (issue 22). Without
# allowedRolesAndUsers a restricted search finds no form for anyone, Manager included.
FORM_ATTRIBUTES = frozenset({"UID", "getPhysicalPath", "portal_type", "getId", "id", "cmf_uid"})


@implementer(IIndexableObject, IIndexableObjectWrapper)
@adapter(IAssessmentForm, IZCatalog)
class FormCatalogEntry(IndexableObjectWrapper):
    """The catalog's view of a form: only FORM_ATTRIBUTES, for the indexes and the metadata
    alike (UID and path for plone.app.uuid and the security reindex below a PvB, cmf_uid
    for CMFEditions' history ids)."""

    def __init__(self, form, catalog):
        # No workflow variables: the form's state is not in the catalog.
        self._IndexableObjectWrapper__object = form
        self._IndexableObjectWrapper__catalog = catalog
        self._IndexableObjectWrapper__vars = {}

    def __getattr__(self, name):
        if name not in FORM_ATTRIBUTES:
            raise AttributeError(name)
        return super().__getattr__(name)
