"""Resumable evidence uploads over TUS 1.0.0 (creation, expiration).

POST declares the upload (its length is checked against the site's limit before a
byte is sent), PATCH sends chunks at an offset, HEAD tells where to resume. The last
chunk turns the upload into an Evidence item in the same transaction; the bytes on
disk are only removed after that transaction has committed, so a retried request
(after a write conflict) finds them again and a failed one loses nothing.
"""

from AccessControl import getSecurityManager
from base64 import b64decode
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from proeve import _
from proeve.content.parts import max_evidence_bytes
from proeve.content.utils import review_state
from proeve.evidence.filenames import safe_filename
from proeve.evidence.front_body import front_body
from proeve.evidence.front_body import FrontBodyRefused
from proeve.evidence.limits import megabytes
from proeve.evidence.resumable import ResumableUpload
from proeve.evidence.resumable import TooMuchData
from proeve.evidence.resumable import unfinished
from proeve.evidence.resumable import UploadComplete
from proeve.services.errors import error
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import binascii
import contextlib
import json
import logging
import mimetypes
import os
import transaction


TUS_VERSION = "1.0.0"
TUS_HEADERS = {
    "Tus-Resumable": TUS_VERSION,
    "Tus-Version": TUS_VERSION,
    "Tus-Extension": "creation,expiration",
}
ADD_EVIDENCE = "proeve: Add Evidence"
MAX_CRITERIA = 100

logger = logging.getLogger(__name__)


