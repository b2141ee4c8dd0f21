"""PATCH @school-roster: change one member's groups or assessor register entry."""

from proeve.accounts import change_roster_member
from proeve.services.base import ProeveService


class SchoolRosterPatch(ProeveService):
    def handle(self, data):
        fields = {k: data[k] for k in ("groups", "register_number", "register_expiry") if k in data}
        change_roster_member(self.context, data.get("userid"), **fields)
        return self.reply_no_content()
