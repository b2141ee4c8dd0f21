"""JSON errors with a stable machine-readable code and a translated message."""

from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView
from proeve.process import ProcessError
from zope.component import adapter
from zope.i18n import translate
import json


def error(request, status, code, message, field=None):
    request.response.setStatus(status)
    body = {"type": "BadRequest" if status == 400 else "Error", "code": code}
    body["message"] = translate(message, context=request)
    if field:
        body["field"] = field
    return {"error": body}


@adapter(ProcessError, IAPIRequest)
class ProcessErrorView(BrowserView):
    """A ProcessError raised inside one of plone.restapi's own endpoints (a PvB's POST or
    PATCH) answers in Proeve's error form, as Proeve's endpoints do; the publisher aborts
    the transaction, so nothing of the request is written."""

    def __call__(self):
        exc = self.context
        body = error(self.request, exc.status, exc.code, exc.message)
        body["error"].update(exc.details)
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setStatus(exc.status, lock=1)
        response.setBody(json.dumps(body), lock=1)
