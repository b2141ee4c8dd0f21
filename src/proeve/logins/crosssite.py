"""Cross-site writes: the session cookie alone does not authorise a write to the API.

A browser sends the `__ac` cookie with any request to the site, also one that a foreign
page makes it send. plone.restapi turns plone.protect's CSRF check off for its services, so
every write to the API (POST, PATCH, PUT, DELETE, Proeve's services and plone.restapi's own)
that authenticates by that cookie alone (no Authorization header) must either carry
plone.protect's token (header X-CSRF-TOKEN), or come from the site's own pages (Origin, or
Referer when there is no Origin, equal to the site's scheme, host and port) with a body that
no foreign form can send (not text/plain, form-urlencoded or multipart). Bearer and Basic
requests are not affected: a browser never adds those on its own.
"""

from plone.protect.authenticator import _verify_request
from plone.rest.interfaces import IAPIRequest
from proeve import _
from proeve.logins.identity import SESSION_COOKIE
from proeve.process import ProcessError
from urllib.parse import urlsplit


WRITES = {"POST", "PATCH", "PUT", "DELETE"}
# Bodies a foreign page can make a browser send without asking the site first (CORS).
FORM_TYPES = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}
# A password login does not act with the cookie's authority.
EXEMPT = {"@login"}

CROSS_SITE = _(
    "error_cross_site_request",
    default="Dit verzoek komt niet van deze site en is geweigerd. Stuur het vanaf de site "
    "zelf, of met een token (Authorization: Bearer).",
)


def origin_of(url):
    parts = urlsplit(url or "")
    if not parts.scheme or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = parts.port or default
    return (parts.scheme.lower(), parts.hostname.lower(), port)


def same_origin(request):
    sender = request.getHeader("Origin") or request.getHeader("Referer")
    site = origin_of(request.get("SERVER_URL"))
    return site is not None and origin_of(sender) == site


def media_type(request):
    return (request.getHeader("Content-Type") or "").split(";")[0].strip().lower()


def cookie_only(request):
    return not getattr(request, "_auth", None) and SESSION_COOKIE in request.cookies


def exempt(request):
    # A service's name is its id ("POST_application_json_") followed by its name.
    name = getattr(request.get("PUBLISHED", None), "__name__", None) or ""
    return any(name.endswith("_" + service) for service in EXEMPT)


def check_cross_site_write(event):
    """IPubAfterTraversal: before the service runs, so a refusal writes nothing."""
    request = event.request
    if request.method not in WRITES or not IAPIRequest.providedBy(request):
        return
    if not cookie_only(request) or exempt(request):
        return
    if _verify_request(request):
        return
    if same_origin(request) and media_type(request) not in FORM_TYPES:
        return
    raise ProcessError("cross_site_request", CROSS_SITE, 403)
