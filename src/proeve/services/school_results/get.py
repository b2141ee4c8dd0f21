"""GET @school-results: the results of a school's closed PvBs (?since=YYYY-MM-DD) and the
school's active exam groups. Journaled like every export of personal data."""

from datetime import date
from proeve import _
from proeve.bulk.results import closed_pvbs
from proeve.bulk.results import import_groups
from proeve.bulk.results import result_item
from proeve.journal import record
from proeve.process import ProcessError
from proeve.services.base import ProeveService


class SchoolResultsGet(ProeveService):
    def handle(self, data):
        raw = self.request.form.get("since")
        since = None
        if raw:
            try:
                since = date.fromisoformat(raw) if isinstance(raw, str) else None
            except ValueError:
                since = None
            if since is None:
                raise ProcessError(
                    "invalid_date",
                    _(
                        "error_invalid_since",
                        default="Gebruik voor 'since' een datum als 2027-06-30.",
                    ),
                )
        items = [result_item(pvb, candidate) for pvb, candidate in closed_pvbs(self.context, since)]
        record(
            self.context,
            "exported",
            {"export": "@school-results", "rows": len(items), "since": raw or None},
        )
        return {
            "@id": f"{self.context.absolute_url()}/@school-results",
            "school": {"title": self.context.Title(), "brin": self.context.brin},
            "since": since.isoformat() if since else None,
            "groups": import_groups(self.context),
            "items": items,
            "items_total": len(items),
        }
