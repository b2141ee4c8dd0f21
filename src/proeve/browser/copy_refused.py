"""OFS refuses a cut, copy, paste or rename (CopyError, such as "Not Supported"): on Proeve's
records the workflows allow none of these. That is the client's request, so a 400 with a page
that says so, not a 500; an API request gets the project's JSON error."""

from plone.rest.interfaces import IAPIRequest
from Products.CMFPlone.browser.exceptions import ExceptionView
from proeve.process.records import COPY_REFUSED
from zope.i18n import translate
import json


class CopyRefusedView(ExceptionView):
    def __call__(self):
        if IAPIRequest.providedBy(self.request):
            return self.json_error()
        body = super().__call__()
        self.refuse_with(400)
        return body

    def refuse_with(self, status):
        # Locked: plone.transformchain sets the status from the exception class (500) after
        # this view has rendered.
        self.request.response.setStatus(status, lock=True)

    def json_error(self):
        self.refuse_with(400)
        self.request.response.setHeader("Content-Type", "application/json")
        message = translate(COPY_REFUSED, context=self.request)
        return json.dumps(
            {"error": {"type": "BadRequest", "code": "copy_refused", "message": message}}
        )
