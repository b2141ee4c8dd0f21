"""PATCH @people: {"assessor_1": "userid", ..., "reason": "..."}."""

from proeve.process import text_of
from proeve.process.people import change_people
from proeve.services.base import ProeveService


class PeoplePatch(ProeveService):
    def handle(self, data):
        reason = text_of(data, "reason")
        changes = {name: value for name, value in data.items() if name != "reason"}
        change_people(self.context, changes, reason)
        return self.reply_no_content()
