"""The frozen copy of an assignment that a PvB keeps."""

from Acquisition import aq_base
from zope.component.hooks import getSite


def freeze_assignment(uid):
    """A plain-data copy of the assignment: later bank edits never reach the PvB."""
    site = getSite()
    catalog = site.portal_catalog
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type="ExamAssignment")
    if not brains:
        return {}
    assignment = brains[0]._unrestrictedGetObject()
    text = getattr(assignment, "text", None)
    # CMFEditions keeps the id of the last saved version on the working copy.
    version = getattr(aq_base(assignment), "version_id", None)
    return {
        "uid": uid,
        "title": assignment.Title(),
        "kind": assignment.kind,
        "crebo": assignment.crebo,
        "qualification": assignment.qualification,
        "qualification_cohort": assignment.qualification_cohort,
        "text": text.raw if text is not None else "",
        "version": version,
        "work_processes": list(assignment.work_processes or []),
    }
