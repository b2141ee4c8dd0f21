"""GET @retention-report: every candidate of the school with both retention clocks."""

from datetime import date
from proeve import _
from proeve.process import ProcessError
from proeve.retention import report
from proeve.services.base import ProeveService


class RetentionReportGet(ProeveService):
    def handle(self, data):
        raw = self.request.form.get("today")
        try:
            today = date.fromisoformat(raw) if raw else date.today()
        except ValueError:
            raise ProcessError(
                "invalid_date",
                _("error_invalid_date", default="Gebruik een datum als 2027-06-30."),
                field="today",
            ) from None
        items = report(self.context, today)
        return {
            "@id": f"{self.context.absolute_url()}/@retention-report",
            "today": today.isoformat(),
            "items": items,
            "due": sum(1 for i in items if i["due"] and not i["pseudonymised"]),
        }
