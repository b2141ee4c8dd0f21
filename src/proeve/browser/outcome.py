"""Form posts that end on a page with a status message; a refusal commits nothing."""

from Products.statusmessages.interfaces import IStatusMessage
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
