"""PATCH @school-roster: change one member's groups or assessor register entry."""

from collective.workspace.interfaces import IWorkspace
from datetime import date
from proeve import _
from proeve.accounts import ASSIGNABLE_GROUPS
from proeve.services.base import ProeveService
from proeve.services.errors import error


class SchoolRosterPatch(ProeveService):
    def handle(self, data):
        roster = IWorkspace(self.context)
        userid = data.get("userid")
        if not isinstance(userid, str) or userid not in roster.members:
            return error(
                self.request,
                400,
                "not_on_roster",
                _("error_not_on_roster", default="Deze persoon staat niet op het rooster."),
                "userid",
            )
        changes = {}
        if "groups" in data:
            groups = data["groups"]
            if not isinstance(groups, list) or not set(groups) <= set(ASSIGNABLE_GROUPS):
                return error(
                    self.request,
                    400,
                    "invalid_groups",
                    _(
                        "error_invalid_groups",
                        default="Kies een of meer groepen uit: ${groups}.",
                        mapping={"groups": ", ".join(ASSIGNABLE_GROUPS)},
                    ),
                    "groups",
                )
            changes["groups"] = set(groups)
        if "register_number" in data:
            number = data["register_number"]
            if number is not None and (not isinstance(number, str) or len(number) > 40):
                return error(
                    self.request,
                    400,
                    "invalid_register_number",
                    _(
                        "error_register_number",
                        default="Een registernummer is hoogstens 40 tekens.",
                    ),
                    "register_number",
                )
            changes["register_number"] = number or None
        if "register_expiry" in data:
            raw = data["register_expiry"]
            try:
                changes["register_expiry"] = date.fromisoformat(raw) if raw else None
            except (TypeError, ValueError):
                return error(
                    self.request,
                    400,
                    "invalid_date",
                    _("error_invalid_date", default="Gebruik een datum als 2027-06-30."),
                    "register_expiry",
                )
        roster[userid].update(changes)
        return self.reply_no_content()
