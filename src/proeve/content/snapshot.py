"""The frozen copy of an assignment that a PvB keeps."""

from Acquisition import aq_base
from zope.component.hooks import getSite
import hashlib


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
    snapshot = {
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
    files = [describe_file(obj) for obj in assignment_files(assignment)]
    if files:
        # The PvB keeps copies of these files (process.assignment_files); the fingerprints
        # make them part of what the approvals sign. Without files the copy (and so the
        # content hash of a PvB made before files were frozen) stays as it was.
        snapshot["attachments"] = files
    return snapshot


def assignment_files(assignment):
    """The files inside an assignment (its attachments), in the assignment's order."""
    return [
        obj
        for obj in assignment.objectValues()
        if obj.portal_type == "File" and getattr(obj, "file", None) is not None
    ]


def describe_file(obj):
    blob = obj.file
    return {
        "id": obj.getId(),
        "title": obj.Title(),
        "filename": blob.filename,
        "size": blob.getSize(),
        "sha256": blob_sha256(blob),
    }


def blob_sha256(blob):
    digest = hashlib.sha256()
    with blob.open() as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
