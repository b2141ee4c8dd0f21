"""From a verified and matched person to a Proeve login: the Classic session cookie or the
REST token (the same one @login gives), and the pending sign-on kept between the redirect to
the provider and its callback."""

from AccessControl.SecurityManagement import newSecurityManager
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from plone.keyring.interfaces import IKeyManager
from Products.CMFCore.utils import getToolByName
from Products.PlonePAS.events import UserLoggedInEvent
from proeve import _
from proeve.logins.tokens import token_plugin
from proeve.signon import config
from proeve.signon import NOT_VERIFIED
from proeve.signon import refused
from proeve.signon.matching import is_school_person
from zope.component import getUtility
from zope.event import notify
import logging
import time


logger = logging.getLogger("proeve.signon")

PENDING_COOKIE = "proeve_signon"
PENDING_SECONDS = 600

NO_SIGNON = (
    "signon_not_configured",
    _(
        "error_signon_not_configured",
        default="Deze school heeft geen inloggen met het schoolaccount ingesteld.",
    ),
)
SIGNON_REQUIRED = (
    "school_signon_required",
    _(
        "error_school_signon_required",
        default="Je school vraagt je in te loggen met je schoolaccount, niet met een "
        'wachtwoord. Kies op de inlogpagina "Inloggen met je schoolaccount".',
    ),
)


def find_school(portal, school_id):
    catalog = getToolByName(portal, "portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="School", id=school_id):
        return brain._unrestrictedGetObject()
    return None


def school_and_settings(portal, school_id):
    """The school and its sign-on settings; refused when it has none."""
    try:
        settings = config.read_school(school_id) if isinstance(school_id, str) else None
    except config.ConfigurationError as exc:
        logger.error("School sign-on not configured: %s", exc)
        settings = None
    school = find_school(portal, school_id) if settings is not None else None
    if school is None:
        raise refused(*NO_SIGNON, status=404)
    return school, settings


def signon_schools(portal):
    """(school id, school title) of every school with sign-on, for the login page."""
    found = []
    for settings in config.configured():
        school = find_school(portal, settings.school_id)
        if school is not None:
            found.append((settings.school_id, school.Title()))
    return found


def _cookie_key():
    # The site's own secret (plone.keyring), never sent anywhere.
    return OctKey.import_key(getUtility(IKeyManager).secret().encode("utf-8"))


def pending_cookie(school_id, pending):
    claims = dict(pending, school=school_id, exp=int(time.time()) + PENDING_SECONDS)
    return jwt.encode({"alg": "HS256"}, claims, _cookie_key())


def read_pending(value):
    """The school, state, nonce and verifier of a sign-on started here (signed by this site,
    not expired)."""
    if not isinstance(value, str) or not value:
        raise refused(*NOT_VERIFIED, status=400)
    try:
        decoded = jwt.decode(value, _cookie_key(), algorithms=["HS256"])
        jwt.JWTClaimsRegistry(exp={"essential": True}, school={"essential": True}).validate(
            decoded.claims
        )
    except (JoseError, ValueError) as exc:
        raise refused(*NOT_VERIFIED, status=400) from exc
    return decoded.claims


def log_in(portal, request, userid):
    """The Classic session for this login, as after a password login."""
    pas = getToolByName(portal, "acl_users")
    user = pas.getUserById(userid)
    pas.session._setupSession(userid, request.response)
    newSecurityManager(request, user)
    membership = getToolByName(portal, "portal_membership")
    membership.setLoginTimes()
    notify(UserLoggedInEvent(user))


def rest_token(portal, userid):
    """The JWT that @login gives this login."""
    plugin = token_plugin(portal)
    user = getToolByName(portal, "acl_users").getUserById(userid)
    return plugin.create_token(userid, data={"fullname": user.getProperty("fullname", "")})


def signon_required_for(portal, userid):
    """A school that requires sign-on has this login among its staff or students. Only a
    school with a provider can require it: the school's own setting (School.signon_required,
    switched by its admin), or the operator's PROEVE_SIGNON_<KEY>_REQUIRED, which holds
    whatever the school's setting says."""
    for settings in config.configured():
        school = find_school(portal, settings.school_id)
        if school is None:
            continue
        required = settings.required or getattr(school, "signon_required", False) is True
        if required and is_school_person(school, userid):
            return True
    return False
