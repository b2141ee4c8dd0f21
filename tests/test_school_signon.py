"""Sign-on with the school's account (OpenID Connect) against a real provider per school on
loopback: the REST token exchange, the Classic redirect and callback, and a school that
requires its sign-on refusing the password of its staff and students."""

from plone import api
from proeve.demo.users import DEMO_PASSWORD
from tests import oidc
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlparse
from urllib.parse import urlunparse
import lxml.html
import pytest
import requests
import time


pytestmark = pytest.mark.usefixtures("school_signon")

A, B = oidc.SCHOOL_A, oidc.SCHOOL_B
SCHOOL_A = f"scholen/{A}"
SANNE = "student-sanne@demo.proeve.invalid"
DOCENT = "docent-vaart@demo.proeve.invalid"


@pytest.fixture
def anon(request_factory):
    return request_factory(role="Anonymous")


def school_login(anon, school_id, token):
    return anon.post("@school-login", json={"school": school_id, "id_token": token})


def token_for(issuers, school_id, sub, email, issuer_of=None):
    issuer = issuers[issuer_of or school_id]
    oidc.set_person(issuer, sub, email=email)
    return oidc.id_token(issuer, school_id, sub)


def user_count():
    return len(api.user.get_users())


def test_rest_id_token_of_a_student_gives_a_proeve_token(school_signon, anon):
    token = token_for(school_signon, A, "sanne-a", SANNE)
    response = school_login(anon, A, token)
    assert response.status_code == 200, response.text
    proeve_token = response.json()["token"]
    me = anon.get("@users/student-sanne", headers={"Authorization": f"Bearer {proeve_token}"})
    assert me.status_code == 200, me.text
    assert me.json()["id"] == "student-sanne"


def test_rest_id_token_of_staff_matches_by_email(school_signon, anon):
    token = token_for(school_signon, A, "docent-a", DOCENT.upper())
    response = school_login(anon, A, token)
    assert response.status_code == 200, response.text
    me = anon.get(
        "@users/docent-vaart", headers={"Authorization": f"Bearer {response.json()['token']}"}
    )
    assert me.json()["id"] == "docent-vaart"


def test_unknown_person_is_refused_and_no_account_made(school_signon, anon):
    before = user_count()
    token = token_for(school_signon, A, "nobody-a", "nobody@vaart.invalid")
    response = school_login(anon, A, token)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "signon_unknown_person"
    assert "token" not in response.json()
    assert user_count() == before


def test_unverified_email_identifies_nobody(school_signon, anon):
    oidc.set_person(school_signon[A], "docent-unverified", email=DOCENT, email_verified=False)
    token = oidc.id_token(school_signon[A], A, "docent-unverified")
    response = school_login(anon, A, token)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "signon_no_identity"
    assert "(email)" in response.json()["error"]["message"]


