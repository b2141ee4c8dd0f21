"""One clock and one way to write a date on Proeve's pages.

Times are shown in Europe/Amsterdam, dates as 01-09-2026 and moments as 01-09-2026 14:05,
wherever a page shows them. Stored times stay as they are (ISO 8601, UTC) in the journal, the
dossier and the REST answers; only what people read goes through here.
"""

from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo


AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"
# The same in a spreadsheet's own date format (the exports' date cells).
SHEET_DATE_FORMAT = "DD-MM-YYYY"


def _parse(value):
    """A date, datetime, Zope DateTime or ISO 8601 text as a date or datetime (or None)."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    if hasattr(value, "asdatetime"):  # Zope's DateTime
        return value.asdatetime()
    if isinstance(value, date):
        return value
    return None


def local(value):
    """An aware moment in Amsterdam's time. A naive one is local already: a time that a
    person entered (an appointment) is kept as entered."""
    if value.tzinfo is None:
        return value
    return value.astimezone(AMSTERDAM)


def local_date(value):
    """The calendar day in Amsterdam of a date, moment or ISO text (or None)."""
    value = _parse(value)
    if isinstance(value, datetime):
        return local(value).date()
    return value


def format_date(value):
    """01-09-2026; empty text for no date."""
    value = _parse(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value)
    return value.strftime(DATE_FORMAT)


def format_datetime(value):
    """01-09-2026 14:05 in Amsterdam's time; a bare date as format_date writes it."""
    value = _parse(value)
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return value.strftime(DATE_FORMAT)
    return local(value).strftime(DATETIME_FORMAT)
