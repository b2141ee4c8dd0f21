"""Exam records stay as they are: every path, every role (the platform admin too)."""

from plone import api
from proeve.journal import verify
from proeve.journal.store import chain_for
from tests.process_helpers import Process
from ZODB.POSException import ConflictError
import pytest
import threading
import transaction


@pytest.fixture
def closed(functional_portal, request_factory):
    process = Process(request_factory)
    process.to_closed()
    transaction.begin()
    return process


def recorded_form(portal, process):
    pvb = portal.unrestrictedTraverse(process.path)
    return [o for o in pvb.objectValues() if o.portal_type == "AssessmentForm"][0]


def test_a_recorded_form_resists_every_path(functional_portal, closed):
    manager = closed.as_("platformbeheer")
    form = recorded_form(functional_portal, closed)
    path = f"{closed.path}/{form.getId()}"
    before = manager.get(path).json()
    effective = form.effective_date
    history = len(form.workflow_history["proeve_assessment_workflow"])

    assert manager.patch(path, json={"scores": {}}).status_code in (401, 403)
    assert manager.delete(path).status_code in (401, 403)
    # plone.restapi answers 200 for a transition to the state the object is already in;
    # what matters is that nothing changes.
    manager.post(f"{path}/@workflow/record", json={"comment": "again", "effective": "2020-01-01"})
    assert manager.patch(f"{path}/@history", json={"version": 0}).status_code >= 400
    moved = manager.post(
        "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0002/@move",
        json={"source": [form.absolute_url()]},
    )
    assert moved.status_code >= 400 or not moved.json()[0].get("new_id")
    edit = manager.get(f"{path}/@@edit", headers={"Accept": "text/html"})
    assert (
        edit.status_code in (401, 403)
        or "insufficient-privileges" in edit.url
        or "login" in edit.url
    )

    transaction.begin()
    after = manager.get(path).json()
    assert after["scores"] == before["scores"]
    assert after["modified"] == before["modified"]
    form = recorded_form(functional_portal, closed)
    assert form.effective_date == effective
    assert len(form.workflow_history["proeve_assessment_workflow"]) == history


def test_a_closed_pvb_and_what_holds_it_are_never_removed(functional_portal, closed):
    manager = closed.as_("platformbeheer")
    for path in (
        closed.path,
        "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001",
        "scholen/roc-de-vaart/mei-2024-25451",
    ):
        assert manager.delete(path).status_code >= 400, path
    assert manager.get(closed.path).status_code == 200


def test_zmi_paths_refuse_too(functional_portal, closed):
    from OFS.CopySupport import CopyError
    from plone.app.testing import login
    from zExceptions import Forbidden
    from zExceptions import Unauthorized

    portal = functional_portal
    login(portal, "platformbeheer")
    group = portal.scholen["roc-de-vaart"]["mei-2024-25451"]
    pvb = portal.unrestrictedTraverse(closed.path)
    candidate = group["kandidaat-0001"]
    # No role has Delete objects any more (test_no_delete.py); the server refuses too.
    with pytest.raises((Forbidden, Unauthorized)):
        group.manage_delObjects(["kandidaat-0001"])
    transaction.abort()
    with pytest.raises((Forbidden, CopyError)):
        candidate.manage_renameObject("pvb-demo", "pvb-renamed")
    transaction.abort()
    form = recorded_form(portal, closed)
    with pytest.raises((Forbidden, Unauthorized)):
        pvb.manage_delObjects([form.getId()])
    transaction.abort()
    assert "pvb-demo" in portal.scholen["roc-de-vaart"]["mei-2024-25451"]["kandidaat-0001"]


