"""One error form for the REST API: {"error": {"type", "code", "message", "field"?}}.

`code` is stable and machine-readable, `message` is in the language of the request. Proeve's
own services answer with `error()`; what Zope or plone.restapi refuses on a Proeve site (no
permission, an unknown address, a field that does not validate, a subscriber's refusal) is
brought into the same form by the exception view `ErrorForm` and by `in_error_form()` for
the answers plone.restapi's services return instead of raising.
"""

from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from plone.restapi.exceptions import DeserializationError
from Products.CMFEditions.interfaces.IArchivist import ArchivistError
from proeve import _
from proeve.interfaces import IProeveAPIRequest
from proeve.interfaces import IProeveLayer
from proeve.process import BadRequest as UnreadableInput
from proeve.process import ProcessError
from proeve.process import Refused
from zExceptions import BadRequest
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import alsoProvides
from zope.interface import Invalid
import logging


TYPES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "RequestEntityTooLarge",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
}

# What a refusal says when nothing more precise is known: by HTTP status.
GENERIC = {
    400: (
        "bad_request",
        _("error_bad_request", default="Dit verzoek is onjuist; er is niets gewijzigd."),
    ),
    401: (
        "unauthorized",
        _(
            "error_unauthorized",
            default="U hebt hier geen toegang toe. Log in met een account dat dit mag.",
        ),
    ),
    403: ("forbidden", _("error_forbidden", default="U mag dit niet doen.")),
    404: (
        "not_found",
        _("error_not_found", default="Dit adres bestaat niet, of u mag het niet zien."),
    ),
    405: (
        "method_not_allowed",
        _("error_method_not_allowed", default="Deze methode is op dit adres niet mogelijk."),
    ),
    409: ("conflict", _("error_conflict", default="Dit kan nu niet; er is niets gewijzigd.")),
}
REFUSED = (
    "request_refused",
    _("error_request_refused", default="Dit verzoek is geweigerd; er is niets gewijzigd."),
)
INVALID_FIELD = "invalid_field"
INVALID_BODY = _("error_invalid_body", default="Stuur een JSON-object als inhoud.")
BODY_NOT_UNDERSTOOD = _(
    "error_body_not_understood",
    default="Dit adres kan de inhoud van het verzoek niet lezen (een veld van de verkeerde "
    "soort?); er is niets gewijzigd.",
)
WRITES = {"POST", "PATCH", "PUT", "DELETE"}
# What plone.restapi's own services raise when a body's value has another shape than they
# expect (a number where a list is read, a text where an object is): they read bodies
# without checking them. Proeve's services check theirs; for them these stay a 500.
# (And a bare Exception: @groups without a group id, @addons with an unknown action; a
# NotImplementedError for an unknown @registry key, the archivist's error for an unknown
# @history version, zope.schema's Invalid for a value the field refuses.)
SHAPE_ERRORS = (
    TypeError,
    AttributeError,
    LookupError,
    ValueError,
    NotImplementedError,
    Invalid,
    ArchivistError,
)
logger = logging.getLogger("proeve.errors")


def plone_restapi_write(request):
    """A write to one of plone.restapi's own services (or Proeve's subclass of one; Proeve's
    own services derive from plone.restapi.services.Service only)."""
    modules = [c.__module__ for c in type(request.get("PUBLISHED")).__mro__]
    return (
        request.get("REQUEST_METHOD") in WRITES
        and any(m.startswith("plone.restapi.services.") for m in modules)
        # @login, @logout, @login-renew: Proeve checks their bodies; a fault stays a 500.
        and not any(m.startswith("plone.restapi.services.auth.") for m in modules)
    )


def misread_body(exception, request):
    """An exception of plone.restapi's own write service that comes from the body's shape."""
    shape = isinstance(exception, SHAPE_ERRORS) or type(exception) is Exception
    return shape and plone_restapi_write(request)


def mark_api_request(event):
    """IPubAfterTraversal: a REST request on a Proeve site gets the project's error form
    for any exception (ErrorForm leaves what is not a client's error to plone.rest)."""
    request = event.request
    if IAPIRequest.providedBy(request) and IProeveLayer.providedBy(request):
        alsoProvides(request, IProeveAPIRequest)


