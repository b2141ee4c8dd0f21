"""Text fields of JSON bodies that arrive as another JSON type get a 400, not a 500.

Found by the schemathesis run (tests/test_fuzz_api.py): POST @pause with an object as the
reason failed on `.strip()`. Every service that reads a text field uses text_of().
"""

from proeve.demo.users import DEMO_PASSWORD
import pytest


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001"
IN_EXECUTION = f"{GROUP}/kandidaat-0004/pvb-demo"
IN_ASSESSMENT = f"{GROUP}/kandidaat-0005/pvb-demo"
BAD = ({"n": {}}, ["x"], 5, True)

CASES = [
    ("docent-vaart", "POST", f"{IN_EXECUTION}/@pause", "reason", {}),
    ("docent-vaart", "POST", f"{IN_EXECUTION}/@pause", "resume_date", {"reason": "ziek"}),
    ("docent-vaart", "PATCH", f"{SANNE}/pvb-demo/@people", "reason", {}),
    ("docent-vaart", "POST", f"{SANNE}/pvb-demo/@approve", "content_hash", {}),
    ("docent-vaart", "POST", f"{SANNE}/pvb-demo/@approve", "role", {"content_hash": "x"}),
    ("examencie-vaart", "POST", f"{IN_ASSESSMENT}/@establish-result", "result", {}),
    (
        "examencie-vaart",
        "POST",
        f"{IN_ASSESSMENT}/@establish-result",
        "motivation",
        {"result": "passed"},
    ),
    ("examencie-vaart", "POST", f"{IN_ASSESSMENT}/@assessment-correction", "decision", {}),
    ("examencie-vaart", "POST", f"{IN_ASSESSMENT}/@assessment-correction", "form", {}),
    ("examencie-vaart", "POST", f"{SANNE}/@pseudonymise", "decision", {}),
    ("vaststeller-vaart", "POST", "@establish-group", "group", {}),
    ("vaststeller-vaart", "POST", "@establish-group", "assignment_uid", {"group": "x"}),
]


@pytest.mark.parametrize(("login", "method", "path", "field", "others"), CASES)
def test_a_text_field_of_another_type_is_refused(
    functional_portal, request_factory, login, method, path, field, others
):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD))
    before = session.get(path.rsplit("/@", 1)[0] or "/").json()
    for bad in BAD:
        response = session.request(method, path, json=dict(others, **{field: bad}))
        assert response.status_code < 500, (bad, response.text)
        if response.status_code == 400 and response.json()["error"]["code"] == "invalid_field":
            assert response.json()["error"]["field"] == field
        else:
            # Refused for another reason first (permission, phase): still no change.
            assert response.status_code in (400, 403, 404, 409), (bad, response.text)
    after = session.get(path.rsplit("/@", 1)[0] or "/").json()
    assert after.get("review_state") == before.get("review_state")
    assert after.get("modified") == before.get("modified")


def test_establish_group_needs_a_group(functional_portal, request_factory):
    """Without a group UID the catalog query matched every group (unrestricted)."""
    session = request_factory(basic_auth=("vaststeller-vaart", DEMO_PASSWORD))
    response = session.post("@establish-group", json={"assignment_uid": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_established"


def test_pause_with_an_object_as_reason(functional_portal, request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    response = session.post(f"{IN_EXECUTION}/@pause", json={"reason": {"n": {}}})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_field"
    assert session.get(IN_EXECUTION).json()["review_state"] == "execution"
