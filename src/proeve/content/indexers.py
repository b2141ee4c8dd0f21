"""Catalog indexes (no personal data as metadata: it stays out of search results)."""

from plone.indexer import indexer
from Products.CMFCore.utils import getToolByName
from proeve.content.bank import KINDS
from proeve.interfaces import IAssessmentForm
from proeve.interfaces import ICandidate
from proeve.interfaces import IExamAssignment
from proeve.interfaces import IPvB
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


@indexer(IAssessmentForm)
def form_searchable_text(obj):
    """No text of an assessment form in the catalog: a form is reached through its PvB,
    never by site search, and every form's words ("beoordeling", "beoordelaar") made
    concurrent assessors conflict on one bucket of the text index (issue 22)."""
    raise AttributeError("an assessment form is not found by its text")


@indexer(IAssessmentForm)
def form_title_words(obj):
    """No words of a form in the Title text index either: the same words in every form's
    title made concurrent assessors conflict on one of its buckets. An empty title, not
    none: the catalog takes the Title metadata column from this value too."""
    return ""


@indexer(IAssessmentForm)
def form_review_state(obj):
    """A form's state is read from the form (the workflow), never searched: without it in
    the catalog, creating and recording forms no longer adds to and takes from the one
    set of every draft form, which concurrent assessors conflicted on."""
    raise AttributeError("an assessment form is not found by its state")
