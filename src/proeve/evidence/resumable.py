"""Unfinished uploads on disk, beside the blobs, until they are complete.

One upload is two files in the upload folder: the bytes received so far and a small
JSON file with what the client declared (length, file name, title) and who may
continue it. The folder is `TUS_TMP_FILE_DIR` (set by instance/generate.py to a
folder on the same disk as the blob storage and waitress' spool files, so chunks are
copied by the kernel and a finished upload moves into the blob storage by renames) or
`CLIENT_HOME/tus-uploads`.

A complete upload file is final: it becomes the evidence's blob by a hard link (no copy),
so from then on no chunk may write to it (`UploadComplete`), and writers take turns
(a lock on the JSON file) so none can start before and end after that moment.
"""

from AccessControl import getSecurityManager
from email.utils import formatdate
import contextlib
import ctypes
import fcntl
import glob
import hashlib
import io
import json
import mmap
import os
import re
import threading
import time
import uuid


# Unfinished uploads can be resumed this long after their last chunk.
EXPIRES_AFTER = 48 * 3600
CHUNK = 1 << 20
HASH_BLOCK = 8 << 20
_UID = re.compile(r"^[0-9a-f]{32}$")


def upload_folder():
    folder = os.environ.get("TUS_TMP_FILE_DIR")
    if not folder:
        folder = os.path.join(os.environ.get("CLIENT_HOME") or "/tmp", "tus-uploads")  # noqa: S108
    os.makedirs(folder, exist_ok=True)
    return folder


# SHA-256 of the bytes written so far, per upload, while its chunks arrive in order at this
# process: the finished file then needs no second read. Any other order drops it.
_digests = {}
_digests_lock = threading.Lock()