def test_undo_is_refused(functional_portal, closed, request_factory, database_url):
    """Zope offers undo per database in the Control Panel: nobody holds its permission."""
    database = database_url
    admin = request_factory(role="Manager", api=False)  # the Zope root's Manager
    assert admin.get(f"{database}/manage_main").status_code == 200
    listing = admin.get(f"{database}/manage_UndoForm", allow_redirects=False)
    assert listing.status_code in (401, 403)
    undo = admin.post(
        f"{database}/manage_undo_transactions",
        data={"transaction_info": ["anything"]},
        allow_redirects=False,
    )
    assert undo.status_code in (401, 403)
    transaction.begin()
    assert functional_portal.unrestrictedTraverse(closed.path) is not None


class TestJournalVerification:
    def test_a_changed_removed_or_cut_entry_is_reported(self, functional_portal, closed):
        portal = functional_portal
        pvb = portal.unrestrictedTraverse(closed.path)
        chains, entries, problems = verify(portal)
        assert problems == []
        assert entries > 10

        chain = chain_for(pvb, create=False)
        chain.entries[2] = dict(chain.entries[2], actor="iemand-anders")
        transaction.commit()
        assert any("entry 2 was changed" in p for p in verify(portal)[2])
        report = closed.as_("examencie-vaart").get(f"{closed.path}/@journal").json()
        assert report["verified"] is False

    def test_removal_is_reported(self, functional_portal, closed):
        chain = chain_for(functional_portal.unrestrictedTraverse(closed.path), create=False)
        del chain.entries[3]
        assert any("entry 3 is missing" in p for p in verify(functional_portal)[2])

    def test_a_cut_off_tail_is_reported(self, functional_portal, closed):
        chain = chain_for(functional_portal.unrestrictedTraverse(closed.path), create=False)
        last = chain.length - 1
        del chain.entries[last]
        chain.length = last
        chain.last_hash = chain.entries[last - 1]["hash"]
        problems = verify(functional_portal)[2]
        assert any("cut off" in p for p in problems), problems


def test_a_conflict_retry_journals_once(functional_portal, request_factory, monkeypatch):
    import proeve.services.approve.post as service

    process = Process(request_factory)
    calls = []
    real = service.approve

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            real(*args, **kwargs)  # does the work, then the transaction conflicts
            raise ConflictError("simulated conflict")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "approve", flaky)
    response = process.approve("student-sanne")
    assert response.status_code == 201, response.text
    assert len(calls) == 2  # retried by the publisher
    assert process.actions().count("approved") == 1


def test_concurrent_approvals_give_one_consistent_result(functional_portal, request_factory):
    process = Process(request_factory)
    content_hash = process.dossier()["content_hash"]
    logins = ["student-sanne", "docent-vaart", "praktijk-jansen"] * 2
    sessions = [Process(request_factory).as_(login) for login in logins]
    barrier = threading.Barrier(len(sessions))
    results = [None] * len(sessions)

    def approve(index):
        barrier.wait()
        results[index] = (
            sessions[index]
            .post(f"{process.path}/@approve", json={"content_hash": content_hash})
            .status_code
        )

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # Three signatures; the duplicates are refused (already signed, or already submitted).
    assert sorted(results)[:3] == [201, 201, 201], results
    assert all(code in (403, 409) for code in sorted(results)[3:]), results
    assert process.phase() == "establishment"
    actions = process.actions()
    assert actions.count("approved") == 3
    assert actions.count("transition") == 1
    assert process.journal()["verified"] is True
    transaction.begin()
    assert api.content.get_state(functional_portal.unrestrictedTraverse(process.path)) == (
        "establishment"
    )


def test_verify_journal_command(functional_portal, closed):
    from Acquisition import aq_parent
    from proeve.journal.cli import main

    app = aq_parent(functional_portal)
    lines = []
    assert main(app, functional_portal.getId(), out=lines.append) == 0
    assert lines[-1].startswith("journal OK")
    chain = chain_for(functional_portal.unrestrictedTraverse(closed.path), create=False)
    chain.entries[0] = dict(chain.entries[0], action="something else")
    lines = []
    assert main(app, functional_portal.getId(), out=lines.append) == 1
    assert any("entry 0 was changed" in line for line in lines)
