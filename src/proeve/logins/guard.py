"""The PAS plugin that slows password guessing on every login path.

It is the site's authentication plugin for passwords: the user managers it guards (the
site's `source_users`) are no longer active authenticators themselves, so the login form,
basic auth, `@login` and every other check of a password (`acl_users.authenticate`) go
through `authenticateCredentials` here. Tokens and session cookies are left to their own
plugins.
"""

from AccessControl.class_init import InitializeClass
from AccessControl.SecurityInfo import ClassSecurityInfo
from Acquisition import aq_base
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from Products.PluggableAuthService.plugins.ZODBUserManager import ZODBUserManager
from Products.statusmessages.interfaces import IStatusMessage
from proeve.signon.session import SIGNON_REQUIRED
from proeve.signon.session import signon_required_for
from proeve.throttle import THROTTLE
from zope.globalrequest import getRequest
from zope.interface import implementer
import logging


logger = logging.getLogger("proeve.logins")

PLUGIN_ID = "proeve_login_guard"
# The request's note that a password for a login was checked and wrong.
FAILED_MARKER = "proeve.login_failed"
# The request's note that a right password was refused: the school requires sign-on.
SIGNON_MARKER = "proeve.signon_required"


def failed_in(request, login):
    """This request's password for this login was checked already, and was wrong."""
    return bool(request.other.get((FAILED_MARKER, login)))


def signon_required_in(request):
    """This request's password was right, but the login's school requires its sign-on."""
    return request is not None and bool(request.other.get(SIGNON_MARKER))


def client_address(request):
    """The client's address; behind a reverse proxy the one it forwarded, but only when the
    direct peer is one of Zope's trusted proxies (zope.conf `trusted-proxy`)."""
    return request.getClientAddr() if request is not None else ""


@implementer(IAuthenticationPlugin)
class LoginGuard(BasePlugin):
    """Checks passwords through the guarded user managers, after the throttle allows it."""

    meta_type = "Proeve Login Guard"
    security = ClassSecurityInfo()

    def __init__(self, id_=PLUGIN_ID, title="Proeve: wachtwoord raden afremmen"):
        self._setId(id_)
        self.title = title
        self.guarded = ()

    @security.private
    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        if not login or password is None or not isinstance(login, str):
            return None
        request = getRequest()
        client = client_address(request)
        if THROTTLE.wait(login, client) > 0:
            return None  # not even checked: @login says how long to wait
        for manager in self.guarded_managers():
            result = manager.authenticateCredentials(credentials)
            if result is not None:
                THROTTLE.succeeded(login, client)
                if self.school_signon_required(result[0], request):
                    return None
                return result
        if not self.known_above(login, password, request):
            self.count_failure_once(login, client, request)
        return None

    def school_signon_required(self, userid, request):
        """Staff and students of a school that requires its sign-on may not use a password
        (told only after the password was right: the refusal says nothing to a guesser).
        The platform admin keeps the password login."""
        # The school's setting first: it is cheap, and for most logins it ends here, while
        # a PAS user (with its groups and roles) costs every request with Basic auth about
        # half a millisecond.
        portal = self._getPAS().aq_parent
        if not signon_required_for(portal, userid):
            return False
        user = self._getPAS().getUserById(userid)
        if user is None or "Manager" in user.getRoles():
            return False
        if request is not None and not signon_required_in(request):
            request.other[SIGNON_MARKER] = True
            if "__ac_password" in request.form:
                # The login form: Plone adds its own "login failed"; this says why.
                IStatusMessage(request).add(SIGNON_REQUIRED[1], "error")
        return True

    def guarded_managers(self):
        pas = self._getPAS()
        return [pas[pid] for pid in self.guarded if pid in pas.objectIds()]

    def known_above(self, login, password, request):
        """The Zope root's user folder accepts this password: not a failure of this site."""
        root_users = getattr(self.getPhysicalRoot(), "acl_users", None)
        if root_users is None or aq_base(root_users) is aq_base(self._getPAS()):
            return False
        try:
            return root_users.authenticate(login, password, request) is not None
        except Exception:  # noqa: BLE001 - a root that cannot say counts as a failure
            logger.exception("The root user folder could not check a login")
            return False

    @staticmethod
    def count_failure_once(login, client, request):
        # PAS may check the same credentials more than once in a request.
        if request is not None:
            if failed_in(request, login):
                return
            request.other[(FAILED_MARKER, login)] = True
        THROTTLE.failed(login, client)


InitializeClass(LoginGuard)


def install_guard(pas):
    """Put the guard in front of the site's password checks (idempotent)."""
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, LoginGuard())
    guard = pas[PLUGIN_ID]
    plugins = pas.plugins
    guarded = list(guard.guarded)
    for pid in plugins.listPluginIds(IAuthenticationPlugin):
        if isinstance(aq_base(pas[pid]), ZODBUserManager):
            plugins.deactivatePlugin(IAuthenticationPlugin, pid)
            if pid not in guarded:
                guarded.append(pid)
    guard.guarded = tuple(guarded)
    if PLUGIN_ID not in plugins.listPluginIds(IAuthenticationPlugin):
        plugins.activatePlugin(IAuthenticationPlugin, PLUGIN_ID)
    plugins.movePluginsTop(IAuthenticationPlugin, [PLUGIN_ID])
    return guard


def remove_guard(pas):
    """Give the guarded user managers their own password checks back."""
    if PLUGIN_ID not in pas.objectIds():
        return
    plugins = pas.plugins
    for pid in pas[PLUGIN_ID].guarded:
        if pid in pas.objectIds() and pid not in plugins.listPluginIds(IAuthenticationPlugin):
            plugins.activatePlugin(IAuthenticationPlugin, pid)
    pas._delObject(PLUGIN_ID)