class RunningHash:
    """The SHA-256 of an upload's bytes in order, computed behind its writes.

    A chunk is answered once its bytes are in the upload file; a thread per chunk hashes
    them from there once the chunk before is hashed (the bytes below the offset never
    change), and then has the disk write them while the client sends the next one, so
    hashing and syncing overlap with receiving instead of adding to every chunk or to the
    finish. A chunk's hash does not wait for the sync of the one before: the disk and the
    CPU work at once. The last chunk waits for the hashes (`wait_hashed`), the digest for all.
    """

    def __init__(self):
        self.digest = hashlib.sha256()
        self.end = 0
        self.failed = False
        self._hashed = None  # set once every chunk handed to add() is in the digest
        self._absorbed = None  # set once the last part handed to add() is in the upload file
        self._threads = []

    def add(self, path, start, end, absorb=None, part=None):
        """Hash and sync bytes start..end of the upload file behind the answer. A chunk
        taken as a part (see `write`) comes with `absorb()`, which copies it there, and
        `part`, the part's file open for reading: it is hashed from that file while the
        copy runs, so its hash need not wait for the copy."""
        before = self._hashed
        hashed = threading.Event()
        absorbed = threading.Event()
        if absorb is None:
            absorbed.set()  # the bytes are in the upload file already

        def copy_in():
            try:
                absorb()
            except Exception:  # noqa: BLE001 (the next chunk copies it in, or says why)
                self.failed = True
            finally:
                absorbed.set()

        def run():
            try:
                if absorb is not None:
                    threading.Thread(target=copy_in, name="proeve-upload-copy").start()
                if before is not None:
                    before.wait()
                if not self.failed and start != end:
                    if part is not None:
                        hash_mapped(self.digest, part.fileno(), 0, end - start)
                    else:
                        with open(path, "rb") as f:
                            hash_mapped(self.digest, f.fileno(), start, end)
                hashed.set()  # the next chunk hashes while this one goes to disk
                absorbed.wait()
                if self.failed or start == end:
                    return
                with open(path, "rb") as f:
                    # The disk writes these bytes now, while the next chunk arrives, not
                    # all at once in the finish's fsync (durable_link).
                    os.fdatasync(f.fileno())
                    leave_page_cache(f.fileno(), start, end)
            except Exception:  # noqa: BLE001 (the finish then reads the whole file)
                self.failed = True
            finally:
                if part is not None:
                    part.close()
                hashed.set()

        self.end = end
        self._hashed = hashed
        self._absorbed = absorbed
        thread = threading.Thread(target=run, name="proeve-upload-hash", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def wait_absorbed(self):
        """Until the last part handed to add() is copied into the upload file."""
        if self._absorbed is not None:
            self._absorbed.wait()

    def wait_hashed(self):
        """Until the chunks handed to add() are in the digest."""
        if self._hashed is not None:
            self._hashed.wait()

    def wait(self):
        """Until the chunks handed to add() are hashed and synced."""
        for thread in self._threads:
            thread.join()

    def hexdigest(self):
        self.wait()
        return None if self.failed else self.digest.hexdigest()


class TooMuchData(Exception):
    """The client sent more bytes than it declared."""


class UploadComplete(Exception):
    """All bytes are there: the file is (becoming) a blob and is never written again."""


class ResumableUpload:
    prefix = "proeve_upload_"

    def __init__(self, uid):
        if not _UID.match(uid or ""):
            raise KeyError(uid)
        self.uid = uid
        self.path = os.path.join(upload_folder(), self.prefix + uid)
        self.meta_path = self.path + ".json"
        self._meta = None

    @classmethod
    def create(cls, metadata):
        remove_expired()
        upload = cls(uuid.uuid4().hex)
        with open(upload.meta_path, "x") as f:
            json.dump(metadata, f)
        # An empty data file from the start: the offset is its size.
        open(upload.path, "xb").close()
        return upload

    @classmethod
    def find(cls, uid):
        """The upload with this id, or None when it is unknown, finished or expired."""
        try:
            upload = cls(uid)
        except KeyError:
            return None
        if not os.path.exists(upload.meta_path) or upload.expired():
            return None
        return upload

    @property
    def metadata(self):
        if self._meta is None:
            with open(self.meta_path) as f:
                self._meta = json.load(f)
        return self._meta

    @property
    def length(self):
        return int(self.metadata["length"])

    @property
    def offset(self):
        """The bytes received: the upload file's, or up to the end of a part not yet in it.
        The parts are read first: one copied in meanwhile is then counted all the same."""
        received = 0
        for start, part in self.parts():
            with contextlib.suppress(FileNotFoundError):
                received = max(received, start + os.path.getsize(part))
        return max(received, self._size())

    def _size(self):
        try:
            return os.path.getsize(self.path)
        except FileNotFoundError:
            return 0

    @property
    def finished(self):
        # A part never completes an upload: the last chunk is always copied (`write`).
        return self._size() == self.length

    def parts(self):
        """(start, path) of the chunks taken by a hard link and not yet copied into the
        upload file, in order (at most one while the chunks come in order)."""
        found = []
        for path in glob.glob(glob.escape(self.path) + ".part-*"):
            with contextlib.suppress(ValueError):
                found.append((int(path.rsplit("-", 1)[1]), path))
        return sorted(found)

    def absorb_parts(self):
        """Copy the parts into the upload file and remove them; the caller has the turn.
        Copying one again after a stop in between writes the same bytes at the same place."""
        for start, part in self.parts():
            if start == 0 and self._size() == 0:
                os.replace(part, self.path)  # the first chunk becomes the file: no copy
                continue
            with open(part, "rb") as source, open(self.path, "r+b") as target:
                length = os.fstat(source.fileno()).st_size
                reserve_blocks(target.fileno(), start, length)
                if copy_range(source.fileno(), target.fileno(), length, 0, start) != length:
                    raise OSError("a part of the upload ended early")
            os.remove(part)

    def _absorb_in_turn(self):
        with self.turn():
            self.absorb_parts()

    def last_activity(self):
        for path in (self.path, self.meta_path):
            try:
                return os.stat(path).st_mtime
            except FileNotFoundError:
                continue
        return 0

    def expired(self, now=None):
        return (now or time.time()) - self.last_activity() > EXPIRES_AFTER

    def expires_header(self):
        return formatdate(self.last_activity() + EXPIRES_AFTER, usegmt=True)

    def write(self, stream, offset):
        """Write the request body at `offset`; refuse bytes beyond the declared length.

        Writing at an offset (never appending) makes a repeated chunk harmless: Zope
        retries a request after a write conflict and sends the same bytes again.
        """
        limit = self.length
        with _digests_lock:
            before = _digests.get(self.uid)
        if before is not None:
            before.wait_absorbed()  # the chunk before, taken as a part, is in the file
        with self.turn():
            self.absorb_parts()  # one a stopped process or another one left
            if self.finished:
                raise UploadComplete
            with _digests_lock:
                running = _digests.pop(self.uid, None)
            if offset == 0:
                running = RunningHash()
            in_order = running is not None and running.end == offset
            with open(self.path, "r+b") as f:
                position = None
                if in_order and body_length(stream) == limit - offset:
                    position = self._write_last(stream, f, offset, limit, running)
                elif in_order:
                    position = self._take_part(stream, f, offset, limit, running)
                if position is None:
                    position = copy_from_file(stream, f, offset, limit, None)
                    if position is None:
                        position = copy_by_blocks(stream, f, offset, limit, None)
                    if in_order:
                        running.add(self.path, offset, position)
            if in_order:
                with _digests_lock:
                    _digests[self.uid] = running
        return position

    def _take_part(self, stream, f, offset, limit, running):
        """A chunk the proxy received into a file of its own (proeve.evidence.front_body),
        not the last: the upload takes that file by a hard link as a part and answers at
        once; a thread copies it into the upload file, then hashes and syncs it, while the
        client sends the next chunk. The offset is the part's end from now on. None when
        the chunk cannot be taken so (another disk, not the whole file): then it is copied."""
        source = getattr(stream, "received_path", None)
        if source is None:
            return None
        try:
            if stream.tell() != 0 or os.fstat(f.fileno()).st_size != offset:
                return None
            received = os.fstat(stream.fileno())
            if received.st_size <= 0 or offset + received.st_size >= limit:
                return None
            part = f"{self.path}.part-{offset}"
            os.link(source, part)
        except OSError:
            return None
        # The name must still be the file that was checked when it was opened.
        linked = os.stat(part)
        if (linked.st_dev, linked.st_ino) != (received.st_dev, received.st_ino):
            os.remove(part)
            return None
        end = offset + received.st_size
        running.add(
            self.path,
            offset,
            end,
            absorb=self._absorb_in_turn,
            part=open(part, "rb"),  # noqa: SIM115 (the thread closes it)
        )
        return end

    @staticmethod
    def _write_last(stream, f, offset, limit, running):
        """The chunk that completes the upload: the finish waits for its hash and its sync,
        so it is hashed from the request body while the kernel copies it (not after, from
        the upload file), and synced here, as soon as it is copied, while the hash goes on."""
        try:
            # The copy starts at once; only its hash waits for the chunks before it.
            position = copy_from_file(
                stream,
                f,
                offset,
                limit,
                running.digest,
                then=lambda: os.fdatasync(f.fileno()),
                hash_after=running.wait_hashed,
            )
            leave_page_cache(f.fileno(), offset, position)
        except BaseException:
            running.failed = True  # the digest may hold part of this chunk
            raise
        running.end = position
        return position

    @contextlib.contextmanager
    def turn(self):
        """One writer at a time per upload, across processes on this disk."""
        with open(self.meta_path, "rb") as meta:
            fcntl.flock(meta, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(meta, fcntl.LOCK_UN)

    def durable_link(self):
        """The complete file on disk (fsync) under a second name, for a blob to consume.

        No copy: the blob takes the same bytes (the kernel's inode) by a hard link. The
        fsync comes first so an acknowledged upload survives a power cut; ZODB does not
        sync blob files itself.
        """
        with self.turn():
            if not self.finished:
                raise OSError("the upload is not complete")
            fd = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            link = f"{self.path}.{uuid.uuid4().hex}.blob"
            os.link(self.path, link)
        return link

    def sha256(self):
        """The SHA-256 of the finished file, if this process saw all of it arrive in order."""
        with _digests_lock:
            running = _digests.get(self.uid)
        if running is not None and running.end == self.length:
            return running.hexdigest()
        return None

    def remove(self):
        with _digests_lock:
            _digests.pop(self.uid, None)
        try:
            # In turn: a part being copied in (or renamed into place) behind an answer
            # must not bring the upload file back after it was removed.
            with self.turn():
                self._remove_files()
        except FileNotFoundError:  # removed already, or its JSON file is gone
            self._remove_files()

    def _remove_files(self):
        for path in (self.path, self.meta_path, *(part for _start, part in self.parts())):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)


def leave_page_cache(fd, start, end):
    """Let the kernel drop bytes start..end of a file from its page cache; call only after
    they are synced (clean pages go at once, nothing is lost).

    Evidence is written once and read seldom, and an upload is up to 512 MiB: kept cached,
    it would push out the database's and the catalog's pages that every request reads. The
    freed memory also takes the next chunk, where new memory is slower: a virtual machine's
    host backs a page only when it is first touched (measured here: a 64 MiB chunk copied
    in 20 ms, but in 160-200 ms once the uploads had filled 1-5 GiB of never-used memory).
    """
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no fadvise here
        os.posix_fadvise(fd, start, end - start, os.POSIX_FADV_DONTNEED)


FALLOC_FL_KEEP_SIZE = 1  # linux/falloc.h


def _libc_fallocate():
    """libc's fallocate(2), which Python's os has only without its flags; or None."""
    try:
        function = ctypes.CDLL(None, use_errno=True).fallocate
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64)
    function.restype = ctypes.c_int
    return function


