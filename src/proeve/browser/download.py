"""Evidence and a PvB's attachments leave the server as the stored bytes, journaled.

Every way to their bytes goes through `ServedFile`: @@download and @@display-file, and the
edit form's widget download (`@@edit/++widget++form.widgets.file/@@download`), which hands
over to it; @@images, which would serve a file as its own "scale", is refused. A served file
is never rewritten (Plone's transforms would parse an HTML file as a page: add a DOCTYPE,
the downloader's CSRF token and a theme), never run by a browser (an attachment with a
type that cannot run, nosniff, a sandbox) and journaled in its PvB.
"""

from plone.formwidget.namedfile.widget import Download as WidgetDownload
from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download
from plone.namedfile.scaling import ImageScaling
from plone.namedfile.utils import extract_media_type
from plone.namedfile.utils import filestream_range_iterator
from plone.namedfile.utils import get_contenttype
from plone.namedfile.utils import stream_data
from plone.protect.interfaces import IDisableCSRFProtection
from plone.transformchain.interfaces import DISABLE_TRANSFORM_REQUEST_KEY
from Products.Five.browser import BrowserView
from proeve.interfaces import IEvidence
from proeve.journal import record
from proeve.journal.store import find_pvb
from proeve.process.approvals import file_sha256
from proeve.process.assignment_files import frozen_file
from urllib.parse import quote
from zope.component import queryMultiAdapter
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
from zope.publisher.interfaces import NotFound
from ZPublisher.HTTPRangeSupport import expandRanges
from ZPublisher.HTTPRangeSupport import parseRange
from ZPublisher.Iterators import filestream_iterator


