"""Inloggen met je schoolaccount: the redirect to the school's provider and its callback.

One callback address for every school (`@@school-signon-callback`, registered at each
provider); which school a callback belongs to comes from the signed pending cookie set when
the sign-on started, so a provider's answer is only ever checked against that school's
issuer and client. A refusal writes nothing and shows why.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve.signon import provider
from proeve.signon import SignOnError
from proeve.signon.matching import match_person
from proeve.signon.session import log_in
from proeve.signon.session import PENDING_COOKIE
from proeve.signon.session import pending_cookie
from proeve.signon.session import read_pending
from proeve.signon.session import school_and_settings
from zope.i18n import translate
from zope.interface import alsoProvides
import transaction


CALLBACK = "@@school-signon-callback"


class SignOnPage(BrowserView):
    refusal = ViewPageTemplateFile("templates/school_signon_refused.pt")

    @property
    def portal(self):
        return self.context.portal_url.getPortalObject()

    def callback_url(self):
        return f"{self.portal.absolute_url()}/{CALLBACK}"

    def cookie_path(self):
        return "/" + "/".join(self.request.physicalPathToVirtualPath(self.portal.getPhysicalPath()))

    def forget_pending(self):
        self.request.response.expireCookie(PENDING_COOKIE, path=self.cookie_path())

    def refused(self, exc):
        transaction.doom()  # nothing of a refused sign-on is kept
        self.forget_pending()
        self.code = exc.code
        self.message = translate(exc.message, context=self.request)
        self.login_url = f"{self.portal.absolute_url()}/login"
        self.request.set("disable_border", True)
        body = self.refusal()
        self.request.response.setStatus(exc.status, lock=True)
        return body


class StartSignOn(SignOnPage):
    """GET ?school=<id>: off to the school's provider."""

    def __call__(self):
        school_id = self.request.form.get("school")
        try:
            _school, settings = school_and_settings(self.portal, school_id)
            url, pending = provider.start(settings, self.callback_url())
        except SignOnError as exc:
            return self.refused(exc)
        self.request.response.setCookie(
            PENDING_COOKIE,
            pending_cookie(settings.school_id, pending),
            path=self.cookie_path(),
            http_only=True,
            same_site="Lax",
            secure=self.request.get("SERVER_URL", "").startswith("https"),
        )
        return self.request.response.redirect(url)


class FinishSignOn(SignOnPage):
    """The provider's redirect back: verify, match within the school, log in."""

    def __call__(self):
        try:
            userid = self.verified_login()
        except SignOnError as exc:
            return self.refused(exc)
        # The session and login time are written on a GET: state, nonce and PKCE are the
        # protection here, checked above.
        alsoProvides(self.request, IDisableCSRFProtection)
        self.forget_pending()
        log_in(self.portal, self.request, userid)
        return self.request.response.redirect(f"{self.portal.absolute_url()}/@@dashboard")

    def verified_login(self):
        pending = read_pending(self.request.cookies.get(PENDING_COOKIE))
        school, settings = school_and_settings(self.portal, pending["school"])
        query = self.request.get("QUERY_STRING", "")
        callback = f"{self.callback_url()}?{query}"
        claims = provider.finish(settings, self.callback_url(), callback, pending)
        return match_person(school, settings, claims)