_fallocate = _libc_fallocate()


def reserve_blocks(fd, start, length):
    """Have the file system allocate the blocks for bytes start..start+length before they
    are copied there, leaving the file's size (the upload's offset) as it is, so the copy
    only fills them. The copy is what the client waits for: here a 64 MiB chunk took 14 ms
    instead of 20 (the sync behind the answer takes that time back). Where it is not
    supported, or the disk is full, nothing happens (the copy then says what is wrong)."""
    if _fallocate is not None and length > 0:
        _fallocate(fd, FALLOC_FL_KEEP_SIZE, start, length)


def body_length(stream):
    """The bytes left in a request body spooled to a file, or None for any other stream."""
    try:
        return os.fstat(stream.fileno()).st_size - stream.tell()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def copy_by_blocks(stream, f, offset, limit, digest):
    """Read the body in blocks and write them at offset (any readable stream)."""
    f.seek(offset)
    position = offset
    while True:
        block = stream.read(CHUNK)
        if not block:
            return position
        if position + len(block) > limit:
            f.truncate(offset)
            raise TooMuchData
        f.write(block)
        if digest is not None:
            digest.update(block)
        position += len(block)


def copy_from_file(stream, f, offset, limit, digest, then=None, hash_after=None):
    """The body is a file on disk (waitress spools bodies over 1 MiB): let the kernel copy it
    (copy_file_range) and hash it through a memory map, without Python reading it in blocks.
    `then`, if given, runs once the copy is complete, while the hash may still go on (the
    copy is the faster of the two). None when the body is no such file."""
    try:
        source = stream.fileno()
        start = stream.tell()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    length = os.fstat(source).st_size - start
    if length <= 0:
        return None
    if offset + length > limit:
        raise TooMuchData
    reserve_blocks(f.fileno(), offset, length)
    hashing = None
    if digest is not None:
        hashing = _hash_beside(digest, source, start, length, hash_after)
    try:
        copied = copy_range(source, f.fileno(), length, start, offset)
        if copied == length and then is not None:
            then()
    finally:
        if hashing is not None:
            hashing()
    if copied != length:
        raise OSError("the request body ended early")
    return offset + length


