"""POST @assignment-copy {"qualification_cohort": 2026} on a vastgesteld assignment: a draft
copy for that cohort, files included (201)."""

from proeve.process.assignment_lifecycle import copy_for_cohort
from proeve.process.assignment_lifecycle import describe
from proeve.services.base import ProeveService


class CopyPost(ProeveService):
    def handle(self, data):
        copy = copy_for_cohort(self.context, data.get("qualification_cohort"))
        self.request.response.setStatus(201)
        return describe(copy)