# Shown in the browser when opened with @@display-file; everything else is saved.
INLINE_TYPES = frozenset(("image/gif", "image/jpeg", "image/png", "image/webp"))
# Types no browser runs; any other (HTML, SVG, XML, scripts, unknown) is sent as bytes.
INERT_PREFIXES = ("image/", "video/", "audio/")
INERT_TYPES = frozenset(
    (
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
)
ACTIVE_IMAGE_TYPES = frozenset(("image/svg+xml", "image/svg+xml-compressed"))


def evidence_sha256(evidence, blob):
    """The digest kept at upload; computed once for evidence from before it was kept."""
    known = getattr(evidence, "file_sha256", None)
    if known is None and blob is not None:
        known = file_sha256(blob)
    return known


def safe_content_type(file):
    """The stored type if no browser can run it, otherwise plain bytes."""
    media_type = extract_media_type(get_contenttype(file)) or ""
    inert = media_type in INERT_TYPES or (
        media_type.startswith(INERT_PREFIXES) and media_type not in ACTIVE_IMAGE_TYPES
    )
    return get_contenttype(file) if inert else "application/octet-stream"


class RangeNotSatisfiable(Exception):
    pass


def requested_span(request, size):
    """(start, end) of the one range asked for, None for the whole file.

    Several ranges or an If-Range get the whole file (as plone.namedfile does); a range
    that starts at or past the end cannot be answered with bytes of this file.
    """
    header = request.getHeader("Range", None)
    if header is None or request.getHeader("If-Range", None) is not None:
        return None
    ranges = parseRange(header)
    if not ranges:
        return None
    spans = expandRanges(ranges, size)
    if not spans:
        raise RangeNotSatisfiable
    if len(spans) != 1:
        return None
    start, end = spans[0]
    # A suffix longer than the file is the whole file (expandRanges gives a start below 0).
    return max(start, 0), end


def untouched(request):
    """The response is the file's bytes: no transform (theme, CSRF tokens) may rewrite it."""
    request.environ[DISABLE_TRANSFORM_REQUEST_KEY] = True
    response = request.response
    response.setHeader("X-Content-Type-Options", "nosniff")
    response.setHeader("Content-Security-Policy", "sandbox")


class ServedFile:
    """The stored bytes of a file field, journaled in the PvB that holds the object."""

    inline = False

    def __call__(self):
        file = self._getFile()
        untouched(self.request)
        response = self.request.response
        size = file.getSize()
        try:
            span = requested_span(self.request, size)
        except RangeNotSatisfiable:
            response.setStatus(416)
            response.setHeader("Content-Range", f"bytes */{size}")
            response.setHeader("Content-Length", "0")
            response.setHeader("Content-Type", "application/octet-stream")
            return b""
        self.journal(file)
        self.set_safe_headers(file, size)
        if span is None:
            return as_file(stream_data(file))
        start, end = span
        response.setStatus(206)
        response.setHeader("Content-Length", str(end - start))
        response.setHeader("Content-Range", f"bytes {start}-{end - 1}/{size}")
        return stream_data(file, start=start, end=end)

    def set_safe_headers(self, file, size):
        response = self.request.response
        content_type = safe_content_type(file)
        response.setHeader("Content-Type", content_type)
        response.setHeader("Content-Length", str(size))
        response.setHeader("Accept-Ranges", "bytes")
        filename = self.filename or getattr(file, "filename", None) or "bestand"
        shown = self.inline and extract_media_type(content_type) in INLINE_TYPES
        disposition = "inline" if shown else "attachment"
        response.setHeader(
            "Content-Disposition", f"{disposition}; filename*=UTF-8''{quote(filename)}"
        )

    def journal(self, file):
        if find_pvb(self.context) is None:
            return  # an attachment of an assignment in the exam bank: no one's record
        # The only write of this GET is the journal entry itself.
        alsoProvides(self.request, IDisableCSRFProtection)
        if IEvidence.providedBy(self.context):
            action, sha256 = "evidence_downloaded", evidence_sha256(self.context, file)
        else:
            action, sha256 = "attachment_downloaded", file_sha256(file)
        record(
            self.context,
            action,
            {
                "filename": getattr(file, "filename", None),
                "sha256": sha256,
                "view": self.__name__,
                "range": self.request.getHeader("Range"),
            },
        )


def as_file(body):
    """A whole committed blob as a real file (Zope's filestream_iterator), which waitress
    sends straight from the file. plone.namedfile's range iterator is no file object: waitress
    pulls it 32 KiB at a time through its output buffer, which spills into a temporary file
    past 1 MiB, so every byte of a download was written to disk once more. Ranges keep it."""
    opened = getattr(body, "_io", None)
    if not isinstance(body, filestream_range_iterator) or opened is None:
        return body
    if body.start or body.end is not None:
        return body
    name = opened.name
    body.close()
    return filestream_iterator(name, "rb")


class EvidenceDownload(ServedFile, Download):
    """@@download of evidence or an attachment."""


class EvidenceDisplay(ServedFile, DisplayFile):
    """@@display-file of evidence or an attachment (a photo opens in the browser)."""

    inline = True


class FieldWidgetDownload(WidgetDownload):
    """The edit form's link to the stored file: the object's own @@download, if it has one."""

    def __call__(self):
        widget = self.context
        if widget.ignoreContext or widget.form is None:
            return super().__call__()
        content = widget.form.getContent()
        served = queryMultiAdapter((content, self.request), name="download")
        if not isinstance(served, ServedFile):
            return super().__call__()
        served.__name__ = "download"
        served.fieldname = widget.field.__name__
        served.filename = self.filename
        return served()


class NoImageScales(ImageScaling):
    """Evidence and attachments are files, not images: @@images would serve any file as
    its own original "scale", past the journal; they are opened with @@display-file."""

    def publishTraverse(self, request, name):
        raise NotFound(self, name, request)

    def __call__(self):
        raise NotFound(self, "", self.request)


@implementer(IPublishTraverse)
class AssignmentFileDownload(ServedFile, BrowserView):
    """@@assignment-file/<id> of a PvB: its copy of a file of its frozen assignment, while it
    is the file the frozen copy lists (process.assignment_files), journaled like an
    attachment."""

    __name__ = "assignment-file"
    file_id = None
    filename = None

    def publishTraverse(self, request, name):
        if self.file_id is not None:
            raise NotFound(self, name, request)
        self.file_id = name
        return self

    def _getFile(self):
        blob = frozen_file(self.context, self.file_id) if self.file_id else None
        if blob is None:
            raise NotFound(self, self.file_id or "", self.request)
        return blob
