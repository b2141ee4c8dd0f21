"""A refused @workflow transition changes nothing, whatever else the body carries."""

from plone import api
from proeve.demo.users import DEMO_PASSWORD
from proeve.journal.store import chain_for
import pytest
import transaction


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SANNE = f"{GROUP}/kandidaat-0001"
# Fields @workflow reads (comment, effective, expires, include_children) and some it does not.
BODY = {
    "comment": "mag niet",
    "effective": "2020-01-01T00:00:00",
    "expires": "2020-02-01T00:00:00",
    "include_children": True,
    "title": "Anders",
    "exam_location": "Elders",
}


def snapshot(portal, path):
    """Everything a transition, or the dates @workflow sets, could change."""
    transaction.begin()
    obj = portal.unrestrictedTraverse(path)
    workflow = portal.portal_workflow
    (wf,) = workflow.getWorkflowsFor(obj)
    chain = chain_for(obj, create=False)
    return {
        "title": obj.Title(),
        "exam_location": getattr(obj, "exam_location", None),
        "state": api.content.get_state(obj),
        "effective": obj.effective_date,
        "expires": obj.expiration_date,
        "modified": obj.modified(),
        "history": len(obj.workflow_history.get(wf.getId(), ())),
        "journal": chain.length if chain is not None else None,
        "site_journal": chain_for(portal).length,
        "children": {o.getId(): (o.modified(), o.effective_date) for o in obj.objectValues()},
    }


# (login, path, transition): refused by the permission, by the guard, or unknown here.
# A refusal by the guard carries the guard's reason as its code; the others say
# transition_refused.
GUARD_CODES = {"submit": "approval_missing"}
REFUSALS = [
    # ROC-begeleider may edit the PvB in preparation, but only the vaststeller establishes,
    # and only from ter vaststelling.
    ("docent-vaart", f"{SANNE}/pvb-demo", "establish"),
    # Has the permission to submit, but the guard wants three approvals first.
    ("docent-vaart", f"{SANNE}/pvb-demo", "submit"),
    # Sees the PvB, may not submit it.
    ("examencie-vaart", f"{SANNE}/pvb-demo", "submit"),
    # The candidate: no such transition from this state.
    ("student-sanne", f"{SANNE}/pvb-demo", "establish_result"),
    # Not a transition at all.
    ("docent-vaart", f"{SANNE}/pvb-demo", "no_such_transition"),
    # Another school's admin: may not even see it.
    ("beheer-noorder", f"{SANNE}/pvb-demo", "submit"),
    # The ROC-begeleider edits candidates but may not archive them.
    ("docent-vaart", SANNE, "archive"),
    # The koppeling adds candidates to the group, nothing more.
    ("koppeling-vaart", GROUP, "archive"),
    # A closed PvB: nothing moves it, not even the platform admin.
    ("platformbeheer", f"{GROUP}/kandidaat-0006/pvb-demo", "send_back"),
    # Allowed on the candidate, but include_children takes it to the PvB, which has no such
    # transition: the request is refused, so the candidate must not be archived either.
    ("beheer-vaart", SANNE, "archive"),
]


@pytest.mark.parametrize(("login", "path", "name"), REFUSALS)
def test_a_refused_transition_changes_nothing(
    functional_portal, request_factory, login, path, name
):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD))
    before = snapshot(functional_portal, path)
    response = session.post(f"{path}/@workflow/{name}", json=BODY)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    if response.status_code == 400:
        error = response.json()["error"]
        expected = GUARD_CODES.get(name) if login == "docent-vaart" else None
        assert error["code"] == (expected or "transition_refused")
        assert error["message"] == error["reasons"][0] if error["reasons"] else error["message"]
    assert snapshot(functional_portal, path) == before


def test_an_allowed_transition_still_works(functional_portal, request_factory):
    """The fix must not break the normal path: the school admin archives a candidate."""
    session = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    before = snapshot(functional_portal, SANNE)
    response = session.post(f"{SANNE}/@workflow/archive", json={"comment": "vertrokken"})
    assert response.status_code == 200, response.text
    after = snapshot(functional_portal, SANNE)
    assert after["state"] == "archived"
    assert after["history"] == before["history"] + 1
