"""Accounts: self-registration with a student code, accounts made by the school admin,
the roster with the assessor register, and Plone's own password reset."""

from email import message_from_bytes
from plone import api
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import imported_candidate
import pytest
import transaction


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
NEW_PASSWORD = "een-Sterk-wachtwoord-2026"


@pytest.fixture
def newcomer(functional_portal):
    """A candidate the school entered, without a login yet."""
    return imported_candidate(functional_portal, 99)


@pytest.fixture
def anon(request_factory):
    return request_factory(role="Anonymous")


@pytest.fixture
def as_user(request_factory):
    return lambda login, password=DEMO_PASSWORD: request_factory(basic_auth=(login, password))


def users():
    transaction.begin()  # see what the live server committed
    return {u.getId() for u in api.user.get_users()}


class TestNoRegistrationWithoutTheMail:
    def test_a_login_with_a_chosen_password_needs_the_mail_first(self, newcomer, anon):
        """Issue 20.1: @proeve-registration made a login with a password of the caller's
        choosing for anyone who knew a candidate's student code and imported address (neither
        is secret), so a classmate could take the account over. Only @proeve-activation is
        left: the password is chosen through the link mailed to the imported address."""
        before = users()
        response = anon.post(
            "@proeve-registration",
            json={
                "school": "roc-de-vaart",
                "student_code": "100299",
                "email": "noor@example.org",
                "username": "noor",
                "password": NEW_PASSWORD,
            },
        )
        assert response.status_code == 404
        assert users() == before
        assert newcomer.userid is None


class TestSchoolAccounts:
    def test_school_admin_creates_an_assessor_who_gets_a_welcome_mail(
        self, functional_portal, as_user, sent_mail
    ):
        response = as_user("beheer-vaart").post(
            "scholen/roc-de-vaart/@school-accounts",
            json={
                "username": "beoordelaar-3",
                "email": "b3@example.org",
                "fullname": "Bert Drie",
                "groups": ["Assessors"],
            },
        )
        assert response.status_code == 201, response.text
        assert response.json() == {"userid": "beoordelaar-3", "created": True, "mail_sent": True}
        assert len(sent_mail) == 1
        assert "b3@example.org" in message_from_bytes(sent_mail[0])["To"]
        assert "beoordelaar-3" in users()
        assert set(api.user.get_roles(username="beoordelaar-3")) == {"Member", "Authenticated"}
        vocabulary = as_user("docent-vaart").get(
            "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0002/pvb-demo/@vocabularies/"
            "proeve.roster.Assessors"
        )
        assert "beoordelaar-3" in vocabulary.text

    @pytest.mark.parametrize("login", ["docent-vaart", "beheer-noorder", "student-sanne"])
    def test_only_the_school_admin_may(self, functional_portal, as_user, login):
        before = users()
        response = as_user(login).post(
            "scholen/roc-de-vaart/@school-accounts",
            json={"username": "x1", "email": "x1@example.org", "groups": ["Assessors"]},
        )
        assert response.status_code in (401, 403)
        assert users() == before

    def test_an_existing_person_is_reused_only_with_their_email(self, functional_portal, as_user):
        admin_b = as_user("beheer-noorder")
        ok = admin_b.post(
            "scholen/noorderlicht-college/@school-accounts",
            json={
                "username": "beoordelaar-1",
                "email": "beoordelaar-1@demo.proeve.invalid",
                "groups": ["Assessors"],
            },
        )
        assert ok.status_code == 200, ok.text
        assert ok.json()["created"] is False
        wrong = admin_b.post(
            "scholen/noorderlicht-college/@school-accounts",
            json={"username": "beoordelaar-2", "email": "me@evil.org", "groups": ["Assessors"]},
        )
        assert wrong.status_code == 400
        assert wrong.json()["error"]["code"] == "username_unavailable"
        roster = admin_b.get("scholen/noorderlicht-college/@school-roster").json()["items"]
        assert {i["userid"] for i in roster} >= {"beoordelaar-1"}
        assert "beoordelaar-2" not in {i["userid"] for i in roster}

    def test_unknown_group_is_refused(self, functional_portal, as_user):
        response = as_user("beheer-vaart").post(
            "scholen/roc-de-vaart/@school-accounts",
            json={"username": "x2", "email": "x2@example.org", "groups": ["Managers"]},
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_groups"
        assert "x2" not in users()


class TestRoster:
    def test_register_entry_is_kept_by_the_school_admin(self, functional_portal, as_user):
        path = "scholen/roc-de-vaart/@school-roster"
        patch = as_user("beheer-vaart").patch(
            path,
            json={
                "userid": "beoordelaar-1",
                "register_number": "RGB-12345",
                "register_expiry": "2027-06-30",
            },
        )
        assert patch.status_code == 204, patch.text
        items = as_user("docent-vaart").get(path).json()["items"]
        entry = next(i for i in items if i["userid"] == "beoordelaar-1")
        assert entry["register_number"] == "RGB-12345"
        assert entry["register_expiry"] == "2027-06-30"
        assert entry["groups"] == ["Assessors"]

    def test_bad_patches_change_nothing(self, functional_portal, as_user):
        path = "scholen/roc-de-vaart/@school-roster"
        admin = as_user("beheer-vaart")
        before = admin.get(path).json()
        for body, code in (
            ({"userid": "beoordelaar-1", "register_expiry": "30-06-2027"}, "invalid_date"),
            ({"userid": "beoordelaar-1", "groups": ["Admins", "Root"]}, "invalid_groups"),
            ({"userid": "beheer-noorder", "register_number": "X"}, "not_on_roster"),
            ({"userid": "beoordelaar-1", "register_number": "x" * 41}, "invalid_register_number"),
        ):
            response = admin.patch(path, json=body)
            assert response.status_code == 400, body
            assert response.json()["error"]["code"] == code
        assert admin.get(path).json() == before
        denied = as_user("docent-vaart").patch(
            path, json={"userid": "beoordelaar-1", "register_number": "X"}
        )
        assert denied.status_code in (401, 403)
        assert as_user("beheer-noorder").get(path).status_code in (401, 403)


def test_password_reset_by_email(functional_portal, anon, sent_mail):
    response = anon.post("@users/student-sanne/reset-password")
    assert response.status_code in (200, 204), response.text
    assert len(sent_mail) == 1
    message = message_from_bytes(sent_mail[0])
    assert "student-sanne@demo.proeve.invalid" in message["To"]


@pytest.mark.parametrize("view", ["@@login", "@@login-help"])
def test_login_pages_tell_how_to_find_a_forgotten_user_name(request_factory, view):
    page = request_factory(role="Anonymous", api=False).get(
        view, headers={"Accept": "text/html", "Accept-Language": "nl"}
    )
    assert page.status_code == 200
    assert "Gebruikersnaam vergeten" in page.text
    assert "contactpersoon" in page.text
