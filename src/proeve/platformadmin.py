"""The first platform admin of a site without demo data, with a password the operator chose.

A production site has no demo logins, so nobody could log in to it but the Zope root admin.
With PROEVE_ADMIN_LOGIN, PROEVE_ADMIN_EMAIL and PROEVE_ADMIN_PASSWORD in the environment,
the site setup (``make site``/``make run``/``run-cluster``) creates that login with the
platform admin's role (Manager in the site) once; it never changes an existing login.
"""

from plone import api
import os


MIN_PASSWORD_LENGTH = 12


class AdminSettingsError(ValueError):
    """The operator's settings for the first platform admin cannot be used."""


def admin_settings(environ=os.environ):
    """(login, email, password) from the environment, or None when no login is asked for."""
    login = environ.get("PROEVE_ADMIN_LOGIN", "").strip()
    if not login:
        return None
    email = environ.get("PROEVE_ADMIN_EMAIL", "").strip()
    password = environ.get("PROEVE_ADMIN_PASSWORD", "")
    if "@" not in email:
        raise AdminSettingsError("PROEVE_ADMIN_EMAIL: the platform admin's e-mail address")
    if len(password) < MIN_PASSWORD_LENGTH or password.lower() in (login.lower(), "admin"):
        raise AdminSettingsError(
            f"PROEVE_ADMIN_PASSWORD: at least {MIN_PASSWORD_LENGTH} characters, not the login"
        )
    return login, email, password


def ensure_first_admin(site, environ=os.environ):
    """Create the asked-for platform admin when that login does not exist yet. Returns the
    login created, or None."""
    settings = admin_settings(environ)
    if settings is None:
        return None
    login, email, password = settings
    if api.user.get(userid=login) is not None:
        return None
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email=email, username=login, password=password, roles=("Member",))
        api.user.grant_roles(username=login, roles=["Manager"])
    return login
