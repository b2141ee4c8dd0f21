"""Shared bits of Proeve's own REST services."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from proeve.accounts import AccountError
from proeve.process import ProcessError
from proeve.services.errors import error
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import alsoProvides


def translated(value, request):
    """Message ids anywhere in a result, in the language of the request."""
    if isinstance(value, Message):
        return translate(value, context=request)
    if isinstance(value, dict):
        return {k: translated(v, request) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [translated(v, request) for v in value]
    return value


class ProeveService(Service):
    """JSON body in, ProcessError out as a JSON error with a stable code."""

    def body(self):
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001 - any unreadable body is the client's error
            data = None
        return data if isinstance(data, dict) else None

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = self.body() if self.request.method in ("POST", "PATCH", "PUT") else {}
        if data is None:
            return error(self.request, 400, "invalid_body", "Body must be a JSON object.")
        try:
            return translated(self.handle(data), self.request)
        except ProcessError as exc:
            result = error(self.request, exc.status, exc.code, exc.message)
            result["error"].update(exc.details)
            return result
        except AccountError as exc:
            return error(self.request, 400, exc.code, exc.message, exc.field)

    def handle(self, data):
        raise NotImplementedError
