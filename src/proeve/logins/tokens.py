"""Tokens that end: plone.restapi's JWT plugin with a per-user generation and a bounded age.

Every token carries the user's token generation (`gen`) and the time of the login it comes
from (`auth_time`). Logging out (any channel) and a password change raise the generation, so
every token issued before stops working; `@login-renew` keeps `auth_time`, so a chain of
renewals ends `max_login_age` seconds after the password was given.
"""

from AccessControl.class_init import InitializeClass
from Acquisition import aq_base
from BTrees.OIBTree import OIBTree
from plone.keyring.interfaces import IKeyManager
from plone.protect.utils import safeWrite
from plone.restapi.pas.plugin import JWTAuthenticationPlugin
from zope.component import queryUtility
from zope.component.hooks import getSite
from zope.globalrequest import getRequest
import time


JWT_ID = "jwt_auth"
SESSION_ID = "session"
MAX_LOGIN_AGE = 24 * 3600


def now():
    """The time of the login rules (tests put another clock here)."""
    return time.time()


class ProeveJWTPlugin(JWTAuthenticationPlugin):
    """The JWT plugin whose tokens end at logout, at a password change and at a maximum age."""

    max_login_age = MAX_LOGIN_AGE
    _generations = None

    def generation(self, userid):
        return (self._generations or {}).get(userid, 0)

    def end_tokens(self, userid):
        """Every token of this user issued so far stops working."""
        if self._generations is None:
            self._generations = OIBTree()
        self._generations[userid] = self.generation(userid) + 1
        mark_safe_write(self, self._generations)

    def login_age_left(self, auth_time, at=None):
        return auth_time + self.max_login_age - (now() if at is None else at)

    def create_token(self, userid, timeout=None, data=None):
        data = dict(data or {})
        issued = int(now())
        data["gen"] = self.generation(userid)
        data.setdefault("auth_time", issued)
        data.setdefault("iat", int(time.time()))
        timeout = self.token_timeout if timeout is None else timeout
        left = int(self.login_age_left(data["auth_time"], issued))
        timeout = max(1, min(timeout, left)) if timeout else max(1, left)
        return super().create_token(userid, timeout=timeout, data=data)

    def authenticateCredentials(self, credentials):
        result = super().authenticateCredentials(credentials)
        if result is None:
            return None
        payload = self._decode_token(credentials["token"]) or {}
        if payload.get("gen", 0) != self.generation(result[0]):
            return None
        if "auth_time" in payload and self.login_age_left(payload["auth_time"]) <= 0:
            return None
        return result


InitializeClass(ProeveJWTPlugin)


def mark_safe_write(plugin, tree):
    """Logging out in Classic is a GET: tell plone.protect this write is meant."""
    request = getRequest()
    if request is None:
        return
    safeWrite(plugin, request)
    safeWrite(tree, request)
    bucket = getattr(tree, "_firstbucket", None)
    while bucket is not None:
        safeWrite(bucket, request)
        bucket = bucket._next


def token_plugin(context=None):
    pas = getattr(context or getSite(), "acl_users", None)
    plugin = getattr(aq_base(pas), JWT_ID, None) if pas is not None else None
    return pas[JWT_ID] if isinstance(plugin, ProeveJWTPlugin) else None


def end_tokens_of(principal):
    plugin = token_plugin()
    if plugin is not None and principal is not None:
        plugin.end_tokens(principal.getId())
    end_sessions_of(principal)


def end_sessions_of(principal):
    """The Classic session cookie (__ac) of plone.session is signed with a key of the user
    (per_user_keyring, set by install_session_keys); clearing it ends every cookie issued
    before, on every device, as logout and a password change end the tokens."""
    session = getattr(getattr(getSite(), "acl_users", None), SESSION_ID, None)
    if session is None or principal is None or not session.getProperty("per_user_keyring"):
        return
    manager = queryUtility(IKeyManager)
    ring = session._getSecretKey(principal.getId())
    if manager is not None and ring in manager:
        manager.clear(ring=ring)
        manager.rotate(ring=ring)  # a new key for the next login
        request = getRequest()
        if request is not None:
            safeWrite(manager[ring], request)  # Classic logout is a GET


def install_session_keys(pas):
    """plone.session signs each user's cookies with a key of that user (see end_sessions_of)."""
    session = getattr(aq_base(pas), SESSION_ID, None)
    if session is not None:
        session._updateProperty("per_user_keyring", True)


def on_logout(event):
    end_tokens_of(event.principal)


def on_password_changed(event):
    end_tokens_of(event.principal)


SETTINGS = ("title", "token_timeout", "use_keyring", "store_tokens", "_secret", "_tokens")


def install_token_plugin(pas):
    """Replace plone.restapi's jwt_auth with ProeveJWTPlugin: same id, settings, secret and
    place in every plugin list, so the tokens issued before stay valid."""
    old = getattr(aq_base(pas), JWT_ID, None)
    if old is None or isinstance(old, ProeveJWTPlugin):
        return
    plugins = pas.plugins
    places = {}
    for info in plugins.listPluginTypeInfo():
        ids = list(plugins.listPluginIds(info["interface"]))
        if JWT_ID in ids:
            places[info["interface"]] = ids.index(JWT_ID)
    settings = {name: old.__dict__[name] for name in SETTINGS if name in old.__dict__}
    pas._delObject(JWT_ID)
    new = ProeveJWTPlugin(JWT_ID)
    new.__dict__.update(settings)
    pas._setObject(JWT_ID, new)
    for interface, index in places.items():
        plugins.activatePlugin(interface, JWT_ID)
        for _ in range(len(plugins.listPluginIds(interface)) - 1 - index):
            plugins.movePluginsUp(interface, [JWT_ID])
