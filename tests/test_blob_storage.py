"""The instance's FileStorage keeps every committed blob file, and only those (issue #10).

The storage is opened from the instance configuration that instance/generate.py writes, so
these tests hold for what `make run` serves. The first test replays, step by step, the
interleaving that lost evidence under parallel uploads: a transaction that hit a write
conflict aborts, and the next one stores its blob before that abort has finished. ZODB's
<blobstorage> wrapper cleaned up the aborted transaction's blob files only after releasing
the commit lock, and so deleted the new transaction's file.
"""

from pathlib import Path
from persistent.mapping import PersistentMapping
from ZODB.blob import Blob
from ZODB.Connection import TransactionMetaData
from ZODB.POSException import ConflictError
from ZODB.utils import p64
from ZODB.utils import z64
import hashlib
import os
import pytest
import sys
import threading
import transaction
import ZODB
import ZODB.config


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "instance"))

from generate import render  # noqa: E402


def configured_storage(folder):
    """The <zodb_db main> storage of the generated zope.conf, in folder."""
    text = render("storage-filestorage.conf.in", read_only="false")
    text = text.replace("$VAR", str(folder / "var")).replace("$INSTANCE", str(folder))
    inner = "<filestorage>" + text.split("\n  <filestorage>", 1)[1].rsplit("</zodb_db>", 1)[0]
    (folder / "var" / "filestorage").mkdir(parents=True)
    return ZODB.config.storageFromString(inner)


def file_storage(storage):
    """The FileStorage itself (behind a wrapper, if the configuration has one)."""
    return getattr(storage, "_BlobStorage__storage", storage)


def blob_file(tmp_path, data):
    path = tmp_path / f"upload-{hashlib.sha256(data).hexdigest()[:12]}"
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def storage(tmp_path):
    storage = configured_storage(tmp_path)
    yield storage
    storage.close()


def test_an_abort_does_not_take_the_next_transactions_blob(storage, tmp_path):
    record = b"cZODB.blob\nBlob\nq\x01.N."
    conflicting = TransactionMetaData()
    committing = TransactionMetaData()
    storage.tpc_begin(conflicting)
    storage.storeBlob(p64(1001), z64, record, blob_file(tmp_path, b"conflicted"), "", conflicting)

    # The next transaction gets the commit lock the moment the conflicting one gives it
    # back, and stores its blob before the abort has returned.
    inner = file_storage(storage)
    release = inner._commit_lock_release
    stored = {}

    def release_then_commit_next():
        release()
        inner._commit_lock_release = release
        storage.tpc_begin(committing)
        storage.storeBlob(p64(1002), z64, record, blob_file(tmp_path, b"evidence"), "", committing)
        stored["tid"] = inner._tid

    inner._commit_lock_release = release_then_commit_next
    storage.tpc_abort(conflicting)
    storage.tpc_vote(committing)
    tid = storage.tpc_finish(committing)

    assert tid == stored["tid"]
    with open(storage.loadBlob(p64(1002), tid), "rb") as f:
        assert f.read() == b"evidence"


def test_parallel_conflicting_blob_commits_keep_every_blob(storage):
    """Threads that each commit a blob and bump one shared counter (write conflicts)."""
    db = ZODB.DB(storage)
    with db.transaction() as connection:
        connection.root()["counter"] = PersistentMapping(n=0)
        for t in range(4):
            connection.root()[f"box{t}"] = PersistentMapping()
    committed = {}
    conflicts = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: the lost blobs came from a race
    # The first commits wait for each other, so that conflicts happen even on a busy machine.
    first_round = threading.Barrier(4, timeout=30)

    def work(t):
        manager = transaction.TransactionManager()
        connection = db.open(manager)
        for i in range(25):
            data = os.urandom(2000 + i)
            attempt = 0
            while True:
                manager.begin()
                blob = Blob()
                with blob.open("w") as f:
                    f.write(data)
                connection.root()[f"box{t}"][i] = blob
                connection.root()["counter"]["n"] += 1
                if i == 0 and attempt == 0:
                    first_round.wait()
                attempt += 1
                try:
                    manager.commit()
                except ConflictError:
                    manager.abort()
                    conflicts.append(t)
                    continue
                committed[(t, i)] = data
                break
        connection.close()

    try:
        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)

    assert conflicts, "no write conflict happened: the test tested nothing"
    with db.transaction() as connection:
        for (t, i), data in committed.items():
            with connection.root()[f"box{t}"][i].open() as f:
                assert f.read() == data
    assert len(committed) == 100
    db.close()


def test_an_aborted_transaction_leaves_no_blob_file(integration, tmp_path):
    """A write conflict before the vote: its blob file goes too (Proeve's patch, loaded
    with the ZCML of the integration layer)."""
    storage = configured_storage(tmp_path)
    db = ZODB.DB(storage)
    with db.transaction() as connection:
        connection.root()["counter"] = PersistentMapping(n=0)
    blob_folder = Path(file_storage(storage).fshelper.base_dir)

    def blob_files():
        return set(blob_folder.rglob("*.blob"))

    stored = []
    store_blob = storage.storeBlob

    def recorded(oid, *args):
        stored.append(oid)
        return store_blob(oid, *args)

    storage.storeBlob = recorded  # (each new connection copies it)
    before = blob_files()
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    # The blob is stored first (with the root, changed first), then the counter
    # conflicts with the other commit.
    blob = Blob()
    with blob.open("w") as f:
        f.write(b"x" * 10_000)
    one.root()["a-blob"] = blob
    one.root()["counter"]["n"] += 1
    two.root()["counter"]["n"] += 1
    second.commit()
    with pytest.raises(ConflictError):
        first.commit()
    first.abort()
    assert stored, "the blob was not stored before the conflict: the test tested nothing"
    assert blob_files() == before
    db.close()


def test_stray_blob_files_are_counted(storage, tmp_path):
    from proeve.inventory import stray_blob_files

    db = ZODB.DB(storage)
    with db.transaction() as connection:
        blob = connection.root()["blob"] = Blob()
        with blob.open("w") as f:
            f.write(b"kept")
    assert stray_blob_files(storage) == {"count": 0, "bytes": 0}
    # What a process killed in the middle of a commit leaves: a file of a transaction
    # that has no record.
    helper = file_storage(storage).fshelper
    stray = helper.getBlobFilename(p64(1234), p64(5678))
    helper.createPathForOID(p64(1234))
    Path(stray).write_bytes(b"x" * 100)
    assert stray_blob_files(storage) == {"count": 1, "bytes": 100}
    db.close()
