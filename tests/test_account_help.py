"""Getting in (issue 20, point 1): an imported candidate activates an account with the
student code and the address the school entered; a reset link and a forgotten user name by
e-mail address. On REST and on the Classic pages linked from the login page; the answer is
the same whether anything was found or not, and asking too often waits."""

from email import message_from_bytes
from plone import api
from proeve.throttle import FREE_PER_PAIR
from tests.process_helpers import imported_candidate
import pytest
import re
import transaction


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
NEW_PASSWORD = "een-Sterk-wachtwoord-2026"
SANNE = "student-sanne@demo.proeve.invalid"


@pytest.fixture
def newcomer(functional_portal):
    """A candidate the school imported, without a login."""
    return imported_candidate(functional_portal, 98)


@pytest.fixture
def anon(request_factory):
    return request_factory(role="Anonymous")


@pytest.fixture
def page(request_factory):
    return request_factory(role="Anonymous", api=False)


def users():
    transaction.begin()  # see what the server committed
    return {u.getId() for u in api.user.get_users()}


def mails(sent_mail):
    return [message_from_bytes(m) for m in sent_mail]


def body_of(message):
    if message.is_multipart():
        message = message.get_payload(0)
    return message.get_payload(decode=True).decode("utf-8")


def reset_link(message):
    return re.search(r"(\S*/passwordreset/[0-9a-f]+)", body_of(message)).group(1)


def activate(anon, **body):
    return anon.post("@proeve-activation", json=body)


def choose_password(page, link, userid, password=NEW_PASSWORD):
    """What the candidate does with the mail's link: Plone's own password form."""
    path = link.split("/plone/", 1)[1]
    return page.post(
        path,
        data={"userid": userid, "password": password, "password2": password},
        headers={"Accept": "text/html"},
        allow_redirects=False,
    )


class TestActivationOverRest:
    def test_imported_candidate_gets_a_login_and_a_link_to_choose_a_password(
        self, newcomer, anon, page, request_factory, sent_mail
    ):
        response = activate(anon, student_code="100298", email="noor@example.org")
        assert response.status_code == 200, response.text
        assert "e-mail gestuurd" in response.json()["message"]
        assert "noor" in users()
        assert newcomer.userid == "noor"
        [mail] = mails(sent_mail)
        assert mail["To"] == "noor@example.org"
        assert "noor" in body_of(mail)
        done = choose_password(page, reset_link(mail), "noor")
        assert done.status_code in (200, 302), done.text
        noor = request_factory(basic_auth=("noor", NEW_PASSWORD))
        assert noor.get(f"{GROUP}/kandidaat-0098").status_code == 200
        assert noor.get(f"{GROUP}/kandidaat-0001").status_code in (401, 403)
        # Without a PvB yet, the dashboard is already the candidate's own.
        dashboard = request_factory(basic_auth=("noor", NEW_PASSWORD), api=False).get(
            "@@dashboard", headers={"Accept": "text/html", "Accept-Language": "nl"}
        )
        assert '<h2 id="dashboard-pvbs-heading">Mijn PvB</h2>' in dashboard.text

    @pytest.mark.parametrize(
        "body",
        [
            {"student_code": "100298", "email": "someone@else.org"},
            {"student_code": "999999", "email": "noor@example.org"},
            # Sanne has an active login: no second one, and nothing says so.
            {"student_code": "100001", "email": SANNE},
        ],
    )
    def test_a_mismatch_gets_the_same_answer_and_nothing_happens(
        self, newcomer, anon, sent_mail, body
    ):
        before = users()
        answer = activate(anon, **body)
        transaction.begin()
        match = activate(anon, student_code="100298", email="noor@example.org")
        assert answer.status_code == match.status_code == 200
        assert answer.json() == match.json()
        assert users() == before | {"noor"}
        assert [m["To"] for m in mails(sent_mail)] == ["noor@example.org"]

    def test_a_login_the_import_made_but_never_used_gets_a_new_link(
        self, functional_portal, newcomer, anon, sent_mail
    ):
        api.user.create(username="noor-nieuw", email="noor@example.org", password="x" * 20)
        newcomer.userid = "noor-nieuw"
        transaction.commit()
        before = users()
        assert activate(anon, student_code="100298", email="noor@example.org").ok
        assert users() == before
        [mail] = mails(sent_mail)
        assert "userid=noor-nieuw" in body_of(mail)

    def test_asking_too_often_waits_whatever_the_code(self, newcomer, anon, sent_mail):
        before = users()
        for code in ("100298", "999999"):
            for _n in range(FREE_PER_PAIR):
                assert activate(anon, student_code=code, email="noor@example.org").ok
            refused = activate(anon, student_code=code, email="noor@example.org")
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "too_many_attempts"
            assert int(refused.headers["Retry-After"]) >= 1
        # Each allowed request of the match sent a new link, all for the one new login.
        assert [m["To"] for m in mails(sent_mail)] == ["noor@example.org"] * FREE_PER_PAIR
        assert users() == before | {"noor"}

    def test_bad_input_is_named(self, anon):
        missing = activate(anon, email="noor@example.org")
        assert missing.status_code == 400
        assert missing.json()["error"]["code"] == "missing_student_code"
        assert missing.json()["error"]["message"] == "Vul je studentcode in."
        wrong = activate(anon, student_code="100298", email="geen-adres")
        assert wrong.json()["error"]["code"] == "invalid_email"

    def test_answer_in_english(self, newcomer, anon):
        response = anon.post(
            "@proeve-activation",
            json={"student_code": "1", "email": "x@y.nl"},
            headers={"Accept-Language": "en"},
        )
        assert "an e-mail has been sent" in response.json()["message"]


