"""POST @login: plone.restapi's login, with a clear answer while password guessing is slowed."""

from math import ceil
from plone.restapi.deserializer import json_body
from plone.restapi.services.auth.login import Login
from proeve import _
from proeve.process import ProcessError
from proeve.process import text_of
from proeve.services.errors import error
from proeve.services.errors import in_error_form
from proeve.services.errors import process_error
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
        wait = THROTTLE.wait(login, self.request.getClientAddr()) if login else 0
        if wait > 0:
            self.request.response.setHeader("Retry-After", str(ceil(wait)))
            return error(
                self.request,
                429,
                "too_many_attempts",
                _(
                    "error_too_many_attempts",
                    default="Te veel mislukte pogingen. Probeer het over ${minutes} minuten "
                    "opnieuw.",
                    mapping={"minutes": ceil(wait / 60)},
                ),
            )
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            return in_error_form(self.request, result, LOGIN_REFUSED)
        return result
