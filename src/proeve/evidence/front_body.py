"""Chunk bodies that the reverse proxy has already received into a file of its own.

In production nginx stands in front of Zope (docs/operations.md, "Production"). For the
chunks of a resumable upload it can read the body from the client itself, in C, into a
file in its `client_body_temp_path`, and pass Zope only that file's name
(instance/templates/nginx.conf.in): waitress then no longer receives 64 MiB per chunk in
Python. Zope takes such a file only when everything about it holds:

- the operator turned it on: `PROEVE_FRONT_BODY_DIR` (the proxy's folder) and
  `PROEVE_FRONT_BODY_KEY` (a secret that only the proxy's configuration and Zope's have)
  are both set;
- the request carries that key: a client that reaches Zope some other way cannot make it
  read a file of its choosing;
- the file lies in that folder (its real path, no link out of it), is a regular file
  opened without following a link, and has exactly the length the proxy received (when
  the client declared one: a chunked body has none).

Anything else is refused before a byte is written (`FrontBodyRefused`).
"""

import hmac
import io
import os
import stat


FILE_HEADER = "X-Proeve-Body-File"
LENGTH_HEADER = "X-Proeve-Body-Length"
KEY_HEADER = "X-Proeve-Body-Key"
_KEY_ENVIRON = "HTTP_X_PROEVE_BODY_KEY"


class FrontBodyRefused(Exception):
    """The request names a body file that may not be taken."""


def _take_key(request):
    """The proxy's key, moved out of the request's headers (an error log shows them, as
    Zope keeps the Authorization header out of them) onto the request itself."""
    key = request.environ.pop(_KEY_ENVIRON, None)
    if key is not None:
        request._proeve_body_key = key
    return getattr(request, "_proeve_body_key", "")


def keep_key_out_of_the_request(event):
    """At the start of publishing, so no error log of this request can show the key. A
    retry after a conflict starts again from the original environment and comes here
    again."""
    _take_key(event.request)


def front_body(request):
    """The proxy's file with this request's body, open for reading at its start; None when
    the request names no such file. Raises FrontBodyRefused when it names one that fails
    a check above."""
    name = request.getHeader(FILE_HEADER)
    key = _take_key(request)
    if not name:
        return None
    folder = os.environ.get("PROEVE_FRONT_BODY_DIR") or ""
    secret = os.environ.get("PROEVE_FRONT_BODY_KEY") or ""
    if not folder or not secret:
        raise FrontBodyRefused("this server takes no body files from a proxy")
    if not hmac.compare_digest(key.encode(), secret.encode()):
        raise FrontBodyRefused("the proxy's key does not match")
    # Empty for a chunked body (nginx only passes the request on once it has all of it).
    declared = request.getHeader(LENGTH_HEADER) or ""
    try:
        length = int(declared) if declared else None
    except ValueError:
        raise FrontBodyRefused("the proxy sent a body length that is no number") from None
    folder = os.path.realpath(folder)
    path = os.path.realpath(name)
    if os.path.commonpath([folder, path]) != folder or path == folder:
        raise FrontBodyRefused("the body file is not in the proxy's folder")
    try:
        # O_NONBLOCK: a FIFO put there must not hang the request (no effect on a file).
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        raise FrontBodyRefused("the body file cannot be opened") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise FrontBodyRefused("the body file is not a regular file")
        if length is not None and status.st_size != length:
            raise FrontBodyRefused("the body file does not have the length the proxy received")
        return ReceivedBody(fd, path)
    except BaseException:
        os.close(fd)
        raise


class ReceivedBody(io.FileIO):
    """The proxy's file, open for reading; `received_path` is its name in the proxy's
    folder, so the upload can take it by a hard link instead of a copy
    (proeve.evidence.resumable, `ResumableUpload.write`)."""

    def __init__(self, fd, path):
        super().__init__(fd, "rb")
        self.received_path = path
