"""The login rules over real HTTP (docs/api.md "Logging in"): which identity a request runs
as, tokens that end, cross-site writes, and a reset mail that tells nobody which logins
exist. Password guessing: tests/test_throttle.py."""

from plone.app.testing.utils import MockMailHost
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
import jwt
import pytest
import smtplib
import time


@pytest.fixture
def anon(request_factory):
    return request_factory(role="Anonymous")


def token_of(session, login, password=DEMO_PASSWORD):
    response = session.post("@login", json={"login": login, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def reads_own_record(session, login, token=None):
    """200 when the request runs as `login` (a user may read only their own record)."""
    headers = bearer(token) if token else {}
    return session.get(f"@users/{login}", headers=headers).status_code


# 8. Which identity


def test_a_bearer_token_decides_over_the_session_cookie(request_factory):
    client = request_factory(role="Anonymous")
    token_of(client, "docent-vaart")  # @login also sets the session cookie __ac
    assert "__ac" in client.cookies
    assert reads_own_record(client, "docent-vaart") == 200  # the cookie alone: docent
    other = token_of(request_factory(role="Anonymous"), "beheer-vaart")
    assert reads_own_record(client, "beheer-vaart", other) == 200
    # Runs as the token's login, not the cookie's.
    assert reads_own_record(client, "docent-vaart", other) in (401, 403)


def test_an_invalid_token_is_not_replaced_by_the_cookie(request_factory):
    client = request_factory(role="Anonymous")
    token_of(client, "docent-vaart")
    assert reads_own_record(client, "docent-vaart", "not.a.token") == 401


# 9. Tokens end


def test_logout_ends_the_tokens_issued_before(anon, request_factory):
    token = token_of(anon, "docent-vaart")
    second = token_of(request_factory(role="Anonymous"), "docent-vaart")
    fresh = request_factory(role="Anonymous")
    assert reads_own_record(fresh, "docent-vaart", token) == 200
    assert fresh.post("@logout", headers=bearer(token)).status_code in (200, 204)
    assert reads_own_record(fresh, "docent-vaart", token) == 401
    assert reads_own_record(fresh, "docent-vaart", second) == 401
    assert fresh.post("@login-renew", headers=bearer(token)).status_code == 401
    # A new login works again.
    assert reads_own_record(fresh, "docent-vaart", token_of(fresh, "docent-vaart")) == 200


def test_classic_logout_ends_the_tokens_too(request_factory):
    token = token_of(request_factory(role="Anonymous"), "docent-vaart")
    browser = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    assert browser.get("logout", headers={"Accept": "text/html"}).status_code == 200
    assert reads_own_record(request_factory(role="Anonymous"), "docent-vaart", token) == 401


def test_a_password_change_ends_the_tokens_issued_before(request_factory):
    client = request_factory(role="Anonymous")
    token = token_of(client, "docent-vaart")
    changed = client.post(
        "@users/docent-vaart/reset-password",
        json={"old_password": DEMO_PASSWORD, "new_password": "een-nieuw-wachtwoord-42"},
        headers=bearer(token),
    )
    assert changed.status_code in (200, 204), changed.text
    assert reads_own_record(client, "docent-vaart", token) == 401
    new = token_of(client, "docent-vaart", "een-nieuw-wachtwoord-42")
    assert reads_own_record(client, "docent-vaart", new) == 200


def test_renewal_ends_at_the_maximum_age_of_the_login(anon, monkeypatch):
    from proeve.logins import tokens

    token = token_of(anon, "docent-vaart")
    logged_in = jwt.decode(token, options={"verify_signature": False})["auth_time"]
    day = tokens.MAX_LOGIN_AGE
    monkeypatch.setattr(tokens, "now", lambda: logged_in + day - 3600)
    renewed = anon.post("@login-renew", headers=bearer(token))
    assert renewed.status_code == 200, renewed.text
    renewed_token = renewed.json()["token"]
    payload = jwt.decode(renewed_token, options={"verify_signature": False})
    assert payload["auth_time"] == logged_in  # the login's time is kept
    assert payload["exp"] <= time.time() + 3600 + 5  # never past the maximum age
    monkeypatch.setattr(tokens, "now", lambda: logged_in + day + 1)
    assert anon.post("@login-renew", headers=bearer(renewed_token)).status_code == 401
    assert reads_own_record(anon, "docent-vaart", renewed_token) == 401


# 11. Cross-site writes


def classic_login(request_factory, login, password=DEMO_PASSWORD):
    """A browser with plone.session's __ac cookie (which @login sets as the login form does)."""
    browser = request_factory(role="Anonymous", api=False)
    token_of(browser, login, password)
    assert "__ac" in browser.cookies
    return browser


def copy_cookie(request_factory, browser):
    """Another client holding a captured copy of browser's cookie."""
    thief = request_factory(role="Anonymous")
    thief.cookies.set("__ac", browser.cookies.get("__ac"))
    thief.headers.pop("Authorization", None)
    return thief


def test_classic_logout_ends_the_session_cookie_everywhere(request_factory):
    browser = classic_login(request_factory, "docent-vaart")
    thief = copy_cookie(request_factory, browser)
    assert reads_own_record(thief, "docent-vaart") == 200
    browser.get("logout", headers={"Accept": "text/html"})
    assert reads_own_record(thief, "docent-vaart") == 401


def test_a_password_change_ends_the_session_cookie(request_factory):
    browser = classic_login(request_factory, "docent-vaart")
    thief = copy_cookie(request_factory, browser)
    client = request_factory(role="Anonymous")
    changed = client.post(
        "@users/docent-vaart/reset-password",
        json={"old_password": DEMO_PASSWORD, "new_password": "een-nieuw-wachtwoord-42"},
        headers=bearer(token_of(client, "docent-vaart")),
    )
    assert changed.status_code in (200, 204), changed.text
    assert reads_own_record(thief, "docent-vaart") == 401
    again = classic_login(request_factory, "docent-vaart", "een-nieuw-wachtwoord-42")
    assert reads_own_record(copy_cookie(request_factory, again), "docent-vaart") == 200


def cookie_session(request_factory, login):
    session = request_factory(role="Anonymous")
    token_of(session, login)
    return session


def test_a_cross_site_approval_by_cookie_is_refused(functional_portal, request_factory):
    process = Process(request_factory)
    content_hash = process.dossier("docent-vaart")["content_hash"]
    before = process.actions()
    session = cookie_session(request_factory, "docent-vaart")
    forged = session.post(
        f"{SANNE_PVB}/@approve",
        data=f'{{"content_hash": "{content_hash}"}}',
        headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
    )
    assert forged.status_code == 403, forged.text
    assert forged.json()["error"]["code"] == "cross_site_request"
    # A form body from the site's own origin is refused too: any page can send one.
    site = functional_portal.absolute_url().split("/plone")[0]
    same_site_form = session.post(
        f"{SANNE_PVB}/@approve",
        data=f'{{"content_hash": "{content_hash}"}}',
        headers={"Content-Type": "text/plain", "Origin": site},
    )
    assert same_site_form.status_code == 403
    assert process.actions() == before
    # JSON from the site's own pages is accepted.
    own = session.post(
        f"{SANNE_PVB}/@approve", json={"content_hash": content_hash}, headers={"Origin": site}
    )
    assert own.status_code == 201, own.text


def test_cookie_writes_to_plone_endpoints_need_the_same_origin(functional_portal, request_factory):
    session = cookie_session(request_factory, "docent-vaart")
    site = functional_portal.absolute_url().split("/plone")[0]
    body = {"fullname": "Door een andere site"}
    foreign = session.patch(
        "@users/docent-vaart", json=body, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    no_origin = session.patch("@users/docent-vaart", json=body)
    assert no_origin.status_code == 403
    foreign_referer = session.patch(
        "@users/docent-vaart", json=body, headers={"Referer": "https://evil.example/x"}
    )
    assert foreign_referer.status_code == 403
    assert session.get("@users/docent-vaart").json()["fullname"] != body["fullname"]
    assert session.patch("@users/docent-vaart", json=body, headers={"Origin": site}).ok
    assert session.get("@users/docent-vaart").json()["fullname"] == body["fullname"]


def test_token_requests_are_not_affected(request_factory):
    session = cookie_session(request_factory, "docent-vaart")
    token = token_of(request_factory(role="Anonymous"), "docent-vaart")
    response = session.patch(
        "@users/docent-vaart",
        json={"fullname": "Met een token"},
        headers={"Origin": "https://elders.example", **bearer(token)},
    )
    assert response.ok, response.text


def test_a_csrf_token_allows_a_cookie_write(functional_portal, request_factory):
    from plone import api
    from plone.protect.authenticator import createToken
    from zope.component.hooks import setSite

    session = cookie_session(request_factory, "docent-vaart")
    setSite(functional_portal)
    with api.env.adopt_user(username="docent-vaart"):
        csrf = createToken()
    response = session.patch(
        "@users/docent-vaart", json={"fullname": "Met CSRF-token"}, headers={"X-CSRF-TOKEN": csrf}
    )
    assert response.ok, response.text


# 12. User enumeration


@pytest.mark.parametrize("login", ["student-sanne", "bestaat-niet"])
def test_a_reset_request_answers_the_same_for_every_login(anon, sent_mail, login):
    response = anon.post(f"@users/{login}/reset-password")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "message": "Als deze gebruikersnaam bestaat, is er een e-mail gestuurd met een link "
        "om een nieuw wachtwoord te kiezen."
    }
    assert len(sent_mail) == (1 if login == "student-sanne" else 0)


def test_a_failing_mail_server_gives_the_same_answer(anon, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr(MockMailHost, "send", refuse)
    response = anon.post("@users/student-sanne/reset-password")
    assert response.status_code == 200
    assert "message" in response.json()


def test_a_reset_token_for_an_unknown_login_is_refused_like_a_wrong_one(anon):
    body = {"reset_token": "abc", "new_password": "een-nieuw-wachtwoord-42"}
    known = anon.post("@users/student-sanne/reset-password", json=body)
    unknown = anon.post("@users/bestaat-niet/reset-password", json=body)
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())


def test_the_classic_reset_form_answers_the_same(request_factory, sent_mail):
    pages = {}
    for login in ("student-sanne", "bestaat-niet"):
        browser = request_factory(role="Anonymous", api=False)
        page = browser.post(
            "mail_password",
            data={"userid": login},
            headers={"Accept": "text/html", "Accept-Language": "nl"},
        )
        assert page.status_code == 200
        assert "kon niet worden gevonden" not in page.text
        pages[login] = page.url
    assert pages["student-sanne"] == pages["bestaat-niet"]
    assert len(sent_mail) == 1


# The upgrade step (1011) brings an existing site's acl_users to the login rules.


def test_the_upgrade_installs_the_login_rules(portal):
    from plone.restapi.pas.plugin import JWTAuthenticationPlugin
    from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
    from Products.PluggableAuthService.interfaces.plugins import IExtractionPlugin
    from proeve.logins.guard import PLUGIN_ID
    from proeve.logins.guard import remove_guard
    from proeve.logins.tokens import ProeveJWTPlugin
    from proeve.upgrades.v1011 import login_rules_in_pas

    pas = portal.acl_users
    # The site as it was: plone.restapi's own JWT plugin, source_users checks passwords.
    remove_guard(pas)
    extractors = pas.plugins.listPluginIds(IExtractionPlugin)
    pas._delObject("jwt_auth")
    pas._setObject("jwt_auth", JWTAuthenticationPlugin("jwt_auth"))
    for interface in (IAuthenticationPlugin, IExtractionPlugin):
        pas.plugins.activatePlugin(interface, "jwt_auth")
    while pas.plugins.listPluginIds(IExtractionPlugin) != extractors:
        pas.plugins.movePluginsUp(IExtractionPlugin, ["jwt_auth"])
    old_token = pas.jwt_auth.create_token("docent-vaart")
    assert "source_users" in pas.plugins.listPluginIds(IAuthenticationPlugin)

    login_rules_in_pas(portal.portal_setup)
    authenticators = pas.plugins.listPluginIds(IAuthenticationPlugin)
    assert authenticators[0] == PLUGIN_ID
    assert "source_users" not in authenticators
    assert isinstance(pas.jwt_auth, ProeveJWTPlugin)
    assert pas.plugins.listPluginIds(IExtractionPlugin) == extractors
    # Tokens issued before the upgrade stay valid until logout or their end.
    credentials = {"extractor": "jwt_auth", "token": old_token}
    assert pas.jwt_auth.authenticateCredentials(credentials) == ("docent-vaart", "docent-vaart")
    assert pas.authenticate("docent-vaart", DEMO_PASSWORD, portal.REQUEST) is not None
    login_rules_in_pas(portal.portal_setup)  # a second run changes nothing
    assert pas.plugins.listPluginIds(IAuthenticationPlugin) == authenticators
