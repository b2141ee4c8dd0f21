"""The benchmark generator's data indexes and journals as the normal path would.

benchmarks/generate.py adds objects without events and reuses index values per kind; this
check reindexes every generated object through the catalog's normal path (the real
indexable wrapper, every index and metadata column) and finds no difference, and the
journal of every generated PvB verifies.
"""

from benchmarks import generate as gen
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from proeve.journal.verify import verify
import pytest
import transaction


TOTAL = 60  # 6 per phase: the per-kind samples (3) are used up and reused after them


@pytest.fixture
def generated(functional_portal, monkeypatch):
    portal = functional_portal
    setRoles(portal, TEST_USER_ID, ["Manager"])
    import proeve.process.notify

    monkeypatch.setattr(proeve.process.notify, "send", lambda *a, **k: 0)
    monkeypatch.setattr(gen, "COMMIT_EVERY", 25)  # more than one batch
    monkeypatch.setattr(gen, "GROUP_SIZE", 4)  # several groups: samples of one reused in another
    assert gen.generate(portal, TOTAL) == TOTAL
    yield portal
    transaction.abort()


def index_state(catalog, rid):
    """What every index and metadata column holds for one catalog record."""
    state = {}
    for name in catalog.indexes():
        index = catalog._catalog.getIndex(name)
        state[name] = index.getEntryForObject(rid, default=None)
    state["metadata"] = dict(catalog._catalog.getMetadataForRID(rid))
    return state


def generated_paths(portal):
    school = portal.scholen["roc-de-vaart"]
    return [
        path
        for path in portal.portal_catalog._catalog.uids
        if path.startswith("/".join(school.getPhysicalPath()) + "/bench-")
    ]


def test_generated_objects_index_as_the_normal_path(generated):
    portal = generated
    catalog = portal.portal_catalog
    paths = generated_paths(portal)
    kinds = {
        catalog._catalog.getMetadataForRID(catalog._catalog.uids[p])["portal_type"] for p in paths
    }
    assert {"ExamGroup", "Candidate", "PvB", "Evidence", "Appointment", "AssessmentForm"} <= kinds
    assert sum(p.rsplit("/", 1)[-1].startswith("pvb-") for p in paths) == TOTAL
    before = {p: index_state(catalog, catalog._catalog.uids[p]) for p in paths}
    for path in paths:
        catalog.catalog_object(portal.unrestrictedTraverse(path), uid=path)
    after = {p: index_state(catalog, catalog._catalog.uids[p]) for p in paths}
    differences = {
        (path, name): (before[path][name], after[path][name])
        for path in paths
        for name in before[path]
        if before[path][name] != after[path][name]
    }
    assert differences == {}


def test_generated_journals_verify(generated):
    chains, entries, problems = verify(generated)
    assert problems == []
    assert chains > TOTAL // 2  # a PvB in preparation without approvals has no entries yet
    assert entries > TOTAL


def forms_and_versions(portal):
    """(generated forms, how many of them have a saved version)."""
    storage = portal.portal_historiesstorage
    handler = portal.portal_historyidhandler
    forms = [
        portal.unrestrictedTraverse(p)
        for p in generated_paths(portal)
        if p.rsplit("/", 1)[-1].startswith("beoordeling-")
    ]
    versioned = sum(storage.isRegistered(handler.queryUid(f, None)) for f in forms)
    return forms, versioned


def test_generated_objects_have_intids_and_forms_a_version(generated):
    """What five.intid and the process's saves leave on a real site: concurrent writers
    share these trees, so the benchmark's must be as full as a real site's."""
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    portal = generated
    intids = getUtility(IIntIds)
    paths = generated_paths(portal)
    assert all(intids.queryId(portal.unrestrictedTraverse(p)) is not None for p in paths)
    forms, versioned = forms_and_versions(portal)
    assert forms
    assert versioned == len(forms)
    recorded = [
        f for f in forms if portal.portal_workflow.getInfoFor(f, "review_state") == "recorded"
    ]
    history = portal.portal_repository.getHistoryMetadata(recorded[0])
    assert history.getLength(countPurged=False) == 1
    assert history.retrieve(0)["metadata"]["sys_metadata"]["comment"] == "Vastgelegd"
    # The catalog finds a form by its history id, as CMFEditions looks it up.
    uid = portal.portal_historyidhandler.queryUid(recorded[0])
    assert len(portal.portal_catalog.unrestrictedSearchResults(cmf_uid=uid)) == 1


def test_generated_forms_are_named_as_the_process_names_them(generated):
    """'beoordeling-' and 8 random hex digits, as content.naming gives a new form: new
    forms' ids then fall among as many existing ones in the path index as on a real site."""
    import re

    forms, _ = forms_and_versions(generated)
    names = [f.getId() for f in forms]
    assert all(re.fullmatch(r"beoordeling-[0-9a-f]{8}", name) for name in names)
    assert len(set(names)) == len(names)
