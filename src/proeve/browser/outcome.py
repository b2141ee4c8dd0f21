"""Form posts that end on a page with a status message; a refusal commits nothing."""

from plone.protect import CheckAuthenticator
from Products.statusmessages.interfaces import IStatusMessage
from proeve.process import ProcessError
from proeve.process.steps import run
import transaction


class EndsWithMessage:
    def back_url(self):
        return self.context.absolute_url()

    def back(self, message, kind="info"):
        IStatusMessage(self.request).add(message, type=kind)
        self.request.response.redirect(self.back_url())
        return ""

    def refused(self, message):
        transaction.doom()  # nothing of a refused step is committed
        return self.back(message, "error")


class PostedStep(EndsWithMessage):
    """A form post that runs `self.step(form)` through the process (proeve.process.steps.run)
    and ends with its message; a GET is `self.get()`. A refusal commits nothing."""

    def __call__(self):
        if self.request.method != "POST":
            return self.get()
        CheckAuthenticator(self.request)
        try:
            message = run(self.step, self.request.form)
        except ProcessError as exc:
            return self.refused(exc.message)
        return self.back(message)