def _hash_beside(digest, source, start, length, after=None):
    """Hash the body through a memory map in a thread while the kernel copies it: hashlib
    lets go of the GIL, so both run at once. `after()`, if given, is waited for first (the
    digest takes the chunks in order). Returns the function that waits for it."""
    failed = []

    def run():
        try:
            if after is not None:
                after()
            hash_mapped(digest, source, start, start + length)
        except BaseException as exc:  # noqa: BLE001 (re-raised in the request's thread)
            failed.append(exc)

    thread = threading.Thread(target=run, name="proeve-upload-hash", daemon=True)
    thread.start()

    def wait():
        thread.join()
        if failed:
            raise failed[0]

    return wait


def hash_mapped(digest, fd, start, end):
    """Add bytes start..end of a file to digest through a memory map: hashlib lets go of
    the GIL for it, and hashed pages leave the process as it goes (they stay in the page
    cache), so the server holds one block, not the chunk."""
    with mmap.mmap(fd, end, access=mmap.ACCESS_READ) as mapped:
        view = memoryview(mapped)
        try:
            for begin in range(start, end, HASH_BLOCK):
                stop = min(begin + HASH_BLOCK, end)
                digest.update(view[begin:stop])
                aligned = begin - begin % mmap.PAGESIZE
                mapped.madvise(mmap.MADV_DONTNEED, aligned, stop - aligned)
        finally:
            view.release()


