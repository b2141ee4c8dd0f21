"""POST @bulk-pvb: {"candidates": "all" | [ids], "assignment_uid": "...", "exam_location",
"start_date", "end_date", people fields..., "dry_run": false}."""

from datetime import date
from proeve import _
from proeve.bulk import pvbs
from proeve.content.pvb import IPvBSchema
from proeve.people import BY_FIELD
from proeve.people import label as person_label
from proeve.process import ProcessError
from proeve.services.base import ProeveService
from proeve.services.errors import translated
from zope.i18n import translate


class BulkPvBPost(ProeveService):
    def title(self, name):
        """A field's title; a person as the school calls them."""
        title = person_label(name, self.context) if name in BY_FIELD else IPvBSchema[name].title
        return translate(title, context=self.request)

    def handle(self, data):
        settings = {k: data.get(k) for k in ("assignment_uid", *pvbs.SETTINGS)}
        for name in ("start_date", "end_date"):
            if settings.get(name):
                try:
                    settings[name] = date.fromisoformat(settings[name])
                except (TypeError, ValueError):
                    raise ProcessError(
                        "invalid_date",
                        _("error_invalid_date", default="Gebruik een datum als 2027-06-30."),
                        field=name,
                    ) from None
        problems = translated(pvbs.check_settings(self.context, settings), self.request)
        if problems:
            raise ProcessError(
                "invalid_settings",
                "; ".join(f"{self.title(k)}: {v}" for k, v in problems.items()),
                field=next(iter(problems)),
                fields=problems,
            )
        chosen = data.get("candidates", "all")
        if chosen != "all" and not isinstance(chosen, list):
            raise ProcessError(
                "invalid_candidates",
                _(
                    "error_bulk_candidates",
                    default='Geef bij candidates "all" of een lijst van kandidaat-ids.',
                ),
                field="candidates",
            )
        report = pvbs.plan(self.context, chosen, settings["assignment_uid"])
        warnings = pvbs.check_rules(self.context, report, settings)
        created = 0
        if not data.get("dry_run"):
            created = pvbs.apply(self.context, report, settings)
            self.request.response.setStatus(201)
        return {
            "report": report,
            "created": created,
            "dry_run": bool(data.get("dry_run")),
            "warnings": warnings,
        }
