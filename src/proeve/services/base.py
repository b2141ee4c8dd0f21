"""Shared bits of Proeve's own REST services."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from proeve.accounts import AccountError
from proeve.process import ProcessError
from proeve.process.steps import run
from proeve.services.errors import error
from proeve.services.errors import INVALID_BODY
from proeve.services.errors import translated
from zope.interface import alsoProvides
import transaction


class ProeveService(Service):
    """JSON body in, the process step run (proeve.process.steps.run), its refusal out as a
    JSON error with a stable code. Any error answer writes nothing."""

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
            transaction.doom()
            return error(self.request, 400, "invalid_body", INVALID_BODY)
        try:
            result = translated(run(self.handle, data), self.request)
        except ProcessError as exc:
            result = error(self.request, exc.status, exc.code, exc.message)
            result["error"].update(translated(exc.details, self.request))
            return result
        except AccountError as exc:
            transaction.doom()
            if exc.retry_after:
                self.request.response.setHeader("Retry-After", str(exc.retry_after))
            return error(self.request, exc.status, exc.code, exc.message, exc.field)
        if self.request.response.getStatus() >= 400:
            transaction.doom()  # an error answer of a handler writes nothing either
        return result

    def handle(self, data):
        raise NotImplementedError
