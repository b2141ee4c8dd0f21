"""A school requires its staff and students to sign on with the school's account: its own
setting (School.signon_required), which only means something where the school has an
identity provider configured (proeve.signon.config)."""

from proeve import _
from proeve.interfaces import ISchool
from proeve.process import ProcessError
from proeve.signon import config


SIGNON_NOT_CONFIGURED = (
    "signon_not_configured",
    _(
        "error_signon_required_not_configured",
        default="Inloggen met het schoolaccount kan pas verplicht worden als het platformbeheer "
        "de inlogdienst van deze school heeft ingesteld. Er is niets gewijzigd.",
    ),
)


def check_school_settings(school, entered):
    """Refuse (ProcessError) switching on required sign-on for a school without an identity
    provider. ``school`` is the school being changed (or, in its add form, the folder a new
    one is made in); ``entered`` maps the fields given to their values."""
    if entered.get("signon_required") is not True:
        return
    is_school = ISchool.providedBy(school)
    if is_school and getattr(school, "signon_required", False) is True:
        return  # already on: an edit of another setting does not switch it on
    if is_school and config.has_signon(school.getId()):
        return
    raise ProcessError(*SIGNON_NOT_CONFIGURED, status=409, field="signon_required")