class TusService(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Tus-Resumable", TUS_VERSION)
        self.request.response.setHeader("Cache-Control", "no-store")
        if self.request.getHeader("Tus-Resumable") != TUS_VERSION:
            self.request.response.setHeader("Tus-Version", TUS_VERSION)
            return error(
                self.request,
                412,
                "tus_version",
                _("error_tus_version", default="Alleen TUS 1.0.0 wordt ondersteund."),
            )
        return self.handle()

    def refusal(self):
        """Why the current user may not add evidence to this PvB now, or None."""
        if review_state(self.context) != "execution":
            return error(
                self.request,
                409,
                "evidence_closed",
                _(
                    "error_evidence_closed",
                    default="Bewijsstukken worden alleen tijdens de uitvoering toegevoegd.",
                ),
            )
        if not getSecurityManager().checkPermission(ADD_EVIDENCE, self.context):
            return error(
                self.request,
                403,
                "forbidden",
                _(
                    "error_evidence_forbidden",
                    default="U voegt geen bewijsstukken toe aan deze PvB.",
                ),
            )
        return None

    def too_big(self, size):
        limit = max_evidence_bytes()
        return error(
            self.request,
            413,
            "evidence_too_big",
            _(
                "error_evidence_too_big",
                default="Een bewijsstuk is hoogstens ${limit} MB; dit bestand is ${size} MB.",
                mapping={"limit": megabytes(limit), "size": megabytes(size)},
            ),
        )


class EvidenceUploadOptions(Service):
    def reply(self):
        for name, value in TUS_HEADERS.items():
            self.request.response.setHeader(name, value)
        self.request.response.setHeader("Tus-Max-Size", str(max_evidence_bytes()))
        return self.reply_no_content()


def parse_metadata(header):
    """TUS Upload-Metadata: comma-separated "key base64(value)" pairs."""
    metadata = {}
    for item in (header or "").split(","):
        parts = item.strip().split(" ")
        if not parts[0]:
            continue
        try:
            value = b64decode(parts[1], validate=True).decode("utf-8") if len(parts) > 1 else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ValueError(parts[0]) from exc
        metadata[parts[0].lower()] = value
    return metadata


def parse_criteria(value):
    if not value:
        return []
    try:
        criteria = json.loads(value)
    except ValueError:
        criteria = value.split(",")
    if not isinstance(criteria, list):
        raise ValueError("criteria")
    criteria = [str(c).strip()[:40] for c in criteria if str(c).strip()]
    if len(criteria) > MAX_CRITERIA:
        raise ValueError("criteria")
    return criteria


class EvidenceUploadCreate(TusService):
    def handle(self):
        refused = self.refusal()
        if refused:
            return refused
        try:
            length = int(self.request.getHeader("Upload-Length", ""))
        except ValueError:
            length = -1
        if length <= 0:
            return error(
                self.request,
                400,
                "invalid_length",
                _(
                    "error_upload_length",
                    default="Geef de grootte van het bestand op (Upload-Length, meer dan 0 bytes).",
                ),
            )
        if length > max_evidence_bytes():
            return self.too_big(length)
        try:
            declared = parse_metadata(self.request.getHeader("Upload-Metadata"))
            criteria = parse_criteria(declared.get("criteria"))
        except ValueError:
            return error(
                self.request,
                400,
                "invalid_metadata",
                _("error_upload_metadata", default="De gegevens bij de upload zijn onleesbaar."),
            )
        filename = safe_filename(declared.get("filename"))
        content_type = declared.get("content-type") or declared.get("filetype") or ""
        if "/" not in content_type or len(content_type) > 100:
            content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        upload = ResumableUpload.create(
            {
                "length": length,
                "filename": filename,
                "content_type": content_type,
                # As the client named it, to recognise the same file chosen again.
                "client_filename": (declared.get("filename") or "")[:255],
                "title": (declared.get("title") or filename)[:200],
                "description": declared.get("description", "")[:2000],
                "criteria": criteria,
                "user": getSecurityManager().getUser().getId(),
                "pvb": self.context.UID(),
            }
        )
        response = self.request.response
        response.setStatus(201)
        response.setHeader("Location", f"{self.context.absolute_url()}/@tus-upload/{upload.uid}")
        response.setHeader("Upload-Expires", upload.expires_header())
        return self.reply_no_content(status=201)


class EvidenceUploadList(TusService):
    """GET: the user's unfinished uploads into this PvB (not part of TUS 1.0.0): a client that
    lost an upload's address (a new browser, a reloaded page) continues it instead of
    starting again."""

    def handle(self):
        refused = self.refusal()
        if refused:
            return refused
        return {"items": unfinished(self.context)}


@implementer(IPublishTraverse)
class UploadService(TusService):
    uid = None

    def publishTraverse(self, request, name):
        if self.uid is not None:
            from zExceptions import NotFound

            raise NotFound(name)
        self.uid = name
        return self

    def upload(self):
        """This user's unfinished upload into this PvB, or None."""
        upload = ResumableUpload.find(self.uid)
        if upload is None:
            return None
        metadata = upload.metadata
        if metadata.get("pvb") != self.context.UID():
            return None
        if metadata.get("user") != getSecurityManager().getUser().getId():
            return None
        return upload

    def evidence_of(self, upload):
        """The evidence this upload became (committed), or None."""
        for obj in self.context.objectValues():
            if obj.portal_type == "Evidence" and getattr(obj, "upload_id", None) == upload.uid:
                return obj
        return None

    def acknowledged(self, upload):
        """The offset to tell the client. All bytes on disk but no evidence (the server
        stopped between the last write and its commit): the last byte counts as not yet
        received, so a client resumes and its last chunk makes the evidence after all."""
        offset = upload.offset
        if offset == upload.length and self.evidence_of(upload) is None:
            return offset - 1
        return offset

    def not_found(self):
        return error(
            self.request,
            404,
            "upload_not_found",
            _(
                "error_upload_not_found",
                default="Deze upload bestaat niet (meer): begin opnieuw.",
            ),
        )


class EvidenceUploadStatus(UploadService):
    def handle(self):
        upload = self.upload()
        if upload is None:
            return self.not_found()
        response = self.request.response
        response.setHeader("Upload-Length", str(upload.length))
        response.setHeader("Upload-Offset", str(self.acknowledged(upload)))
        response.setHeader("Upload-Expires", upload.expires_header())
        return self.reply_no_content(status=200)


class EvidenceUploadChunk(UploadService):
    body = None  # the proxy's file with this chunk, when it received it (front_body)

    def handle(self):
        try:
            self.body = front_body(self.request)
        except FrontBodyRefused as refused:
            logger.warning("TUS chunk refused: %s", refused)
            return error(
                self.request,
                400,
                "invalid_body",
                _(
                    "error_upload_body",
                    default="Dit deel van de upload is niet goed ontvangen; stuur het opnieuw.",
                ),
            )
        try:
            return self.receive()
        finally:
            if self.body is not None:
                self.body.close()

    def receive(self):
        upload = self.upload()
        if upload is None:
            return self.not_found()
        refused = self.refusal()
        if refused:
            return refused
        if self.request.getHeader("Content-Type") != "application/offset+octet-stream":
            return error(
                self.request,
                415,
                "invalid_content_type",
                _(
                    "error_upload_content_type",
                    default="Stuur de bytes als application/offset+octet-stream.",
                ),
            )
        try:
            offset = int(self.request.getHeader("Upload-Offset", ""))
        except ValueError:
            offset = -1
        # A retried request (after a write conflict) sends its chunk again.
        retried = getattr(self.request, "retry_count", 0) > 0
        # Only a complete upload can have become evidence (its files go once committed).
        finished = upload.offset == upload.length and self.evidence_of(upload) is not None
        if not retried and finished:
            # Finished by an earlier request, which made the evidence.
            upload.remove()
            return error(
                self.request,
                409,
                "upload_finished",
                _("error_upload_finished", default="Deze upload is al compleet."),
            )
        current = self.acknowledged(upload)
        if offset != current and not (retried and 0 <= offset < upload.offset):
            return self.offset_mismatch(current)
        declared = self.declared()
        if offset + declared > upload.length:
            upload.remove()
            return self.too_big(offset + declared)
        # A retry after a conflict at commit finds its chunk written, and a client resuming
        # after a crash before the commit sends the last bytes again: both only need to make
        # the evidence (a complete file is never written again).
        already_there = (
            declared
            and offset + declared == upload.offset
            and (retried or upload.offset == upload.length)
        )
        if not already_there:
            try:
                upload.write(self.body_stream(), offset)
            except TooMuchData:
                upload.remove()
                return self.too_big(upload.length + 1)
            except UploadComplete:
                # Another request with this chunk was first.
                return self.offset_mismatch(self.acknowledged(upload))
        response = self.request.response
        response.setHeader("Upload-Offset", str(upload.offset))
        if upload.finished:
            evidence = self.finish(upload)
            response.setHeader("Location", evidence.absolute_url())
        else:
            response.setHeader("Upload-Expires", upload.expires_header())
        return self.reply_no_content()

    def offset_mismatch(self, current):
        self.request.response.setHeader("Upload-Offset", str(current))
        return error(
            self.request,
            409,
            "offset_mismatch",
            _(
                "error_upload_offset",
                default="Deze upload staat op ${offset} bytes; ga daar verder.",
                mapping={"offset": current},
            ),
        )

    def declared(self):
        """The chunk's length: the proxy's file's, else the request's Content-Length."""
        if self.body is not None:
            return os.fstat(self.body.fileno()).st_size
        return int(self.request.getHeader("Content-Length") or 0)

    def body_stream(self):
        body = self.body if self.body is not None else self.request.get("BODYFILE")
        body.seek(0)
        return body

    def finish(self, upload):
        metadata = upload.metadata
        blob = NamedBlobFile(
            data=b"", filename=metadata["filename"], contentType=metadata["content_type"]
        )
        # The blob takes the finished file itself (a hard link, renamed into the blob
        # storage): no copy. Safe because a complete upload file is never written again.
        link = upload.durable_link()
        try:
            blob._blob.consumeFile(link)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(link)  # gone already unless consumeFile failed
        # Hashed while the chunks arrived: the journal entry needs no second read.
        blob._v_proeve_sha256 = upload.sha256()
        blob._v_proeve_on_disk = True  # durable_link synced these bytes
        evidence = createContentInContainer(
            self.context,
            "Evidence",
            checkConstraints=True,
            title=metadata["title"],
            description=metadata["description"],
            criteria=metadata["criteria"],
            file=blob,
        )
        # Which upload this was: a client that resumes after a crash learns it is done.
        evidence.upload_id = upload.uid
        transaction.get().addAfterCommitHook(_remove_after_commit, args=(upload,))
        return evidence


def _remove_after_commit(committed, upload):
    if committed:
        upload.remove()