def test_wrong_issuer_is_refused(school_signon, anon):
    # School B's provider vouches for A's student, for A's client: not A's issuer.
    token = token_for(school_signon, A, "sanne-b", SANNE, issuer_of=B)
    response = school_login(anon, A, token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "signon_not_verified"


def test_right_signature_but_another_issuer_is_refused(school_signon, anon):
    # A's own provider, asked under another name, signs with A's key but names another
    # issuer in the token.
    issuer = school_signon[A]
    oidc.set_person(issuer, "sanne-other-name", email=SANNE)
    token = oidc.id_token(issuer.replace("localhost", "127.0.0.1"), A, "sanne-other-name")
    response = school_login(anon, A, token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "signon_not_verified"


def test_expired_id_token_is_refused(school_signon, anon, monkeypatch):
    from proeve.signon import provider

    token = token_for(school_signon, A, "sanne-late", SANNE)
    # Two hours on: the provider's ID tokens last one.
    monkeypatch.setattr(provider, "now", lambda: int(time.time()) + 7200)
    response = school_login(anon, A, token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "signon_not_verified"


def test_id_token_older_than_the_bound_is_refused(school_signon, anon, monkeypatch):
    from proeve.signon import provider

    # The provider's tokens last an hour, and it sets iat itself: Proeve's clock moves on.
    token = token_for(school_signon, A, "sanne-old", SANNE)
    monkeypatch.setattr(provider, "now", lambda: int(time.time()) + 5 * 60 + provider.LEEWAY + 5)
    anon.headers["Accept-Language"] = "en"
    response = school_login(anon, A, token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "id_token_too_old"
    assert "older than 5 minutes" in response.json()["error"]["message"]
    assert "token" not in response.json()


def test_id_token_age_bound_is_the_schools_setting(school_signon, anon, monkeypatch):
    from proeve.signon import provider

    token = token_for(school_signon, A, "sanne-slow", SANNE)
    monkeypatch.setattr(provider, "now", lambda: int(time.time()) + 4 * 60)
    assert school_login(anon, A, token).status_code == 200
    monkeypatch.setenv("PROEVE_SIGNON_ROC_DE_VAART_MAX_AGE", "120")
    response = school_login(anon, A, token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "id_token_too_old"


def test_tampered_id_token_is_refused(school_signon, anon):
    token = token_for(school_signon, A, "nobody-t", "nobody@vaart.invalid")
    response = school_login(anon, A, oidc.tampered(token, email=DOCENT))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "signon_not_verified"


def test_person_of_another_school_gains_nothing(school_signon, anon):
    # B's provider says this is Sanne, a student of A: at B she is nobody, and B's token
    # does not open A.
    token = token_for(school_signon, B, "sanne-at-b", SANNE)
    at_b = school_login(anon, B, token)
    assert at_b.status_code == 403
    assert at_b.json()["error"]["code"] == "signon_unknown_person"
    at_a = school_login(anon, A, token)
    assert at_a.status_code == 401
    assert "token" not in at_a.json()


def test_school_without_signon_and_bad_input_are_refused(school_signon, anon):
    token = token_for(school_signon, A, "sanne-x", SANNE)
    assert school_login(anon, "examenbank", token).status_code == 404
    missing = anon.post("@school-login", json={"school": A})
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "missing_id_token"


# The Classic login: @@school-signon, the provider, @@school-signon-callback.


def start(portal_url, school_id):
    browser = requests.Session()
    answer = browser.get(
        f"{portal_url}/@@school-signon", params={"school": school_id}, allow_redirects=False
    )
    assert answer.status_code == 302, answer.text
    return browser, answer.headers["Location"]


def provider_answer(authorize_url, sub):
    """The provider's redirect back to Proeve after this person signed in there."""
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def test_classic_signon_logs_a_staff_member_in(functional_portal, school_signon):
    portal_url = functional_portal.absolute_url()
    oidc.set_person(school_signon[A], "docent-classic", email=DOCENT)
    browser, authorize = start(portal_url, A)
    assert authorize.startswith(school_signon[A])
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"]
    callback = provider_answer(authorize, "docent-classic")
    assert callback.startswith(f"{portal_url}/@@school-signon-callback?")
    answer = browser.get(callback, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    assert answer.headers["Location"] == f"{portal_url}/@@dashboard"
    assert browser.cookies.get("__ac")
    page = browser.get(f"{portal_url}/@@dashboard")
    assert "Dirk Docent" in page.text


def test_classic_signon_with_another_state_is_refused(functional_portal, school_signon):
    portal_url = functional_portal.absolute_url()
    oidc.set_person(school_signon[A], "docent-state", email=DOCENT)
    browser, authorize = start(portal_url, A)
    callback = urlparse(provider_answer(authorize, "docent-state"))
    query = parse_qs(callback.query)
    query["state"] = ["not-the-state"]
    forged = urlunparse(callback._replace(query=urlencode(query, doseq=True)))
    answer = browser.get(forged, allow_redirects=False)
    assert answer.status_code == 401
    assert 'data-code="signon_not_verified"' in answer.text
    assert not browser.cookies.get("__ac")


def test_classic_callback_without_a_started_signon_is_refused(functional_portal, school_signon):
    portal_url = functional_portal.absolute_url()
    oidc.set_person(school_signon[A], "docent-nostart", email=DOCENT)
    _browser, authorize = start(portal_url, A)
    callback = provider_answer(authorize, "docent-nostart")
    answer = requests.get(callback, allow_redirects=False, timeout=10)  # no pending cookie
    assert answer.status_code == 400
    assert "__ac" not in answer.cookies


def test_classic_unknown_person_gets_a_page_and_no_session(functional_portal, school_signon):
    portal_url = functional_portal.absolute_url()
    oidc.set_person(school_signon[A], "nobody-classic", email="nobody@vaart.invalid")
    browser, authorize = start(portal_url, A)
    answer = browser.get(provider_answer(authorize, "nobody-classic"), allow_redirects=False)
    assert answer.status_code == 403
    assert 'data-code="signon_unknown_person"' in answer.text
    assert "er is niets aangemaakt" in answer.text
    assert not browser.cookies.get("__ac")


def test_login_page_offers_each_school(functional_portal, school_signon):
    page = requests.get(f"{functional_portal.absolute_url()}/login", timeout=10)
    assert "Inloggen met je schoolaccount" in page.text
    assert f"school-signon-{A}" in page.text
    assert f"school-signon-{B}" in page.text


# A school that requires its sign-on.


@pytest.fixture
def a_requires_signon(school_signon, monkeypatch):
    oidc.configure(monkeypatch, school_signon, required=(A,))
    return school_signon


def rest_login(anon, login):
    return anon.post("@login", json={"login": login, "password": DEMO_PASSWORD})


def test_required_signon_refuses_the_password_of_staff_and_students(a_requires_signon, anon):
    for login in ("docent-vaart", "student-sanne"):
        response = rest_login(anon, login)
        assert response.status_code == 401, login
        assert response.json()["error"]["code"] == "school_signon_required"
        assert "token" not in response.json()


def test_required_signon_refuses_basic_auth(a_requires_signon, request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    assert session.get("@users/docent-vaart").status_code == 401


def test_required_signon_refuses_the_login_form(a_requires_signon, functional_portal):
    portal_url = functional_portal.absolute_url()
    browser = requests.Session()
    answer = browser.post(
        f"{portal_url}/login",
        data={
            "__ac_name": "docent-vaart",
            "__ac_password": DEMO_PASSWORD,
            "buttons.login": "Inloggen",
        },
        timeout=30,
    )
    assert "Je school vraagt je in te loggen met je schoolaccount" in answer.text
    assert not browser.cookies.get("__ac")


def test_required_signon_keeps_other_password_logins(a_requires_signon, anon):
    # A praktijkbegeleider at a company, the platform admin, and staff of school B.
    for login in ("praktijk-jansen", "platformbeheer", "docent-noorder"):
        assert rest_login(anon, login).status_code == 200, login


def test_required_signon_still_lets_the_school_account_in(a_requires_signon, anon):
    token = token_for(a_requires_signon, A, "docent-req", DOCENT)
    assert school_login(anon, A, token).status_code == 200


def test_wrong_password_under_required_signon_says_nothing_more(a_requires_signon, anon):
    response = anon.post("@login", json={"login": "docent-vaart", "password": "fout"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


# The school's own setting: its admin requires the sign-on (School.signon_required).

STAFF_AND_STUDENT = ("docent-vaart", "student-sanne")


def html_session(request_factory, login):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    session.headers["Accept"] = "text/html"
    return session


def edit_form_post(session, school_path, **changes):
    """The school's edit form as a browser sends it, with the checkbox set as given."""
    page = session.get(f"{school_path}/@@edit")
    assert page.status_code == 200, page.status_code
    form = next(f for f in lxml.html.fromstring(page.text).forms if "form.widgets.brin" in f.fields)
    values = [(k, v) for k, v in form.form_values() if k not in changes]
    for name, on in changes.items():
        values = [(k, v) for k, v in values if k != name]
        if on:
            values.append((name, "selected"))
    values.append(("form.buttons.save", "Opslaan"))
    return session.post(f"{school_path}/@@edit", data=values)


REQUIRED_CHECKBOX = "form.widgets.signon_required:list"


def school_setting(request_factory, school_path=SCHOOL_A):
    manager = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD))
    return manager.get(school_path).json().get("signon_required")


def assert_password_refused_for_staff_and_students(anon, portal_url):
    for login in STAFF_AND_STUDENT:
        response = rest_login(anon, login)
        assert response.status_code == 401, login
        assert response.json()["error"]["code"] == "school_signon_required"
    assert "Je school vraagt je in te loggen" in form_login(portal_url, "student-sanne").text
    # A praktijkbegeleider keeps the password, and so do staff of the other school.
    for login in ("praktijk-jansen", "docent-noorder"):
        assert rest_login(anon, login).status_code == 200, login


def assert_password_still_works(anon):
    for login in (*STAFF_AND_STUDENT, "beheer-vaart"):
        assert rest_login(anon, login).status_code == 200, login


def form_login(portal_url, login):
    return requests.post(
        f"{portal_url}/login",
        data={"__ac_name": login, "__ac_password": DEMO_PASSWORD, "buttons.login": "Inloggen"},
        timeout=30,
    )


def test_school_admin_requires_signon_on_the_edit_form(
    school_signon, request_factory, anon, functional_portal
):
    admin = html_session(request_factory, "beheer-vaart")
    answer = edit_form_post(admin, SCHOOL_A, **{REQUIRED_CHECKBOX: True})
    assert answer.status_code == 200
    assert school_setting(request_factory) is True
    assert_password_refused_for_staff_and_students(anon, functional_portal.absolute_url())
    # The school admin too: from now on through the school's account.
    assert rest_login(anon, "beheer-vaart").json()["error"]["code"] == "school_signon_required"


def test_school_admin_requires_signon_over_rest(
    school_signon, request_factory, anon, functional_portal
):
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    response = admin.patch(SCHOOL_A, json={"signon_required": True})
    assert response.status_code == 204, response.text
    assert school_setting(request_factory) is True
    assert_password_refused_for_staff_and_students(anon, functional_portal.absolute_url())
    # Switched off again (by the platform admin now: the school admin's password is refused).
    manager = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD))
    assert manager.patch(SCHOOL_A, json={"signon_required": False}).status_code == 204
    assert_password_still_works(anon)


def test_signon_cannot_be_required_without_a_provider(
    school_signon, request_factory, anon, monkeypatch
):
    oidc.configure(monkeypatch, {B: school_signon[B]})  # only B has a provider
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    for language, text in (("nl", "pas verplicht worden"), ("en", "can only be required")):
        admin.headers["Accept-Language"] = language
        response = admin.patch(SCHOOL_A, json={"signon_required": True, "brin": "99ZZ"})
        assert response.status_code == 409, response.text
        error = response.json()["error"]
        assert (error["code"], error["field"]) == ("signon_not_configured", "signon_required")
        assert text in error["message"]
    page = edit_form_post(
        html_session(request_factory, "beheer-vaart"), SCHOOL_A, **{REQUIRED_CHECKBOX: True}
    )
    assert "pas verplicht worden" in page.text
    assert school_setting(request_factory) is False
    assert (
        request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD)).get(SCHOOL_A).json()["brin"]
        != "99ZZ"
    )
    assert_password_still_works(anon)


def test_admin_of_another_school_cannot_require_signon(school_signon, request_factory, anon):
    other = request_factory(basic_auth=("beheer-noorder", DEMO_PASSWORD))
    response = other.patch(SCHOOL_A, json={"signon_required": True})
    assert response.status_code in (401, 403), response.text
    browser = html_session(request_factory, "beheer-noorder")
    assert REQUIRED_CHECKBOX not in browser.get(f"{SCHOOL_A}/@@edit").text
    data = {REQUIRED_CHECKBOX: "selected", "form.buttons.save": "Opslaan"}
    browser.post(f"{SCHOOL_A}/@@edit", data=data)
    assert school_setting(request_factory) is False
    assert_password_still_works(anon)
