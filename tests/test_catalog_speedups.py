"""Speed-ups of #11 that must not change what anyone finds or keeps.

- a PvB's people change reindexes the security of every cataloged object in the PvB,
  found by walking instead of a path query (proeve/content/security.py);
- a catalog query on the whole site drops that path before it is planned
  (proeve/pathindex.py, the site's own path index) and finds exactly what the original finds;
- CMFEditions history ids are drawn at random (proeve/historyids.py, the site's own
  portal_uidgenerator), never reused.
Both are extension points the profile installs (upgrade step 1013), not patches.
"""

from Acquisition import aq_base
from plone import api
from Products.CMFCore.indexing import processQueue
from Products.CMFUid.interfaces import IUniqueIdGenerator
from Products.CMFUid.UniqueIdGeneratorTool import UniqueIdGeneratorTool
from Products.ExtendedPathIndex.ExtendedPathIndex import ExtendedPathIndex
from proeve.historyids import HistoryIdGenerator
from proeve.historyids import install_history_ids
from proeve.pathindex import install_site_path_index
from proeve.pathindex import SitePathIndex
from zope.component import getUtility
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0002/pvb-demo"


def test_a_people_change_reindexes_everything_in_the_pvb(portal, monkeypatch):
    processQueue()
    catalog = portal.portal_catalog
    # A demo PvB that holds cataloged objects (forms, evidence, appointments).
    # One with a form if there is one: the search's order follows random record ids.
    parts = [
        *catalog.unrestrictedSearchResults(portal_type="AssessmentForm"),
        *catalog.unrestrictedSearchResults(portal_type="Evidence"),
    ]
    pvbs = [b._unrestrictedGetObject().aq_parent for b in parts]
    pvb = next(p for p in pvbs if api.content.get_state(p) != "closed")
    pvb_path = "/".join(pvb.getPhysicalPath())
    inside = {b.getPath() for b in catalog.unrestrictedSearchResults(path=pvb_path)}
    assert len(inside) > 1
    newcomer = "beoordelaar-1" if pvb.assessor_1 != "beoordelaar-1" else "beoordelaar-2"
    reindexed = set()
    from Products.CMFPlone.CatalogTool import CatalogTool

    original = CatalogTool.catalog_object

    def spy(self, obj, uid=None, *args, **kwargs):
        reindexed.add(uid or "/".join(obj.getPhysicalPath()))
        return original(self, obj, uid, *args, **kwargs)

    monkeypatch.setattr(CatalogTool, "catalog_object", spy)
    pvb.assessor_1 = newcomer
    notify(ObjectModifiedEvent(pvb))
    processQueue()
    assert reindexed == inside
    # And the index says so: the newcomer's local role reaches every object (but the forms,
    # whose catalog entry has no security entry at all since issue 22: no search finds one).
    for brain in catalog.unrestrictedSearchResults(path=pvb_path):
        if brain.portal_type == "AssessmentForm":
            continue
        indexed = catalog.getIndexDataForRID(brain.getRID())["allowedRolesAndUsers"]
        assert f"user:{newcomer}" in indexed, brain.getPath()


def original_results(monkeypatch, catalog, query):
    """What ExtendedPathIndex itself finds: the query left as it is."""
    monkeypatch.setattr(SitePathIndex, "make_query", lambda self, query: query)
    try:
        return sorted(b.getRID() for b in catalog.unrestrictedSearchResults(**query))
    finally:
        monkeypatch.undo()


def test_whole_site_queries_find_what_the_path_index_would(portal, monkeypatch):
    catalog = portal.portal_catalog
    site = "/".join(portal.getPhysicalPath())
    school = f"{site}/scholen/roc-de-vaart"
    queries = [
        {"path": site, "portal_type": "PvB"},
        {"path": "/", "portal_type": "Evidence"},
        {"path": site, "pvb_people": "beoordelaar-2"},
        {"path": {"query": site, "depth": 1}},
        {"path": {"query": site, "depth": -1}, "portal_type": "Candidate"},
        {"path": school, "portal_type": "PvB"},
        {"path": [school, f"{site}/scholen/roc-noorderpoort"], "portal_type": "PvB"},
        {"path": f"{site}/scholen", "portal_type": "School"},
        {"path": site},
    ]
    for query in queries:
        patched = sorted(b.getRID() for b in catalog.unrestrictedSearchResults(**query))
        assert patched == original_results(monkeypatch, catalog, query), query
    # The whole-site path goes from the query (whatever the query plan), others stay.
    inner = catalog._catalog
    assert "path" not in inner.make_query({"path": site, "portal_type": "PvB"})
    assert inner.make_query({"path": site}) == {"path": site}
    assert inner.make_query({"path": school, "portal_type": "PvB"})["path"] == school


def test_the_site_has_its_own_path_index(portal):
    catalog = portal.portal_catalog
    index = catalog._catalog.indexes["path"]
    assert type(index) is SitePathIndex
    # Plone's catalog.xml finds the index it declares and leaves it alone.
    assert index.meta_type == "ExtendedPathIndex"


