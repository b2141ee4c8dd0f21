"""The domain model over REST: what the school does, and what the server refuses."""

from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import SCHOOL_ASSIGNMENT
from tests.process_helpers import SCHOOL_ASSIGNMENT_TITLE
import pytest
import transaction


GROUP = "scholen/roc-de-vaart/mei-2024-25451"


@pytest.fixture
def as_user(request_factory):
    return lambda login: request_factory(basic_auth=(login, DEMO_PASSWORD))


def candidate_body(**changes):
    body = {
        "@type": "Candidate",
        "student_code": "100777",
        "first_name": "Fenna",
        "last_name": "Visser",
        "email": "fenna@example.org",
    }
    body.update(changes)
    return body


def test_platform_admin_creates_a_school_and_its_first_admin(functional_portal, as_user):
    platform = as_user("platformbeheer")
    school = platform.post("scholen", json={"@type": "School", "title": "Techniek College West"})
    assert school.status_code == 201, school.text
    path = school.json()["@id"].replace(functional_portal.absolute_url() + "/", "")
    assert platform.get(f"{path}/opdrachtenbank").status_code == 200
    admin = platform.post(
        f"{path}/@school-accounts",
        json={
            "username": "beheer-west",
            "email": "beheer@west.example.org",
            "fullname": "Wim West",
            "groups": ["Admins"],
            "password": "west-Beheer-2026!",
        },
    )
    assert admin.status_code == 201, admin.text
    west = as_user("beheer-west")
    west.auth = ("beheer-west", "west-Beheer-2026!")
    assert west.get(path).status_code == 200
    assert west.get("scholen/roc-de-vaart").status_code in (401, 403)
    group = west.post(
        path,
        json={
            "@type": "ExamGroup",
            "title": "Groep 1",
            "qualification_cohort": 2025,
            "crebo": "25451",
        },
    )
    assert group.status_code == 201, group.text
    # The new school's staff may read the national bank.
    assert west.get("examenbank/eerste-monteur-installatie-woning").status_code == 200


def test_a_school_admin_cannot_create_a_school(as_user):
    response = as_user("beheer-vaart").post("scholen", json={"@type": "School", "title": "X"})
    assert response.status_code in (401, 403)


def test_candidate_ids_carry_no_personal_data(functional_portal, as_user):
    response = as_user("docent-vaart").post(GROUP, json=candidate_body())
    assert response.status_code == 201, response.text
    url = response.json()["@id"]
    assert "fenna" not in url.lower()
    assert "visser" not in url.lower()
    assert "100777" not in url
    assert response.json()["first_name"] == "Fenna"


def test_student_code_is_unique_within_the_school(functional_portal, as_user):
    supervisor = as_user("docent-vaart")
    duplicate = supervisor.post(GROUP, json=candidate_body(student_code="100231"))
    assert duplicate.status_code == 400
    assert "100231" in duplicate.text
    transaction.begin()
    codes = [
        b.student_code
        for b in functional_portal.portal_catalog.unrestrictedSearchResults(portal_type="Candidate")
        if hasattr(b, "student_code")
    ]
    assert codes.count("100231") <= 1
    # Another school may use the same code.
    other = as_user("docent-noorder").post(
        "scholen/noorderlicht-college/koude-2023-25462", json=candidate_body(student_code="100231")
    )
    assert other.status_code == 201, other.text
    # Editing a candidate may keep its own code.
    keep = supervisor.patch(f"{GROUP}/kandidaat-0001", json={"student_code": "100231"})
    assert keep.status_code == 204, keep.text
    taken = supervisor.patch(f"{GROUP}/kandidaat-0001", json={"student_code": "100232"})
    assert taken.status_code == 400


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"student_code": "has space"}, "student_code"),
        ({"email": "not-an-email"}, "email"),
        ({"first_name": None}, "first_name"),
    ],
)
def test_bad_candidate_input_is_refused(functional_portal, as_user, changes, field):
    response = as_user("docent-vaart").post(GROUP, json=candidate_body(**changes))
    assert response.status_code == 400
    assert field in response.text


def test_pvb_takes_only_an_assignment_of_its_own_school_or_the_national_bank(
    functional_portal, as_user
):
    portal = functional_portal
    national = portal.examenbank["service-monteur-storing"].UID()
    own_bank = portal.scholen["roc-de-vaart"]["opdrachtenbank"]["meterkast-vervangen"].UID()
    noorder = as_user("docent-noorder")
    path = "scholen/noorderlicht-college/koude-2023-25462/kandidaat-0001"
    refused = noorder.post(path, json={"@type": "PvB", "assignment_uid": own_bank})
    assert refused.status_code == 400
    assert "assignment_uid" in refused.text
    accepted = noorder.post(path, json={"@type": "PvB", "assignment_uid": national})
    assert accepted.status_code == 201, accepted.text
    assert "/pvb-" in accepted.json()["@id"]


