"""Which schools sign on through their own identity provider, read from the environment.

Nothing of it is stored in the ZODB: the client secret of one school is never where the
staff of another school (or a backup of the site) can read it. Per school, with KEY the
school's id in capitals and `-` as `_` (roc-de-vaart: ROC_DE_VAART):

    PROEVE_SIGNON_SCHOOLS          school ids, separated by spaces or commas
    PROEVE_SIGNON_<KEY>_ISSUER     the provider's issuer (discovery at /.well-known/...)
    PROEVE_SIGNON_<KEY>_CLIENT_ID / _CLIENT_SECRET
    PROEVE_SIGNON_<KEY>_CLAIM      email (default), eduPersonPrincipalName or sub
    PROEVE_SIGNON_<KEY>_STUDENTS_BY  email (default) or student_code
    PROEVE_SIGNON_<KEY>_MAX_AGE    seconds an ID token counts from its iat (default 300)
    PROEVE_SIGNON_<KEY>_REQUIRED   1: the operator requires sign-on for the school's staff and
                                   students, whatever the school's own setting says
"""

from dataclasses import dataclass
import logging
import os
import re


logger = logging.getLogger("proeve.signon")


PREFIX = "PROEVE_SIGNON_"
CLAIMS = ("email", "eduPersonPrincipalName", "sub")
STUDENTS_BY = ("email", "student_code")
# How long after its issue (iat) an ID token is still taken: long enough for a login, short
# enough that a token that leaked from a log or a browser's history is of no use.
MAX_AGE = 300


class ConfigurationError(Exception):
    """A school's sign-on is configured wrongly (told to the operator, not to the user)."""


@dataclass(frozen=True)
class SchoolSignOn:
    school_id: str
    issuer: str
    client_id: str
    client_secret: str
    claim: str = "email"
    students_by: str = "email"
    max_age: int = MAX_AGE
    required: bool = False

    def __repr__(self):
        # Never the secret in a log or a traceback.
        return f"SchoolSignOn({self.school_id!r}, issuer={self.issuer!r})"


def env_key(school_id):
    return re.sub(r"[^A-Z0-9]", "_", school_id.upper())


def _setting(school_id, name, default=None):
    value = os.environ.get(f"{PREFIX}{env_key(school_id)}_{name}", default)
    return value.strip() if isinstance(value, str) else value


def school_ids():
    return [s for s in re.split(r"[\s,]+", os.environ.get(f"{PREFIX}SCHOOLS", "")) if s]


def read_school(school_id):
    """The sign-on settings of one school, or None when it has none."""
    if school_id not in school_ids():
        return None
    issuer = _setting(school_id, "ISSUER")
    client_id = _setting(school_id, "CLIENT_ID")
    secret = _setting(school_id, "CLIENT_SECRET")
    if not issuer or not client_id or not secret:
        raise ConfigurationError(f"{school_id}: ISSUER, CLIENT_ID and CLIENT_SECRET are needed")
    claim = _setting(school_id, "CLAIM", "email")
    students_by = _setting(school_id, "STUDENTS_BY", "email")
    if claim not in CLAIMS or students_by not in STUDENTS_BY:
        raise ConfigurationError(
            f"{school_id}: CLAIM one of {CLAIMS}, STUDENTS_BY one of {STUDENTS_BY}"
        )
    max_age = _setting(school_id, "MAX_AGE", str(MAX_AGE))
    if not max_age.isdigit() or int(max_age) < 1:
        raise ConfigurationError(f"{school_id}: MAX_AGE is a number of seconds")
    return SchoolSignOn(
        school_id=school_id,
        issuer=issuer.rstrip("/"),
        client_id=client_id,
        client_secret=secret,
        claim=claim,
        students_by=students_by,
        max_age=int(max_age),
        required=_setting(school_id, "REQUIRED", "0") in ("1", "true", "yes"),
    )


def configured():
    """Every school with a complete sign-on configuration, in the order of
    PROEVE_SIGNON_SCHOOLS (an incomplete one is logged and left out)."""
    found = []
    for school_id in school_ids():
        try:
            found.append(read_school(school_id))
        except ConfigurationError as exc:
            logger.error("School sign-on not configured: %s", exc)
    return found


def has_signon(school_id):
    """This school has a complete sign-on configuration."""
    try:
        return read_school(school_id) is not None
    except ConfigurationError:
        return False
