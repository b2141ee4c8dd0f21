"""The ceiling of an upload: a bare WSGI app on the same waitress settings as the instance.

    .venv/bin/python -m benchmarks.bare_upload <zope.ini> <file to serve>

It speaks just enough TUS for tuspy (POST makes an upload, HEAD tells its offset, PATCH
reads a chunk to the end and throws it away), reads any other POST body to the end, and
answers GET with the given file (through wsgi.file_wrapper, as Zope does for a blob). So
what it costs is what waitress and the client cost, and nothing of Zope or the storage.
"""

import itertools
import os
import sys


BLOCK = 1 << 20
_offsets = {}
_ids = itertools.count()


def drain(environ):
    """Read the request body to its end; the number of bytes. Behind nginx
    (benchmarks/bare_nginx.py) the body is a file nginx wrote: remove it."""
    written = environ.get("HTTP_X_BODY_FILE")
    if written:
        os.remove(written)
        return int(environ.get("HTTP_X_BODY_LENGTH") or 0)
    body = environ["wsgi.input"]
    size = 0
    while block := body.read(BLOCK):
        size += len(block)
    return size


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
    if method == "POST" and path == "/files":
        drain(environ)
        uid = str(next(_ids))
        _offsets[uid] = 0
        start_response(
            "201 Created", [*tus, ("Location", f"/files/{uid}"), ("Content-Length", "0")]
        )
        return [b""]
    uid = path.rsplit("/", 1)[-1]
    if method == "HEAD":
        offset = str(_offsets.get(uid, 0))
        start_response("200 OK", [*tus, ("Upload-Offset", offset), ("Content-Length", "0")])
        return [b""]
    size = drain(environ)
    if method == "PATCH":
        _offsets[uid] = _offsets.get(uid, 0) + size
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
