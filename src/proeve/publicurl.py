"""The address people use to reach the site, for links in mail.

Behind a reverse proxy the site answers under its public address (the proxy rewrites every
request through Zope's virtual hosting, see docs/operations.md), so a page's own links are
right. A mail is different: it may be composed in a request that reached a process directly
(an integration on the internal port) or in a script without any request, and a link to
``http://127.0.0.1:8080/productie/...`` helps nobody. PROEVE_PUBLIC_URL (for example
``https://proeve.school.nl``) names the public address of the site root; links in mail are
made from it when it is set.
"""

from Products.CMFCore.utils import getToolByName
from urllib.parse import urlsplit
import os


class PublicURLError(ValueError):
    """PROEVE_PUBLIC_URL cannot be used."""


def public_base(environ=os.environ):
    """The public address of the site root without a trailing slash, or None when not set."""
    value = environ.get("PROEVE_PUBLIC_URL", "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise PublicURLError(
            "PROEVE_PUBLIC_URL: the site's public address, such as https://proeve.school.nl"
        )
    return value.rstrip("/")


def public_url(obj, environ=os.environ):
    """The link to `obj` for people outside: below PROEVE_PUBLIC_URL when that is set."""
    try:
        base = public_base(environ)
    except PublicURLError:
        base = None  # checked at start-up (scripts/create_site.py); never break a mail
    if base is None:
        return obj.absolute_url()
    relative = getToolByName(obj, "portal_url").getRelativeContentURL(obj)
    return f"{base}/{relative}" if relative else base
