"""The ceiling of an upload: a bare WSGI app on the same waitress settings as the instance.

    .venv/bin/python -m benchmarks.bare_upload <zope.ini> <file to serve>

It speaks just enough TUS for tuspy (POST makes an upload, HEAD tells its offset, PATCH
reads a chunk to the end and throws it away), reads any other POST body to the end, and
answers GET with the given file (through wsgi.file_wrapper, as Zope does for a blob). So
what it costs is what waitress and the client cost, and nothing of Zope or the storage.

Under /hashed/files it also does the one piece of work that every store of evidence must
add to the transport, because the journal records it: SHA-256 of every byte. Each chunk is
kept in memory and hashed by a thread of its own, in order, while the next one is received
(as Proeve hashes beside receiving); the last chunk is answered when the hash is done.
Nothing is stored, so this is the floor of a hashing server, not of a durable one.
"""

import hashlib
import itertools
import os
import sys
import threading


BLOCK = 1 << 20
_offsets = {}
_lengths = {}
_hashes = {}  # upload id: (hash, the thread of the chunk hashed last)
_ids = itertools.count()


def drain(environ, kept=None):
    """Read the request body to its end; the number of bytes. Behind nginx
    (benchmarks/bare_nginx.py) the body is a file nginx wrote: remove it. kept: a list
    that gets the blocks read."""
    written = environ.get("HTTP_X_BODY_FILE")
    if written:
        os.remove(written)
        return int(environ.get("HTTP_X_BODY_LENGTH") or 0)
    body = environ["wsgi.input"]
    size = 0
    while block := body.read(BLOCK):
        size += len(block)
        if kept is not None:
            kept.append(block)
    return size


def hash_beside(uid, blocks):
    """Hash blocks in a thread of their own after the chunk before them; that thread."""
    digest, before = _hashes[uid]

    def run():
        if before is not None:
            before.join()
        for block in blocks:
            digest.update(block)  # hashlib lets go of the GIL for blocks this size

    thread = threading.Thread(target=run)
    thread.start()
    _hashes[uid] = (digest, thread)
    return thread


def app(environ, start_response, served=None):
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "/")
    tus = [("Tus-Resumable", "1.0.0")]
    if method == "GET":
        size = str(os.path.getsize(served))
        start_response(
            "200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", size)]
        )
        return environ["wsgi.file_wrapper"](open(served, "rb"), BLOCK)  # noqa: SIM115
    hashed = path.startswith("/hashed/")
    if method == "POST" and path in ("/files", "/hashed/files"):
        drain(environ)
        uid = str(next(_ids))
        _offsets[uid] = 0
        _lengths[uid] = int(environ.get("HTTP_UPLOAD_LENGTH") or 0)
        if hashed:
            _hashes[uid] = (hashlib.sha256(), None)
        start_response(
            "201 Created", [*tus, ("Location", f"{path}/{uid}"), ("Content-Length", "0")]
        )
        return [b""]
    uid = path.rsplit("/", 1)[-1]
    if method == "HEAD":
        offset = str(_offsets.get(uid, 0))
        start_response("200 OK", [*tus, ("Upload-Offset", offset), ("Content-Length", "0")])
        return [b""]
    blocks = [] if hashed and method == "PATCH" else None
    size = drain(environ, blocks)
    if method == "PATCH":
        _offsets[uid] = _offsets.get(uid, 0) + size
        if hashed:
            hashing = hash_beside(uid, blocks)
            if _offsets[uid] >= _lengths[uid]:
                hashing.join()  # the last chunk: the hash is what gets recorded
                del _hashes[uid]
        offset = str(_offsets[uid])
        start_response("204 No Content", [*tus, ("Upload-Offset", offset)])
        return [b""]
    start_response("204 No Content", [])
    return [b""]


def main():
    from paste.deploy import loadserver

    served = sys.argv[2]
    server = loadserver(f"config:{sys.argv[1]}", name="main")
    server(lambda environ, start_response: app(environ, start_response, served))


if __name__ == "__main__":
    main()
