"""POST @login-renew: a fresh token, but never past the maximum age of the login."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services.auth.renew import Renew
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.logins.tokens import token_plugin
from proeve.services.errors import error
from zope.interface import alsoProvides


LOGIN_EXPIRED = _(
    "error_login_expired",
    default="Deze login is te oud om te verlengen. Log opnieuw in.",
)


class BoundedRenew(Renew):
    def reply(self):
        plugin = token_plugin(self.context)
        if plugin is None:
            return super().reply()
        alsoProvides(self.request, IDisableCSRFProtection)
        membership = getToolByName(self.context, "portal_membership")
        if membership.isAnonymousUser():
            return error(self.request, 401, "invalid_token", LOGIN_EXPIRED)
        auth_time = self.auth_time(plugin)
        if auth_time is not None and plugin.login_age_left(auth_time) <= 0:
            return error(self.request, 401, "login_expired", LOGIN_EXPIRED)
        user = membership.getAuthenticatedMember()
        data = {"fullname": user.getProperty("fullname")}
        if auth_time is not None:
            data["auth_time"] = auth_time  # the new token keeps the time of the login
        token = plugin.create_token(user.getId(), data=data)
        if plugin.store_tokens and self.request._auth:
            plugin.delete_token(self.request._auth[7:])
        return {"token": token}

    def auth_time(self, plugin):
        """The login time in the request's Bearer token; None without one (a cookie)."""
        auth = getattr(self.request, "_auth", None) or ""
        if auth[:7].lower() != "bearer ":
            return None
        payload = plugin._decode_token(auth[7:].strip()) or {}
        return payload.get("auth_time", payload.get("iat"))
