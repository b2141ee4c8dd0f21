"""An assignment after its vaststelling: a new version, a copy for a new cohort.

A vastgesteld assignment is never changed (PvBs keep the frozen copy they were made from
anyway). A correction is a *new version*: an editable draft successor in the same bank,
linked to its predecessor (``predecessor_uid``) with the next ``version_number``, which is
established again through the workflow. A *copy for a new cohort* is a draft with another
qualification cohort, with copies of the assignment's files. Those who may add assignments
to the bank make them; the new draft's history says who (its first version's comment).
Withdrawal is a workflow step (``withdraw``, see process.guards).
"""

from AccessControl import getSecurityManager
from Acquisition import aq_parent
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.fields import cohort_field
from proeve.content.snapshot import assignment_files
from proeve.journal import record
from proeve.process import ProcessError
from zope.schema.interfaces import ValidationError


COPIED_FIELDS = ("kind", "crebo", "qualification", "qualification_cohort", "candidate_uid")


def review_state(obj):
    return getToolByName(obj, "portal_workflow").getInfoFor(obj, "review_state", None)


def check_may_add(assignment):
    bank = aq_parent(assignment)
    if not getSecurityManager().checkPermission("proeve: Add ExamAssignment", bank):
        raise ProcessError(
            "not_a_bank_editor",
            _(
                "error_not_a_bank_editor",
                default="Alleen wie opdrachten aan deze bank toevoegt, maakt een nieuwe "
                "versie of kopie.",
            ),
            status=403,
        )


def check_vastgesteld(assignment):
    if review_state(assignment) not in ("established", "withdrawn"):
        raise ProcessError(
            "assignment_not_established",
            _(
                "error_assignment_not_established",
                default="Alleen van een vastgestelde opdracht wordt een nieuwe versie of kopie "
                "gemaakt; een concept wijzigt u zelf.",
            ),
            status=409,
        )


def version_number(assignment):
    return getattr(assignment, "version_number", None) or 1


def successor(assignment):
    """The draft new version of the assignment, if one was made and not yet established."""
    catalog = getToolByName(assignment, "portal_catalog")
    path = "/".join(aq_parent(assignment).getPhysicalPath())
    for brain in catalog.unrestrictedSearchResults(
        portal_type="ExamAssignment", path={"query": path, "depth": 1}
    ):
        obj = brain._unrestrictedGetObject()
        if getattr(obj, "predecessor_uid", None) == assignment.UID():
            return obj
    return None


def draft_copy(assignment, title, **changes):
    """A draft in the same bank with the assignment's fields (and changes) and copies of
    its files."""
    fields = {name: getattr(assignment, name, None) for name in COPIED_FIELDS}
    fields.update(changes)
    copy = createContentInContainer(
        aq_parent(assignment),
        "ExamAssignment",
        checkConstraints=False,
        title=title,
        text=assignment.text,
        work_processes=[dict(p) for p in assignment.work_processes or []],
        **fields,
    )
    for obj in assignment_files(assignment):
        blob = obj.file
        with blob.open() as stream:
            data = stream.read()
        createContentInContainer(
            copy,
            "File",
            checkConstraints=False,
            id=obj.getId(),
            title=obj.Title(),
            file=NamedBlobFile(data, contentType=blob.contentType, filename=blob.filename),
        )
    return copy


def save_version(obj, comment):
    """The draft's first saved version says who made it from what."""
    repository = getToolByName(obj, "portal_repository", None)
    if repository is not None and repository.isVersionable(obj):
        repository.save(obj=obj, comment=comment)


def new_version(assignment):
    """An editable draft successor of a vastgesteld assignment (ProcessError otherwise)."""
    check_may_add(assignment)
    check_vastgesteld(assignment)
    existing = successor(assignment)
    if existing is not None:
        raise ProcessError(
            "new_version_exists",
            _(
                "error_new_version_exists",
                default="Van deze opdracht bestaat al een nieuwe versie: ${url}",
                mapping={"url": existing.absolute_url()},
            ),
            status=409,
            url=existing.absolute_url(),
        )
    number = version_number(assignment) + 1
    draft = draft_copy(assignment, assignment.Title())
    draft.predecessor_uid = assignment.UID()
    draft.version_number = number
    save_version(draft, f"Versie {number} van {assignment.absolute_url()}")
    draft.reindexObject()
    record(draft, "assignment_new_version", {"from": assignment.UID(), "version": number})
    return draft


def parse_cohort(value):
    field = cohort_field()
    try:
        cohort = int(value)
        field.validate(cohort)
    except (TypeError, ValueError, ValidationError):
        raise ProcessError(
            "invalid_cohort",
            _(
                "error_invalid_cohort",
                default="Geef het cohort van het kwalificatiedossier als jaartal (2000-2100).",
            ),
            field="qualification_cohort",
        ) from None
    return cohort


def copy_for_cohort(assignment, cohort):
    """A draft copy for another qualification cohort, files included (ProcessError
    otherwise)."""
    check_may_add(assignment)
    check_vastgesteld(assignment)
    cohort = parse_cohort(cohort)
    if cohort == assignment.qualification_cohort:
        raise ProcessError(
            "same_cohort",
            _(
                "error_same_cohort",
                default="Deze opdracht is al van cohort ${cohort}; kies een ander cohort of "
                "maak een nieuwe versie.",
                mapping={"cohort": str(cohort)},
            ),
            field="qualification_cohort",
        )
    title = assignment.Title()
    copy = draft_copy(assignment, f"{title} (cohort {cohort})", qualification_cohort=cohort)
    copy.copied_from_uid = assignment.UID()
    save_version(copy, f"Kopie voor cohort {cohort} van {assignment.absolute_url()}")
    copy.reindexObject()
    record(copy, "assignment_copied", {"from": assignment.UID(), "cohort": cohort})
    return copy


def describe(assignment):
    """What the endpoints answer about a new draft."""
    return {
        "@id": assignment.absolute_url(),
        "UID": assignment.UID(),
        "title": assignment.Title(),
        "review_state": review_state(assignment),
        "qualification_cohort": assignment.qualification_cohort,
        "version_number": version_number(assignment),
        "predecessor_uid": getattr(assignment, "predecessor_uid", None),
    }
