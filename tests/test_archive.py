"""Archived groups and candidates: hidden for teachers and exam committee, complete for
the school admin, restorable; nothing is deleted."""

from proeve.demo.users import DEMO_PASSWORD
import pytest


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001"
PVB = f"{SANNE}/pvb-demo"
HIDDEN_FOR = (
    "docent-vaart",
    "examencie-vaart",
    "praktijk-jansen",
    "beoordelaar-1",
    "student-sanne",
)


@pytest.fixture
def as_user(request_factory):
    return lambda login: request_factory(basic_auth=(login, DEMO_PASSWORD))


def visible(session, path):
    by_url = session.get(path).status_code == 200
    uid_search = session.get("@search", params={"path.query": f"/plone/{path}", "path.depth": 0})
    found = uid_search.json()["items_total"] == 1
    assert by_url == found, f"URL and search disagree on {path}"
    return by_url


def transition(session, path, name):
    return session.post(f"{path}/@workflow/{name}", json={"comment": "test"})


@pytest.mark.parametrize("path", [SANNE, GROUP])
def test_archive_hides_all_inside_except_for_the_school_admin(functional_portal, as_user, path):
    admin = as_user("beheer-vaart")
    for login in HIDDEN_FOR:
        assert visible(as_user(login), PVB), login
    response = transition(admin, path, "archive")
    assert response.status_code == 200, response.text

    for login in HIDDEN_FOR:
        session = as_user(login)
        assert not visible(session, PVB), login
        assert not visible(session, SANNE), login
    assert visible(admin, PVB)
    assert visible(admin, SANNE)
    assert visible(as_user("platformbeheer"), PVB)
    listing = as_user("docent-vaart").get(GROUP)
    if path == SANNE:
        names = [i["@id"] for i in listing.json()["items"]]
        assert not any(n.endswith("kandidaat-0001") for n in names)
        assert any(n.endswith("kandidaat-0002") for n in names)

    response = transition(admin, path, "restore")
    assert response.status_code == 200, response.text
    for login in HIDDEN_FOR:
        assert visible(as_user(login), PVB), login


@pytest.mark.parametrize("login", ["docent-vaart", "examencie-vaart", "student-sanne"])
def test_only_the_school_admin_archives(functional_portal, as_user, login):
    response = transition(as_user(login), SANNE, "archive")
    assert response.status_code in (400, 401, 403)
    assert visible(as_user("docent-vaart"), SANNE)


def test_archived_candidate_is_kept_whole(functional_portal, as_user):
    admin = as_user("beheer-vaart")
    before = admin.get(PVB).json()
    assert transition(admin, SANNE, "archive").status_code == 200
    after = admin.get(PVB).json()
    assert after["assignment_snapshot"] == before["assignment_snapshot"]
    assert after["assessor_1"] == before["assessor_1"]
    assert admin.delete(SANNE).status_code in (401, 403)
    assert admin.get(SANNE).status_code == 200