def translated(value, request):
    """Message ids anywhere in a result, in the language of the request."""
    if isinstance(value, Message):
        return translate(value, context=request)
    if isinstance(value, dict):
        return {k: translated(v, request) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [translated(v, request) for v in value]
    return value


def error(request, status, code, message, field=None, **details):
    """Set the status and return the error body (message translated for the request)."""
    request.response.setStatus(status)
    body = {"type": TYPES.get(status, "Error"), "code": code}
    body["message"] = translate(message, context=request)
    if field:
        body["field"] = field
    body.update(details)
    return {"error": body}


def process_error(request, exc):
    """A ProcessError as an answer."""
    return error(request, exc.status, exc.code, exc.message, **translated(exc.details, request))


def generic_error(request, status, detail=None):
    """The answer for a refusal that only has its HTTP status (and maybe a technical text,
    kept as `detail`)."""
    code, message = GENERIC.get(status, REFUSED)
    details = {"detail": detail} if detail else {}
    return error(request, status, code, message, **details)


def field_errors(request, errors):
    """plone.restapi's list of field validation errors ({"field", "message"}, messages
    translated already) as one answer: the first as message and field, all under "errors"."""
    listed = [
        {"field": e.get("field"), "message": translate(e.get("message", ""), context=request)}
        for e in errors
    ]
    first = listed[0]
    return error(request, 400, INVALID_FIELD, first["message"], field=first["field"], errors=listed)


def in_error_form(request, result, codes=None):
    """An error answer of plone.restapi ({"error": {"type", "message"}}) in Proeve's form.

    Its text is English and technical: it stays as `detail`, the message is ours. `codes`
    gives a (code, message) for a status where a more precise one is known."""
    status = request.response.getStatus()
    body = result.get("error") if isinstance(result, dict) else None
    if not isinstance(body, dict):
        body = {}
    if "code" in body:
        return result
    detail = body.get("message")
    if codes and status in codes:
        code, message = codes[status]
        return error(request, status, code, message, detail=detail)
    return generic_error(request, status, detail)


class ErrorForm(ErrorHandling):
    """plone.rest's exception view, with every 4xx on a Proeve site in Proeve's form.

    Registered for HTTPException (what Zope raises for a 4xx: Unauthorized, Forbidden,
    NotFound, BadRequest, ...), plone.restapi's DeserializationError (a body that is no
    JSON) and a ProcessError raised inside plone.restapi's own endpoints, so it is found
    before plone.rest's view for any Exception. Other exceptions (5xx), redirects and sites
    without Proeve keep plone.rest's answer. The publisher aborts the transaction."""

    def __call__(self):
        if self.ours():
            # The process says which status (a refusal is not always a 403); an unreadable
            # body is the client's error, not the server's.
            self.request.response.setStatus(self.status(), lock=1)
        return super().__call__()

    def refusal(self):
        """The process's refusal, when it is one (raised as such, or through Refused or
        proeve.process.BadRequest)."""
        exception = self.context
        if isinstance(exception, Refused | UnreadableInput):
            return exception.error
        return exception if isinstance(exception, ProcessError) else None

    def status(self):
        if self.refusal() is not None:
            return self.refusal().status
        if isinstance(self.context, DeserializationError):
            return 400
        if misread_body(self.context, self.request):
            return 400
        if isinstance(self.context, ArchivistError):
            return 404  # a version that does not exist (GET @history/<n>)
        return getattr(self.context, "status", 500)

    def ours(self):
        return IProeveLayer.providedBy(self.request) and 400 <= self.status() < 500

    def render_exception(self, exception):
        result = super().render_exception(exception)
        if result is None or not self.ours():
            return result  # a redirect, or not Proeve's to answer
        request = self.request
        if self.refusal() is not None:
            return process_error(request, self.refusal())
        if isinstance(exception, DeserializationError):
            return error(request, 400, "invalid_body", INVALID_BODY, detail=str(exception))
        if isinstance(exception, ArchivistError) and not misread_body(exception, request):
            return generic_error(request, 404, str(exception))
        if misread_body(exception, request):
            # Logged: a body of the wrong shape, or a fault of the service itself.
            logger.warning("%s %s: %r", request.get("REQUEST_METHOD"), request.URL, exception)
            return error(request, 400, "invalid_body", BODY_NOT_UNDERSTOOD, detail=str(exception))
        if isinstance(exception, BadRequest) and self.validation_errors(exception):
            return field_errors(request, exception.args[0])
        detail = str(exception) if isinstance(exception, BadRequest) else None
        return generic_error(request, self.status(), detail)

    @staticmethod
    def validation_errors(exception):
        """plone.restapi raises a field validation error as BadRequest([{"message", ...}])."""
        errors = exception.args[0] if exception.args else None
        return (
            isinstance(errors, list)
            and errors
            and all(isinstance(e, dict) and "message" in e for e in errors)
        )
