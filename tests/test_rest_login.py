"""Demo logins work over the REST API of a live WSGI server."""

from plone import api
from proeve.demo.users import DEMO_PASSWORD
from proeve.demo.users import DEMO_USERS
import pytest
import transaction


@pytest.fixture
def anon(request_factory):
    return request_factory(role="Anonymous")


@pytest.mark.parametrize("userid", [row[0] for row in DEMO_USERS])
def test_demo_login_returns_token(anon, userid):
    response = anon.post("@login", json={"login": userid, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    assert token.count(".") == 2  # a JWT

    me = anon.get(f"@users/{userid}", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200, me.text
    assert me.json()["id"] == userid


def test_wrong_password_is_refused(anon):
    response = anon.post("@login", json={"login": "student-sanne", "password": "wrong"})
    assert response.status_code == 401
    assert "token" not in response.json()


def test_site_serves_front_page(request_factory):
    session = request_factory(role="Anonymous", api=False)
    session.headers["Accept"] = "text/html"
    response = session.get("")
    assert response.status_code == 200
    assert "<html" in response.text


def test_site_works_after_uninstall(functional_portal, request_factory):
    installer = api.content.get_view("installer", functional_portal, functional_portal.REQUEST)
    with api.env.adopt_roles(["Manager"]):
        installer.uninstall_product("proeve")
    transaction.commit()

    session = request_factory(role="Anonymous", api=False)
    session.headers["Accept"] = "text/html"
    assert session.get("").status_code == 200

    rest = request_factory(role="Manager")
    assert rest.get("").status_code == 200
    login = request_factory(role="Anonymous").post(
        "@login", json={"login": "docent-vaart", "password": DEMO_PASSWORD}
    )
    assert login.status_code == 200