def test_a_pvb_keeps_its_frozen_assignment(functional_portal, as_user):
    pvb = f"{GROUP}/kandidaat-0001/pvb-demo"
    platform = as_user("platformbeheer")
    before = platform.get(pvb).json()["assignment_snapshot"]
    assert before["title"] == "Installeren van een woninginstallatie"
    assert len(before["work_processes"]) == 3
    assert before["version"] == 0  # the first saved version of the assignment
    # A vastgestelde opdracht is not changed at all ...
    national = "examenbank/eerste-monteur-installatie-woning"
    assert platform.patch(national, json={"title": "Nieuw"}).status_code in (401, 403)
    # ... and a draft (an own assignment) may change without touching the PvB made from it.
    supervisor = as_user("docent-vaart")
    mo = functional_portal.unrestrictedTraverse(f"{GROUP}/kandidaat-0002").UID()
    own = supervisor.post(
        "scholen/roc-de-vaart/opdrachtenbank",
        json={
            "@type": "ExamAssignment",
            "title": "Eigen opdracht Mo",
            "crebo": "25451",
            "qualification": "Monteur",
            "qualification_cohort": 2024,
            "kind": "own",
            "candidate_uid": mo,
            "work_processes": [
                {"code": "W1", "title": "A", "criteria": [{"id": "c1", "text": "x"}]}
            ],
        },
    )
    assert own.status_code == 201, own.text
    made = supervisor.post(
        f"{GROUP}/kandidaat-0002", json={"@type": "PvB", "assignment_uid": own.json()["UID"]}
    )
    assert made.status_code == 201, made.text
    frozen = made.json()["assignment_snapshot"]
    own_path = own.json()["@id"].replace(functional_portal.absolute_url() + "/", "")
    changed = supervisor.patch(own_path, json={"title": "Anders", "work_processes": []})
    assert changed.status_code == 204, changed.text
    pvb_path = made.json()["@id"].replace(functional_portal.absolute_url() + "/", "")
    assert supervisor.get(pvb_path).json()["assignment_snapshot"] == frozen


def test_bad_work_processes_are_refused(functional_portal, as_user):
    path = "scholen/roc-de-vaart/opdrachtenbank"
    body = {
        "@type": "ExamAssignment",
        "title": "Dubbel",
        "crebo": "25451",
        "qualification": "Monteur",
        "qualification_cohort": 2024,
        "kind": "school",
        "work_processes": [
            {"code": "W1", "title": "A", "criteria": [{"id": "c1", "text": "x"}]},
            {"code": "W2", "title": "B", "criteria": [{"id": "c1", "text": "y"}]},
        ],
    }
    supervisor = as_user("docent-vaart")
    duplicate = supervisor.post(path, json=body)
    assert duplicate.status_code == 400
    assert "c1" in duplicate.text
    body["work_processes"] = [{"code": "W1", "title": "A", "criteria": []}]
    empty = supervisor.post(path, json=body)
    assert empty.status_code == 400
    body["work_processes"] = []
    body["crebo"] = "12"
    assert supervisor.post(path, json=body).status_code == 400
    body["crebo"] = "25451"
    assert supervisor.post(path, json=body).status_code == 201


def test_a_new_pvb_is_found_by_its_assignment_title(functional_portal, as_user):
    uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    supervisor = as_user("docent-vaart")
    created = supervisor.post(
        f"{GROUP}/kandidaat-0002", json={"@type": "PvB", "assignment_uid": uid}
    )
    assert created.status_code == 201, created.text
    found = supervisor.get(
        "@search", params={"UID": created.json()["UID"], "metadata_fields": "Title"}
    ).json()["items"]
    assert found[0]["title"] == f"{SCHOOL_ASSIGNMENT_TITLE} — Mohammed El Amrani"


def test_only_the_school_admin_links_a_login_to_a_candidate(functional_portal, as_user):
    path = f"{GROUP}/kandidaat-0002"
    supervisor, admin = as_user("docent-vaart"), as_user("beheer-vaart")
    supervisor.patch(path, json={"userid": "docent-vaart"})
    assert supervisor.get(path).json()["userid"] == "student-mo"
    # The teacher did not become the candidate.
    transaction.begin()
    roles = functional_portal.acl_users._getAllLocalRoles(
        functional_portal.unrestrictedTraverse(path)
    )
    assert "ExamCandidate" not in roles.get("docent-vaart", ())

    for login, code in (("no-such-user", "Er bestaat geen account"), ("student-sanne", "andere")):
        refused = admin.patch(path, json={"userid": login})
        assert refused.status_code == 400
        assert code in refused.text
    assert admin.get(path).json()["userid"] == "student-mo"


def test_nobody_writes_the_frozen_copy(functional_portal, as_user):
    pvb = f"{GROUP}/kandidaat-0001/pvb-demo"
    supervisor = as_user("docent-vaart")
    before = supervisor.get(pvb).json()["assignment_snapshot"]
    supervisor.patch(pvb, json={"assignment_snapshot": {"title": "vervalst"}})
    assert supervisor.get(pvb).json()["assignment_snapshot"] == before
