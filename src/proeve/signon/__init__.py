"""Sign-on with the school's account (OpenID Connect), per school.

config: which schools have an identity provider (from the environment, secrets included);
provider: discovery, the authorization request and the ID token checks, all through Authlib
and joserfc; matching: which existing Proeve login a verified person is, within that school
only; session: the Classic session and the REST token for that login.
"""

from proeve import _


class SignOnError(Exception):
    """A refused sign-on: a stable code, a translatable message and an HTTP status."""

    def __init__(self, code, message, status=401):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status


def refused(code, message, status=401):
    return SignOnError(code, message, status)


NOT_VERIFIED = (
    "signon_not_verified",
    _(
        "error_signon_not_verified",
        default="Inloggen met je schoolaccount is mislukt: de school kon niet bevestigen wie "
        "je bent. Probeer het opnieuw via de knop op de inlogpagina.",
    ),
)
