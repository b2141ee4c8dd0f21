"""A file form (evidence, attachments) hands the spooled upload to the blob as a file.

plone.formwidget.namedfile's converter reads the whole upload into memory
(`value.read()`), which for a 537 MB video means 537 MB in the Zope process.
plone.namedfile, given the upload object, copies it in 64 KiB blocks through Python
(3.4 s of a 537 MB form upload); here the kernel copies the spooled part into the blob
while a thread hashes it, as for a TUS chunk, so the journal needs no second read.

The blob's file is a temporary file until its transaction stores it (and moves it into the
blob folder). A refused form stores nothing, so the file is removed when the transaction
ends, whatever still refers to the blob: a refused upload leaves no temporary file.
"""

from plone.formwidget.namedfile.converter import NamedDataConverter
from plone.formwidget.namedfile.interfaces import INamedFileWidget
from plone.namedfile.interfaces import INamedBlobFileField
from plone.namedfile.utils import safe_basename
from proeve.evidence.resumable import copy_by_blocks
from proeve.evidence.resumable import copy_from_file
from zope.component import adapter
import contextlib
import hashlib
import os
import sys
import transaction


@adapter(INamedBlobFileField, INamedFileWidget)
class StreamingBlobFileConverter(NamedDataConverter):
    def toFieldValue(self, value):
        from plone.formwidget.namedfile import utils

        if value is None or value == "" or not utils.is_file_upload(value):
            return super().toFieldValue(value)
        action = self.widget.request.get(f"{self.widget.name}.action", None)
        upload_id = self.widget.request.get(f"{self.widget.name}.file_upload_id", None)
        if action == "nochange" and not upload_id:
            return super().toFieldValue(value)
        filename = safe_basename(value.filename)
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8")
        value.seek(0, os.SEEK_END)
        empty = value.tell() == 0
        value.seek(0)
        if empty and not filename:
            return self.field.missing_value
        return self.stored(value, filename)

    def stored(self, upload, filename):
        blob = self.field._type(data=b"", filename=filename)
        digest = hashlib.sha256()
        # Size limits are checked before the form runs (proeve.evidence.limits).
        with blob.open("w") as f:
            if copy_from_file(upload, f, 0, sys.maxsize, digest) is None:
                upload.seek(0)
                copy_by_blocks(upload, f, 0, sys.maxsize, digest)
        blob._v_proeve_sha256 = digest.hexdigest()
        removed_at_transaction_end(blob._blob._p_blob_uncommitted)
        return blob


def removed_at_transaction_end(path):
    current = transaction.get()
    current.addAfterCommitHook(lambda _committed: remove_if_left(path))
    current.addAfterAbortHook(remove_if_left, (path,))


def remove_if_left(path):
    """A stored blob's file has moved into the blob folder; one not stored is still here."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