def test_history_ids_come_from_the_sites_own_tool(portal):
    generator = portal.portal_uidgenerator
    assert type(generator.aq_base) is HistoryIdGenerator
    # CMFUid's handler asks the utility, not the attribute of the site.
    assert aq_base(getUtility(IUniqueIdGenerator)) is generator.aq_base
    first, second = getUtility(IUniqueIdGenerator)(), getUtility(IUniqueIdGenerator)()
    assert first != second
    assert abs(second - first) != 1
    assert generator._uid_counter == 0  # the counter is never written


def test_upgrade_1013_installs_both_keeping_their_state(portal, monkeypatch):
    """A site from before 1013: CMFUid's counting tool, ExtendedPathIndex."""
    from proeve import PROFILE_ID

    install_history_ids(portal, UniqueIdGeneratorTool)
    portal.portal_uidgenerator._uid_counter = 41
    install_site_path_index(portal, ExtendedPathIndex)
    catalog = portal.portal_catalog
    site = "/".join(portal.getPhysicalPath())
    assert getUtility(IUniqueIdGenerator)() == 42
    assert "path" in catalog._catalog.make_query({"path": site, "portal_type": "PvB"})
    query = {"path": f"{site}/scholen/roc-de-vaart", "portal_type": "PvB"}
    before = sorted(b.getRID() for b in catalog.unrestrictedSearchResults(**query))
    assert before

    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1012")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID)
    assert setup.listUpgrades(PROFILE_ID) == []

    generator = portal.portal_uidgenerator
    assert type(generator.aq_base) is HistoryIdGenerator
    assert generator._uid_counter == 42
    assert aq_base(getUtility(IUniqueIdGenerator)) is generator.aq_base
    assert getUtility(IUniqueIdGenerator)() not in (43, 44)
    assert type(catalog._catalog.indexes["path"]) is SitePathIndex
    # What the index held is kept: nothing had to be reindexed.
    assert sorted(b.getRID() for b in catalog.unrestrictedSearchResults(**query)) == before
    assert "path" not in catalog._catalog.make_query({"path": site, "portal_type": "PvB"})


def test_history_ids_are_random_and_unused(portal):
    generator = portal.portal_uidgenerator
    ids = {generator() for _ in range(200)}
    assert len(ids) == 200
    assert all(0 < i < 2**62 for i in ids)
    storage = portal.portal_historiesstorage
    assert not any(storage.isRegistered(i) for i in ids)
    # Objects versioned with these ids keep their own histories.
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(portal, "Document", id="versioned", title="één")
        repository = portal.portal_repository
        before = repository.getHistoryMetadata(doc)
        first = before.getLength(countPurged=False) if before else 0
        repository.save(doc, comment="first")
        doc.title = "twee"
        repository.save(doc, comment="second")
        history = repository.getHistoryMetadata(doc)
        assert history.getLength(countPurged=False) == first + 2
        assert repository.retrieve(doc, first).object.title == "één"


def test_the_parts_of_a_pvb_reindex_their_security_without_a_path_query(portal, monkeypatch):
    """A recorded form, a new appointment: what CMFCore's path query would find is what is
    reindexed, found without asking the catalog."""
    from Products.CMFPlone.CatalogTool import CatalogTool

    processQueue()
    catalog = portal.portal_catalog
    types = ("AssessmentForm", "Evidence", "Appointment", "SupplementaryAssignment")
    parts = {}
    for brain in catalog.unrestrictedSearchResults(portal_type=types):
        parts.setdefault(brain.portal_type, brain._unrestrictedGetObject())
    assert set(parts) >= {"AssessmentForm", "Evidence", "Appointment"}
    original_catalog_object = CatalogTool.catalog_object
    original_search = CatalogTool._unrestrictedSearchResults
    for part in parts.values():
        path = "/".join(part.getPhysicalPath())
        expected = {b.getPath() for b in catalog.unrestrictedSearchResults(path=path)}
        assert path in expected
        reindexed, searched = set(), []

        def spy(self, obj, uid=None, idxs=None, *args, reindexed=reindexed, **kwargs):
            reindexed.add((uid or "/".join(obj.getPhysicalPath()), tuple(idxs or ())))
            return original_catalog_object(self, obj, uid, idxs, *args, **kwargs)

        def search(self, *args, searched=searched, **kwargs):
            searched.append(kwargs)
            return original_search(self, *args, **kwargs)

        monkeypatch.setattr(CatalogTool, "catalog_object", spy)
        monkeypatch.setattr(CatalogTool, "_unrestrictedSearchResults", search)
        part.reindexObjectSecurity()
        processQueue()
        monkeypatch.undo()
        assert searched == [], part.portal_type
        assert reindexed == {(p, ("allowedRolesAndUsers",)) for p in expected}, part.portal_type
