"""PATCH @school-roster: change one member's groups or assessor register entry."""

from collective.workspace.interfaces import IWorkspace
from datetime import date
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from proeve import _
from proeve.accounts import ASSIGNABLE_GROUPS
from proeve.services.errors import error
from zope.interface import alsoProvides


class SchoolRosterPatch(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001 - any unreadable body is the client's error
            data = None
        if not isinstance(data, dict):
            return error(self.request, 400, "invalid_body", "Body must be a JSON object.")
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
