"""The attachments of an assignment belong to what a PvB's people sign.

When a PvB is made from an assignment, or its assignment is replaced, the PvB keeps copies of
the assignment's files next to its frozen copy (``assignment_snapshot["attachments"]``: id,
title, file name, size and SHA-256). The snapshot is in the approved content, so the files'
fingerprints are part of the content hash: other files void the approvals. The copies live in
an annotation of the PvB, not as objects in it: nothing in a PvB is ever removed
(process.records), and a replaced assignment takes its files along.
"""

from BTrees.OOBTree import OOBTree
from plone.namedfile.file import NamedBlobFile
from proeve.content.snapshot import assignment_files
from proeve.content.snapshot import blob_sha256
from zope.annotation.interfaces import IAnnotations


KEY = "proeve.assignment_files"


def frozen_files(pvb):
    """{id: NamedBlobFile} of the PvB's copies of its assignment's files ({} when none)."""
    return IAnnotations(pvb).get(KEY) or {}


def freeze_files(pvb, assignment):
    """Copy the assignment's files into the PvB (in place of those of an earlier one)."""
    copies = OOBTree()
    for obj in assignment_files(assignment) if assignment is not None else []:
        blob = obj.file
        with blob.open() as stream:
            data = stream.read()
        copies[obj.getId()] = NamedBlobFile(
            data, contentType=blob.contentType, filename=blob.filename
        )
    annotations = IAnnotations(pvb)
    if copies or KEY in annotations:
        annotations[KEY] = copies


def frozen_file(pvb, file_id):
    """The copy with this id, only while it is the file the frozen copy lists (its SHA-256)."""
    listed = {a["id"]: a for a in (pvb.assignment_snapshot or {}).get("attachments", [])}
    blob = frozen_files(pvb).get(file_id)
    if blob is None or file_id not in listed:
        return None
    return blob if blob_sha256(blob) == listed[file_id]["sha256"] else None


def frozen_attachments(pvb):
    """The frozen copy's attachments as the dossier lists them (with their download)."""
    url = pvb.absolute_url()
    return [
        {
            "@id": f"{url}/@@assignment-file/{item['id']}",
            "title": item["title"],
            "filename": item["filename"],
            "size": item["size"],
            "download": f"{url}/@@assignment-file/{item['id']}",
            "sha256": item["sha256"],
            "from_assignment": True,
        }
        for item in (pvb.assignment_snapshot or {}).get("attachments", [])
    ]
