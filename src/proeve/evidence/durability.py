"""Evidence bytes are on disk before Proeve says they are stored.

ZODB syncs its own records when it commits, but not blob files: after a power cut a
committed evidence record could point at a file that never reached the disk. So the new
file of an evidence blob is synced in the transaction that adds it, by whichever path it
came (form, TUS, JSON). A TUS upload syncs its file itself before the blob takes it
(`ResumableUpload.durable_link`) and says so, so it is not synced twice.
"""

import os


def sync_new_blob_file(named_file):
    """fsync the blob file this transaction wrote for named_file, if any and not done."""
    if getattr(named_file, "_v_proeve_on_disk", False):
        return
    blob = getattr(named_file, "_blob", None)
    path = getattr(blob, "_p_blob_uncommitted", None)
    if not path:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    named_file._v_proeve_on_disk = True