class TestResetAndUserNameOverRest:
    def test_reset_link_by_address(self, anon, page, request_factory, sent_mail):
        response = anon.post("@proeve-password-reset", json={"email": SANNE})
        assert response.status_code == 200, response.text
        [mail] = mails(sent_mail)
        assert SANNE in mail["To"]
        assert choose_password(page, reset_link(mail), "student-sanne").status_code in (200, 302)
        sanne = request_factory(basic_auth=("student-sanne", NEW_PASSWORD))
        assert sanne.get("@users/student-sanne").status_code == 200

    def test_user_name_by_address(self, anon, sent_mail):
        response = anon.post("@proeve-username-reminder", json={"email": SANNE})
        assert response.status_code == 200, response.text
        [mail] = mails(sent_mail)
        assert mail["To"] == SANNE
        assert "student-sanne" in body_of(mail)
        assert "gebruikersnaam" in mail["Subject"]

    @pytest.mark.parametrize("service", ["@proeve-password-reset", "@proeve-username-reminder"])
    def test_an_unknown_address_gets_the_same_answer(self, anon, sent_mail, service):
        known = anon.post(service, json={"email": SANNE})
        unknown = anon.post(service, json={"email": "niemand@example.org"})
        assert unknown.status_code == known.status_code == 200
        assert unknown.json() == known.json()
        assert len(sent_mail) == 1

    @pytest.mark.parametrize("service", ["@proeve-password-reset", "@proeve-username-reminder"])
    def test_throttled_and_checked(self, anon, sent_mail, service):
        for _n in range(FREE_PER_PAIR):
            assert anon.post(service, json={"email": "niemand@example.org"}).ok
        assert anon.post(service, json={"email": "niemand@example.org"}).status_code == 429
        bad = anon.post(service, json={"email": ["x"]})
        assert bad.status_code == 400
        assert bad.json()["error"]["code"] == "invalid_email"


def submit(page, view, **fields):
    form = page.get(view, headers={"Accept": "text/html", "Accept-Language": "nl"})
    assert form.status_code == 200
    token = re.search(r'name="_authenticator"\s+value="([^"]+)"', form.text).group(1)
    return page.post(
        view,
        data=dict(fields, _authenticator=token),
        headers={"Accept": "text/html", "Accept-Language": "nl"},
    )


class TestPages:
    def test_login_page_links_to_the_three_pages(self, page):
        html = page.get("@@login", headers={"Accept": "text/html"}).text
        for view in ("@@account-activation", "@@forgot-password", "@@forgot-username"):
            assert re.search(rf'href="[^"]*/{view}"', html), view

    def test_activation_page(self, newcomer, page, sent_mail):
        done = submit(page, "@@account-activation", student_code="100298", email="noor@example.org")
        assert done.status_code == 200
        assert 'id="account-help-answer"' in done.text
        assert "e-mail gestuurd" in done.text
        assert newcomer.userid is None or users() >= {"noor"}
        assert "noor" in users()
        assert [m["To"] for m in mails(sent_mail)] == ["noor@example.org"]
        unknown = submit(page, "@@account-activation", student_code="999999", email="x@y.nl")
        assert re.search(r'id="account-help-answer">([^<]*)<', unknown.text).group(1) == (
            re.search(r'id="account-help-answer">([^<]*)<', done.text).group(1)
        )
        assert len(sent_mail) == 1

    def test_forgot_password_page(self, page, sent_mail):
        done = submit(page, "@@forgot-password", email=SANNE)
        assert 'id="account-help-answer"' in done.text
        assert [m["To"] for m in mails(sent_mail)] == [SANNE]

    def test_forgot_username_page(self, page, sent_mail):
        done = submit(page, "@@forgot-username", email=SANNE)
        assert 'id="account-help-answer"' in done.text
        assert "student-sanne" in body_of(mails(sent_mail)[0])

    def test_a_problem_is_said_on_the_page(self, page, sent_mail):
        wrong = submit(page, "@@forgot-username", email="geen-adres")
        assert wrong.status_code == 400
        assert "Vul een geldig e-mailadres in." in wrong.text
        assert 'value="geen-adres"' in wrong.text
        assert sent_mail == []
