"""The frozen copy of an assignment that a PvB keeps."""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from zope.component.hooks import getSite
import copy
import hashlib
import json


# Where the site keeps the frozen copies, one per distinct content (not traversable).
STORE = "_proeve_frozen_assignments"


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


class FrozenAssignment(Persistent):
    """One frozen copy of an assignment, shared by every PvB that froze the same content.

    A year group's PvBs on one assignment used to hold a copy each: two thirds of a PvB's
    record, loaded into every connection's cache with it (issue 22, goal 5). It is made
    once and never changed: a PvB that gets another assignment points to another copy."""

    def __init__(self, data):
        self._data = data

    @property
    def data(self):
        return self._data


def snapshot_key(snapshot):
    """The copy's identity: the SHA-256 of its canonical JSON."""
    text = json.dumps(
        snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def install_frozen_assignments(portal):
    if getattr(aq_base(portal), STORE, None) is None:
        setattr(portal, STORE, OOBTree())


def shared_snapshot(snapshot, site=None):
    """The site's FrozenAssignment with this content, made when it is new; None on a site
    without the store (before upgrade 1024), where the PvB keeps its own copy."""
    site = site if site is not None else getSite()
    store = getattr(aq_base(site), STORE, None) if site is not None else None
    if store is None:
        return None
    key = snapshot_key(snapshot)
    frozen = store.get(key)
    if frozen is None:
        # A copy of its own: the caller's dict may change after this.
        frozen = FrozenAssignment(copy.deepcopy(snapshot))
        store[key] = frozen
    return frozen
