"""POST @assignment-new-version on a vastgesteld assignment: its draft successor (201)."""

from proeve.process.assignment_lifecycle import describe
from proeve.process.assignment_lifecycle import new_version
from proeve.services.base import ProeveService


class NewVersionPost(ProeveService):
    def handle(self, data):
        draft = new_version(self.context)
        self.request.response.setStatus(201)
        return describe(draft)
