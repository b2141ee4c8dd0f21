"""Archived groups and candidates: hidden for teachers and exam committee, complete for
the school admin, restorable; nothing is deleted."""

from proeve.demo.users import DEMO_PASSWORD
import pytest
import re


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


# -- the lists a school admin works with: archived groups only on request -----------------


def html(request_factory, login, path, **params):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    response = session.get(
        path, params=params, headers={"Accept": "text/html", "Accept-Language": "nl"}
    )
    assert response.status_code == 200, response.status_code
    return response.text


def dashboard_names(page):
    table = page.split('id="dashboard-table"', 1)[-1].split("</table>", 1)[0]
    return sorted(
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="row">(.*?)</th>', table, re.S)
    )


@pytest.fixture
def second_group(functional_portal):
    """A group of the same school that stays active, with one candidate and a PvB."""
    from plone.dexterity.utils import createContentInContainer
    from proeve.content.snapshot import freeze_assignment
    import transaction

    school = functional_portal.unrestrictedTraverse("scholen/roc-de-vaart")
    assignment = functional_portal["examenbank"]["eerste-monteur-installatie-woning"]
    group = createContentInContainer(
        school,
        "ExamGroup",
        checkConstraints=False,
        id="nieuw-2025-25451",
        title="Eerste monteur 2025 (25451)",
        qualification_cohort=2025,
        crebo="25451",
    )
    candidate = createContentInContainer(
        group,
        "Candidate",
        checkConstraints=False,
        student_code="300001",
        first_name="Nora",
        last_name="Actief",
    )
    createContentInContainer(
        candidate,
        "PvB",
        checkConstraints=False,
        assignment_uid=assignment.UID(),
        assignment_snapshot=freeze_assignment(assignment.UID()),
        school_supervisor="docent-vaart",
    )
    transaction.commit()
    return group


def test_archived_group_leaves_the_dashboard_until_asked_for(
    functional_portal, request_factory, as_user, second_group
):
    everyone = html(request_factory, "beheer-vaart", "@@dashboard")
    assert "Sanne de Vries" in dashboard_names(everyone)
    assert 'id="filter-archived"' not in everyone  # nothing archived: no toggle
    assert transition(as_user("beheer-vaart"), GROUP, "archive").status_code == 200

    page = html(request_factory, "beheer-vaart", "@@dashboard")
    # Only the other groups' candidates are left: the test's own and the demo's keuzedeel one.
    assert sorted(dashboard_names(page)) == ["Iris Smit", "Nora Actief"]
    assert "Eerste monteur 2024" not in page  # nor among the group filter's options
    assert 'id="filter-archived"' in page
    assert "Toon gearchiveerde groepen" in page

    page = html(request_factory, "beheer-vaart", "@@dashboard", archived="1")
    assert len(dashboard_names(page)) == 8
    assert "Sanne de Vries" in dashboard_names(page)
    assert "gearchiveerd" in page.split('id="dashboard-table"', 1)[1]
    # The archived records stay reachable for the school admin.
    assert as_user("beheer-vaart").get(PVB).status_code == 200


def test_archived_group_leaves_the_school_page_until_asked_for(
    functional_portal, request_factory, as_user, second_group
):
    school = "scholen/roc-de-vaart"
    page = html(request_factory, "beheer-vaart", school)
    assert 'data-item="mei-2024-25451"' in page
    assert 'id="school-toggle-archived"' not in page
    assert transition(as_user("beheer-vaart"), GROUP, "archive").status_code == 200

    page = html(request_factory, "beheer-vaart", school)
    assert 'data-item="mei-2024-25451"' not in page
    assert 'data-item="nieuw-2025-25451"' in page
    assert 'data-item="opdrachtenbank"' in page
    toggle = re.search(r'<a id="school-toggle-archived"[^>]*>(.*?)</a>', page, re.S)
    assert "Toon gearchiveerde groepen" in toggle.group(1)
    assert "archived=1" in toggle.group(0)

    page = html(request_factory, "beheer-vaart", school, archived="1")
    assert 'data-item="mei-2024-25451"' in page
    assert "Verberg gearchiveerde groepen" in page
    # A teacher never finds the archived group, toggle or not.
    page = html(request_factory, "docent-vaart", school, archived="1")
    assert 'data-item="mei-2024-25451"' not in page
    assert 'data-item="nieuw-2025-25451"' in page
