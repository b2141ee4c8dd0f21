"""A refusal of the process on a Classic page: its own status and its message, not a 500.

A subscriber stops Plone's own step with proeve.process.Refused (a candidate adding an
attachment where the school does not allow it), and unreadable input is a
proeve.process.BadRequest (a batch start that is no count). Zope takes an error page's status
from the exception's class name, which it does not know for Refused; Plone's page would say
"er is iets fout gegaan" either way. This page says what the process said, with its status.
(The REST API answers these in errors.ErrorForm.)"""

from plone.rest.interfaces import IAPIRequest
from Products.CMFPlone.browser.exceptions import ExceptionView
from zope.component import getMultiAdapter
from zope.i18n import translate


class RefusalView(ExceptionView):
    def __call__(self):
        error = self.context.error
        if IAPIRequest.providedBy(self.request):
            # This view is found before the REST API's error form (its exception class is
            # more specific); the API answers the process's error in its own form.
            return getMultiAdapter((error, self.request), name="index.html")()
        self.message = translate(error.message, context=self.request)
        self.code = error.code
        self.context = self.__parent__
        self.request.set("disable_border", True)
        body = self.index()
        # Locked: plone.transformchain sets the status from the exception class afterwards.
        self.request.response.setStatus(error.status, lock=True)
        return body
