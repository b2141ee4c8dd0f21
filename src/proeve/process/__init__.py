"""The exam process: approvals, people, vaststelling, assessment and result.

Every rule here is checked by the server; workflow guards call into this package.
"""

from AccessControl import ModuleSecurityInfo
from proeve import _
from zExceptions import BadRequest as HTTPBadRequest
from zExceptions import Forbidden
from zope.globalrequest import getRequest
from zope.i18n import translate


# The workflow definitions' guard expressions (restricted code) may call this one function;
# nothing of the process is reachable by URL.
ModuleSecurityInfo("proeve.process.guards").declarePublic("allows")


class ProcessError(Exception):
    """A refused step: a stable code, a translatable message and an HTTP status."""

    def __init__(self, code, message, status=400, **details):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


def text_of(data, name):
    """A text field of a request body, stripped ("" when absent). Any other JSON type (an
    object, a list, a number) is refused with a 400 instead of failing on it later."""
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ProcessError(
            "invalid_field",
            _("error_field_text", default="${field} moet tekst zijn.", mapping={"field": name}),
            field=name,
        )
    return value.strip()


class Refused(Forbidden):
    """A ProcessError raised where only an exception stops Plone's own step (an event
    subscriber during an add, an edit or a move): Zope answers it as Forbidden, the page
    with its message, the REST API with the error's code, message and status."""

    def __init__(self, error):
        super().__init__(translate(error.message, context=getRequest()))
        self.error = error


class BadRequest(HTTPBadRequest):
    """Refused's sibling for input that cannot be read at all (a request body, a query
    parameter): a 400 on every channel, the REST API with the error's code and message.
    (Named as its base: Zope takes the status of an error page from the class name.)"""

    def __init__(self, error):
        super().__init__(translate(error.message, context=getRequest()))
        self.error = error


def refuse(code, message, status=403):
    """Stop Plone's own step (from an event subscriber) with a refusal of the process."""
    raise Refused(ProcessError(code, message, status=status))
