"""Asking for a password reset mail answers the same for every user name.

Whether the login exists, has no valid address, may not set a password or the mail server
refuses: the answer is the same, so that it tells nobody which logins exist. What went
wrong is logged for the operator.
"""

from Products.CMFCore.utils import getToolByName
from proeve import _
from ZODB.POSException import ConflictError
import logging


logger = logging.getLogger("proeve.logins")

RESET_REQUESTED = _(
    "password_reset_requested",
    default="Als deze gebruikersnaam bestaat, is er een e-mail gestuurd met een link om een "
    "nieuw wachtwoord te kiezen.",
)


def request_reset(context, login, request):
    """Mail a reset link to the login's address, if there is one; never raise."""
    registration = getToolByName(context, "portal_registration")
    try:
        registration.mailPassword(login if isinstance(login, str) else "", request)
    except ConflictError:
        raise
    except Exception as exc:  # noqa: BLE001 - the same answer whatever failed
        logger.info("No password reset mail for %r: %s", login, exc)
