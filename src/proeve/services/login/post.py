"""POST @login: plone.restapi's login, with a clear answer while password guessing is slowed
(proeve.throttle, checked on every login path by proeve.logins.guard)."""

from math import ceil
from plone.restapi.deserializer import json_body
from plone.restapi.services.auth.login import Login
from proeve import _
from proeve.logins.guard import client_address
from proeve.logins.guard import failed_in
from proeve.logins.guard import signon_required_in
from proeve.process import ProcessError
from proeve.process import text_of
from proeve.services.errors import error
from proeve.services.errors import in_error_form
from proeve.services.errors import process_error
from proeve.signon.session import SIGNON_REQUIRED
from proeve.throttle import THROTTLE


LOGIN_REFUSED = {
    400: (
        "missing_credentials",
        _("error_missing_credentials", default="Stuur login en password mee."),
    ),
    401: (
        "invalid_credentials",
        _("error_invalid_credentials", default="Onbekende login of onjuist wachtwoord."),
    ),
}


class ThrottledLogin(Login):
    def reply(self):
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001 - the original service answers bad bodies
            data = {}
        fields = data if isinstance(data, dict) else {}
        try:
            # A login or password of another JSON type than text is the client's error.
            for name in ("login", "password"):
                text_of(fields, name)
        except ProcessError as exc:
            return process_error(self.request, exc)
        login = fields.get("login")
        wait = 0
        # A wrong password already checked in this request (PAS reads @login's body too)
        # answers 401; the delay it starts holds for the next attempt.
        if isinstance(login, str) and not failed_in(self.request, login):
            wait = THROTTLE.wait(login, client_address(self.request))
        if wait > 0:
            self.request.response.setHeader("Retry-After", str(ceil(wait)))
            return error(
                self.request,
                429,
                "too_many_attempts",
                _(
                    "error_login_wait",
                    default="Te veel mislukte pogingen. Probeer het over ${seconds} seconden "
                    "opnieuw.",
                    mapping={"seconds": ceil(wait)},
                ),
            )
        result = super().reply()
        if signon_required_in(self.request):
            # The right password of someone whose school requires its own sign-on.
            return error(self.request, 401, *SIGNON_REQUIRED)
        if self.request.response.getStatus() >= 400:
            return in_error_form(self.request, result, LOGIN_REFUSED)
        return result
