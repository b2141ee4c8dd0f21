"""Pausing a PvB in execution (studievertraging): a reason, and the date it may resume."""

from datetime import date
from proeve import _
from proeve.journal import record
from proeve.process import ProcessError
from proeve.process.phases import check_phase_step
from proeve.process.steps import take_transition


def resume_date_of(text):
    """The date of "2027-03-01" (None for no date); anything else is refused."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ProcessError(
            "invalid_date",
            _("error_invalid_date", default="Gebruik een datum als 2027-06-30."),
            field="resume_date",
        ) from None


def pause(pvb, reason, resume_date=None):
    """Pause the PvB with this reason (required) until ``resume_date`` (optional), journaled."""
    check_may_pause(pvb)
    if not reason:
        raise ProcessError(
            "reason_required",
            _("error_pause_reason", default="Geef de reden van de studievertraging."),
        )
    pvb.pause_reason = reason
    pvb.pause_until = resume_date
    take_transition(pvb, "pause", comment=reason)
    record(
        pvb,
        "paused",
        {"reason": reason, "resume_date": resume_date.isoformat() if resume_date else None},
    )


def check_may_pause(pvb):
    """Those who pause a PvB in execution may, then only."""
    check_phase_step(
        pvb,
        "proeve: Pause PvB",
        "execution",
        _("error_pause_not_allowed", default="U kunt deze PvB niet pauzeren."),
        ProcessError(
            "not_in_execution",
            _("error_not_in_execution", default="Alleen een PvB in uitvoering kan pauzeren."),
            status=409,
        ),
    )
