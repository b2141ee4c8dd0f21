"""Blob files of an aborted FileStorage transaction do not outlive it.

FileStorage removes the blob files of a transaction only when it fails after its vote. A
transaction that fails before, typically a write conflict while its objects are stored,
has already moved its blob files into the blob folder; they stayed there for good, and
with evidence that is up to 537 MB for every conflict a busy upload runs into.
"""


def abort_with_blob_files(self):
    self._old__abort()
    # Called by tpc_abort for the storage's own transaction and under its locks, so
    # dirty_oids holds that transaction's blob files only.
    self._blob_tpc_abort()