def copy_range(source, target, length, source_offset, target_offset):
    """Copy length bytes between two file descriptors at the given offsets: in the kernel
    (copy_file_range) where it can, else in blocks. Returns the number of bytes copied."""
    copied = 0
    try:
        while copied < length:
            n = os.copy_file_range(
                source, target, length - copied, source_offset + copied, target_offset + copied
            )
            if n == 0:
                return copied
            copied += n
    except OSError:
        # No in-kernel copy here (another file system, an old kernel).
        pass
    while copied < length:
        block = os.pread(source, min(CHUNK, length - copied), source_offset + copied)
        if not block:
            break
        os.pwrite(target, block, target_offset + copied)
        copied += len(block)
    return copied


def unfinished_uploads(pvb_uid, user):
    """This user's uploads into this PvB that can still be continued, oldest first.

    A page reloaded, another browser or a file chosen anew (its browser-side key can differ)
    finds them here, so an upload never silently starts again from byte 0.
    """
    folder = upload_folder()
    found = []
    for name in os.listdir(folder):
        if not (name.startswith(ResumableUpload.prefix) and name.endswith(".json")):
            continue
        upload = ResumableUpload.find(name[len(ResumableUpload.prefix) : -5])
        try:
            metadata = upload and upload.metadata
        except (OSError, ValueError):
            continue  # finished or removed meanwhile
        if not metadata or metadata.get("pvb") != pvb_uid or metadata.get("user") != user:
            continue
        if not upload.finished:
            found.append(upload)
    return sorted(found, key=lambda upload: upload.last_activity())


def describe(upload, url):
    """An unfinished upload as the page and GET @tus-upload show it."""
    metadata = upload.metadata
    return {
        "@id": url,
        "filename": metadata.get("filename"),
        "client_filename": metadata.get("client_filename") or metadata.get("filename"),
        "title": metadata.get("title"),
        "length": upload.length,
        "offset": upload.offset,
        "expires": upload.expires_header(),
    }


def unfinished(pvb):
    """The current user's unfinished uploads into this PvB, described."""
    user = getSecurityManager().getUser().getId()
    return [
        describe(upload, f"{pvb.absolute_url()}/@tus-upload/{upload.uid}")
        for upload in unfinished_uploads(pvb.UID(), user)
    ]


def remove_expired(now=None):
    """Forget uploads nobody continued in time."""
    folder = upload_folder()
    now = now or time.time()
    for name in os.listdir(folder):
        if not name.startswith(ResumableUpload.prefix):
            continue
        if name.endswith(".json"):
            upload = ResumableUpload.find(name[len(ResumableUpload.prefix) : -5])
            if upload is None:
                ResumableUpload(name[len(ResumableUpload.prefix) : -5]).remove()
        elif name.endswith(".blob") or ".part-" in name:
            # A link no blob took (the process stopped in between), or a part of an
            # upload removed meanwhile: only a name goes.
            with contextlib.suppress(FileNotFoundError):
                path = os.path.join(folder, name)
                if now - os.stat(path).st_mtime > EXPIRES_AFTER:
                    os.remove(path)
