"""Refuse a request body that is bigger than any evidence may be, before it is parsed.

The evidence limit is a site setting; at the start of a request no site is known yet,
so the last value this process read is kept here (the registry read in
max_evidence_bytes() and changes to the record refresh it). Bodies of JSON requests
are read into memory by plone.restapi, so they have a lower, fixed limit: big files
go through @tus-upload or a form, which are spooled to disk.
"""

from proeve import _
from zExceptions import HTTPRequestEntityTooLarge
from zope.i18n import translate
import io


DEFAULT_LIMIT = 536870912
# Room for the other fields of a form next to its file.
FORM_OVERHEAD = 1 << 20
JSON_BODY_LIMIT = 32 << 20

REFUSAL = "proeve.body_too_big"

_known = {"limit": DEFAULT_LIMIT}


def megabytes(size):
    """537 for 536,870,912 bytes; 0.5 for 500,000: what a person reads as a size."""
    return format(size / 1e6, ".3g")


def remember_limit(value):
    if isinstance(value, int) and value > 0:
        _known["limit"] = value


def known_limit():
    return _known["limit"]


def record_changed(event):
    if getattr(event.record, "__name__", None) == "proeve.evidence_max_bytes":
        remember_limit(event.record.value)


def check_declared_length(event):
    """IPubStart: the declared Content-Length against the limits, before parsing."""
    request = event.request
    environ = request.environ
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if content_type == "application/json":
        limit = JSON_BODY_LIMIT
        message = _(
            "error_json_body_too_big",
            default="Dit verzoek is te groot (hoogstens ${limit} MB). Stuur grote bestanden "
            "met @tus-upload of het uploadformulier.",
            mapping={"limit": limit >> 20},
        )
    else:
        limit = known_limit() + FORM_OVERHEAD
        message = _(
            "error_body_too_big",
            default="Dit bestand is te groot: een bewijsstuk is hoogstens ${limit} MB.",
            mapping={"limit": megabytes(known_limit())},
        )
    if length > limit:
        # An exception here would escape Zope's error handling (the request has not
        # started yet): leave the body unread and refuse once the request is traversed.
        request.stdin = io.BytesIO()
        environ["CONTENT_LENGTH"] = "0"
        environ["CONTENT_TYPE"] = "application/octet-stream"
        request.other[REFUSAL] = translate(message, target_language=_language(request))


class RequestEntityTooLarge(HTTPRequestEntityTooLarge):
    """413; ZPublisher maps the class name to the status."""


def refuse_after_traversal(event):
    """IPubAfterTraversal: the refusal decided at the start, as a 413 error."""
    message = event.request.other.get(REFUSAL)
    if message:
        raise RequestEntityTooLarge(message)


class TooLargeView:
    """The refusal in the client's language: JSON for API clients, a short page for people."""

    def __init__(self, context, request):
        self.context, self.request = context, request

    def __call__(self):
        import html
        import json

        response = self.request.response
        response.setStatus(413)
        message = str(self.context)
        if "text/html" not in (self.request.getHeader("Accept") or ""):
            response.setHeader("Content-Type", "application/json")
            error = {"type": "Error", "code": "body_too_big", "message": message}
            return json.dumps({"error": error})
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        return (
            "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
            "<title>413</title></head><body><main><h1>413</h1>"
            f"<p>{html.escape(message)}</p></main></body></html>"
        )


def _language(request):
    accept = (request.environ.get("HTTP_ACCEPT_LANGUAGE") or "nl").lower()
    return "en" if accept.startswith("en") else "nl"
