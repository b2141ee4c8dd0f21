"""PvBs share one stored copy of the assignment they froze (issue 22, goal 5): in the
database and in each connection's cache it is there once, not once per PvB; what each PvB
reads, approves and journals stays the same."""

from plone import api
from proeve.content.snapshot import FrozenAssignment
from proeve.content.snapshot import STORE
from proeve.journal import verify
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
import pytest
import transaction


def pvbs_on_the_same_assignment(portal):
    catalog = api.portal.get_tool("portal_catalog")
    by_assignment = {}
    for brain in catalog.unrestrictedSearchResults(portal_type="PvB"):
        pvb = brain._unrestrictedGetObject()
        by_assignment.setdefault(pvb.assignment_snapshot.get("uid"), []).append(pvb)
    return max(by_assignment.values(), key=len)


def stored_record(obj):
    """The bytes of the object's own record in the storage (its pickle)."""
    return obj._p_jar._storage.load(obj._p_oid)[0]


def test_pvbs_on_one_assignment_share_one_stored_copy(functional_portal):
    first, second, *_rest = pvbs_on_the_same_assignment(functional_portal)
    assert first.assignment_snapshot == second.assignment_snapshot
    assert first._assignment_snapshot._p_oid == second._assignment_snapshot._p_oid
    criterion = first.assignment_snapshot["work_processes"][0]["criteria"][0]["text"]
    for pvb in (first, second):
        record = stored_record(pvb)
        assert criterion.encode("utf-8") not in record  # held once, in the shared copy
        assert b"FrozenAssignment" in record


def test_a_new_assignment_for_one_pvb_leaves_the_others_as_they_were(functional_portal):
    first, second, *_rest = pvbs_on_the_same_assignment(functional_portal)
    before = dict(second.assignment_snapshot)
    first.assignment_snapshot = dict(first.assignment_snapshot, title="Een andere opdracht")
    transaction.commit()
    assert first.assignment_snapshot["title"] == "Een andere opdracht"
    assert second.assignment_snapshot == before
    assert first._assignment_snapshot._p_oid != second._assignment_snapshot._p_oid


def test_the_shared_copy_is_the_callers_content_not_the_callers_dict(functional_portal):
    pvb = functional_portal.unrestrictedTraverse(SANNE_PVB)
    mine = dict(pvb.assignment_snapshot, title="Kopie")
    pvb.assignment_snapshot = mine
    mine["title"] = "Later veranderd"
    assert pvb.assignment_snapshot["title"] == "Kopie"


def test_upgrade_1024_moves_every_own_copy_and_the_journal_still_verifies(
    functional_portal, request_factory
):
    process = Process(request_factory)
    process.to_assessment()  # approvals signed the content hash of the frozen copy
    transaction.begin()
    portal = api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="PvB")
    pvbs = [brain._unrestrictedGetObject() for brain in brains]
    content = {pvb.UID(): dict(pvb.assignment_snapshot) for pvb in pvbs}
    # Each PvB as before 1024: its own copy in its record, and no store.
    for pvb in pvbs:
        pvb._p_activate()
        pvb.__dict__["assignment_snapshot"] = dict(pvb.assignment_snapshot)
        pvb._assignment_snapshot = None
    delattr(portal, STORE)
    transaction.commit()
    assert all(b"FrozenAssignment" not in stored_record(pvb) for pvb in pvbs)
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("proeve:default", "1023")
    setup.upgradeProfile("proeve:default", dest="1024")
    transaction.commit()
    assert setup.getLastVersionForProfile("proeve:default") == ("1024",)
    store = getattr(portal, STORE)
    assert {pvb.UID(): pvb.assignment_snapshot for pvb in pvbs} == content
    assert all(isinstance(pvb._assignment_snapshot, FrozenAssignment) for pvb in pvbs)
    assert all("assignment_snapshot" not in pvb.__dict__ for pvb in pvbs)
    assert len(store) == len({repr(sorted(c.items())) for c in content.values()})
    _chains, _entries, problems = verify(portal)
    assert problems == []
    assert process.dossier()["assignment"] == content[portal.unrestrictedTraverse(SANNE_PVB).UID()]


@pytest.mark.parametrize("path", [f"{STORE}", f"{STORE}/keys", f"{SANNE_PVB}/_assignment_snapshot"])
def test_the_store_is_no_url(functional_portal, request_factory, path):
    manager = Process(request_factory).as_("platformbeheer")
    assert manager.get(path).status_code == 404
