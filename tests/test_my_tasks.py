"""@my-tasks: what waits for whom, in every role, over all schools of a person."""

from proeve.demo.users import DEMO_PASSWORD
import pytest


@pytest.fixture
def tasks(request_factory):
    def get(login):
        response = request_factory(basic_auth=(login, DEMO_PASSWORD)).get("@my-tasks")
        assert response.status_code == 200
        return sorted((i["task"], i["title"].split(" — ")[-1]) for i in response.json()["items"])

    return get


def test_each_person_sees_their_turn(functional_portal, tasks):
    # Demo: Sanne/Mo/Lotte in preparation, Daan ter vaststelling, Eline in uitvoering,
    # Finn in beoordeling (first form recorded, second not).
    assert ("approve", "Sanne de Vries") in tasks("student-sanne")
    assert tasks("praktijk-jansen") == [
        ("approve", "Lotte Hoekstra"),
        ("approve", "Sanne de Vries"),
    ]
    assert tasks("vaststeller-vaart") == [("establish", "Daan Jansen")]
    assert tasks("student-eline") == [("upload_evidence", "Eline Bos")]
    assert ("assess", "Finn de Boer") in tasks("beoordelaar-2")
    assert ("assess", "Finn de Boer") not in tasks("beoordelaar-1")  # recorded already
    assert tasks("examencie-vaart") == []  # Finn's second form is not recorded yet
    assert tasks("beheer-noorder") == []


def test_tasks_follow_people_changes(functional_portal, request_factory, tasks):
    supervisor = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    pvb = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0002/pvb-demo"
    assert ("approve", "Mohammed El Amrani") not in tasks("praktijk-jansen")
    response = supervisor.patch(f"{pvb}/@people", json={"workplace_supervisor": "praktijk-jansen"})
    assert response.status_code == 204
    assert ("approve", "Mohammed El Amrani") in tasks("praktijk-jansen")


def test_anonymous_gets_401_as_documented(request_factory):
    response = request_factory(role="Anonymous").get("@my-tasks")
    assert response.status_code == 401
