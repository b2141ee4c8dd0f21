"""The patches Proeve still needs are known, and fail loudly when upstream changes.

Issue 19.12: where Plone, Zope, ZODB or CMF offer an extension point, Proeve uses it (undo:
the permission at the Zope root, proeve.undo; history ids: the site's own
portal_uidgenerator, proeve.historyids; a whole-site path: the site's own path index,
proeve.pathindex; login throttling: the PAS plugin proeve.logins.guard; the member directory:
subclasses of plone.app.vocabularies' factories in overrides.zcml and the site's own
portal_membership, proeve.directory). What has none
stays a patch, listed in docs/operations.md "Known patches". For each, the source of the
patched function and of the upstream code the replacement relies on is recorded here: a new
version of the package that changes it fails this test, and whoever upgrades re-checks the
patch against the new code before recording the new hash.
"""

from Acquisition import aq_base
from pathlib import Path
from xml.etree import ElementTree
import hashlib
import importlib
import importlib.metadata
import inspect
import pytest


SRC = Path(__file__).parent.parent / "src" / "proeve"
MONKEY = "{http://namespaces.plone.org/monkey}patch"

# The patches of collective.monkeypatcher in Proeve's ZCML: (class or module, name) -> our
# module.
PATCHES = {
    ("ZODB.FileStorage.FileStorage.FileStorage", "_abort"): "aborted_blobs.py",
    ("chameleon.template.BaseTemplate", "cook"): "template_compile.py",
    ("Products.ZCatalog.Catalog", "intersection"): "catalog_sets.py",
    ("Products.PluginIndexes.unindex", "intersection"): "catalog_sets.py",
    ("Products.PluginIndexes.BooleanIndex.BooleanIndex", "intersection"): "catalog_sets.py",
    ("Products.ZCatalog.plan.CatalogPlan", "plan"): "catalog_plan.py",
}
# A patched function without Python source (BTrees' intersection is C) is guarded by the
# upstream code that calls it: what it must answer is what those callers expect.
GUARDED_BY_CALLERS = {
    ("Products.ZCatalog.Catalog", "intersection"): (
        ("Products.ZCatalog.Catalog.Catalog", "_search_index"),
        ("Products.ZCatalog.Catalog.Catalog", "_sort_iterate_index"),
    ),
    ("Products.PluginIndexes.unindex", "intersection"): (
        ("Products.PluginIndexes.unindex.UnIndex", "query_index"),
    ),
    ("Products.PluginIndexes.BooleanIndex.BooleanIndex", "intersection"): (
        ("Products.PluginIndexes.BooleanIndex.BooleanIndex.BooleanIndex", "query_index"),
    ),
}

# Upstream code as the patches were written against it:
# (distribution, version, class, function, SHA-256 of inspect.getsource).
UPSTREAM = [
    (
        "ZODB",
        "6.4",
        "ZODB.FileStorage.FileStorage.FileStorage",
        "_abort",
        "67abaa409c06f9d43f9104d62602605f667e65aea963c2a804d43255d1aa41c1",
    ),
    # aborted_blobs relies on: tpc_abort calls _abort under the storage's locks, and
    # _blob_tpc_abort removes the files of dirty_oids.
    (
        "ZODB",
        "6.4",
        "ZODB.BaseStorage.BaseStorage",
        "tpc_abort",
        "1e38f3a7d53f6311b2458e92280c7ebaee0b6f36390579e82ecbd509ca6a114b",
    ),
    (
        "ZODB",
        "6.4",
        "ZODB.blob.BlobStorageMixin",
        "_blob_tpc_abort",
        "39771c9f1beca1e03d7288e64b7ea4161b65f5cede082c4e175bbb8284a0794b",
    ),
    (
        "Chameleon",
        "4.6.0",
        "chameleon.template.BaseTemplate",
        "cook",
        "9ba6cd676b15ed5e660dbbfa212f5468f20638565da216601d0526835c4c1c51",
    ),
    # catalog_sets relies on: the catalog intersects the records found so far with each
    # index's set, and with the sort index's sets (a TypeError there means "not an IISet").
    (
        "Products.ZCatalog",
        "7.4",
        "Products.ZCatalog.Catalog.Catalog",
        "_search_index",
        "48f9dcfc285b4c1e494828d7b574b6070cce78ee48b801992e2186f4277fe11a",
    ),
    (
        "Products.ZCatalog",
        "7.4",
        "Products.ZCatalog.Catalog.Catalog",
        "_sort_iterate_index",
        "2960246ce487904e84712edc50acf212a00d87a968207320bd13c175418e2546",
    ),
    # ... and inside field and keyword indexes: a query's keys, and a small resultset with
    # each key's set of an "or" query (a user's roles and groups in allowedRolesAndUsers).
    (
        "Products.ZCatalog",
        "7.4",
        "Products.PluginIndexes.unindex.UnIndex",
        "query_index",
        "fae6dc59120ea81ed60afa0d3147a9894895bfb8ee04f61b973a5def08f7c3e5",
    ),
    # ... and inside boolean indexes: the records left against the map of every record.
    (
        "Products.ZCatalog",
        "7.4",
        "Products.PluginIndexes.BooleanIndex.BooleanIndex.BooleanIndex",
        "query_index",
        "9e7565818e76a2991d48e71349d18db0f817c2f6304f7a3b581226ade725289b",
    ),
    # catalog_plan replaces the order of the last search's timings; it relies on: a plan
    # knows its catalog, its query and the index of each query name; the search asks every
    # index of the plan in turn (an empty plan: ZCatalog's fixed order, which catalog_plan
    # keeps for the indexes it cannot count); a BooleanIndex keeps the records of one value
    # with their count beside the count of all.
    (
        "Products.ZCatalog",
        "7.4",
        "Products.ZCatalog.plan.CatalogPlan",
        "plan",
        "2607750306afaf4e97a7f04c85cdf964a02ea1ffd2a189ed26e47b2515de2a68",
    ),
    (
        "Products.ZCatalog",
        "7.4",
        "Products.ZCatalog.plan.CatalogPlan",
        "__init__",
        "41455838d7ba33727fbac7ffc5e353217e2b2986f7e7824ccdfc1a658cfcda19",
    ),
    (
        "Products.ZCatalog",
        "7.4",
        "Products.ZCatalog.Catalog.Catalog",
        "search",
        "439d07655af3ef24c1b46db223d75607027889fd5ab8b3e428a385ac0fc875d0",
    ),
    (
        "Products.ZCatalog",
        "7.4",
        "Products.ZCatalog.Catalog.Catalog",
        "_sorted_search_indexes",
        "bc4f76ac4697f2f27344937afe3c54db74fd89dc3cbeaae7b0eb29e120b9acd8",
    ),
    (
        "Products.ZCatalog",
        "7.4",
        "Products.PluginIndexes.BooleanIndex.BooleanIndex.BooleanIndex",
        "histogram",
        "0c9c45d73e33ff970ff4c64b1345c5ea41d3ebcd709d7ad88e4fda91749f9bcc",
    ),
]


def resolve(dotted):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def upstream_function(cls, name):
    """The upstream function, also while collective.monkeypatcher has replaced it."""
    return cls.__dict__.get(f"_old_{name}", cls.__dict__[name])


def patches_in_zcml():
    found = set()
    for path in SRC.rglob("*.zcml"):
        for patch in ElementTree.parse(path).iter(MONKEY):
            found.add((patch.get("class") or patch.get("module"), patch.get("original")))
    return found


def test_every_patch_is_known_and_guarded():
    assert patches_in_zcml() == set(PATCHES), (
        "A patch was added or removed: list it in PATCHES and UPSTREAM here and in "
        'docs/operations.md "Known patches", or use an extension point instead.'
    )
    guarded = {(cls, name) for _, _, cls, name, _ in UPSTREAM}
    for patch, callers in GUARDED_BY_CALLERS.items():
        if set(callers) <= guarded:
            guarded.add(patch)
    assert set(PATCHES) <= guarded


@pytest.mark.parametrize(
    ("distribution", "version", "dotted", "name", "recorded"),
    UPSTREAM,
    ids=[f"{entry[2].rpartition('.')[2]}.{entry[3]}" for entry in UPSTREAM],
)
def test_patched_upstream_code_is_as_recorded(
    portal, distribution, version, dotted, name, recorded
):
    source = inspect.getsource(upstream_function(resolve(dotted), name))
    digest = hashlib.sha256(source.encode()).hexdigest()
    installed = importlib.metadata.version(distribution)
    callers = {c: PATCHES[p] for p, cs in GUARDED_BY_CALLERS.items() for c in cs}
    ours = PATCHES.get((dotted, name)) or callers.get((dotted, name), "aborted_blobs.py")
    assert (installed, digest) == (version, recorded), (
        f"{distribution} {installed} (patch written against {version}) changed "
        f"{dotted}.{name}. Re-check src/proeve/{ours} against the new code: is the patch "
        "still needed (did upstream fix it, see docs/operations.md 'Known patches'), does it "
        "still fit? Then record the new version and hash in tests/test_known_patches.py."
    )


def test_undo_catalog_history_ids_and_directory_are_not_patched(portal):
    """The extension points replaced these patches (issue 19.12)."""
    from App.Undo import UndoSupport
    from plone.app.vocabularies.principals import BaseFactory
    from plone.app.vocabularies.principals import PrincipalsVocabulary
    from Products.CMFUid.UniqueIdGeneratorTool import UniqueIdGeneratorTool
    from Products.PlonePAS.tools.membership import MembershipTool
    from Products.ZCatalog.Catalog import Catalog

    for cls, name in (
        (UndoSupport, "manage_undo_transactions"),
        (UndoSupport, "undoable_transactions"),
        (UniqueIdGeneratorTool, "__call__"),
        (Catalog, "make_query"),
        (BaseFactory, "use_principal_triple"),
        (PrincipalsVocabulary, "_get_principal_from_source"),
        (MembershipTool, "searchMembers"),
        (MembershipTool, "searchForMembers"),
        (MembershipTool, "getMemberInfo"),
    ):
        assert not getattr(cls, name).__module__.startswith("proeve"), (cls, name)
        assert not hasattr(cls, f"_old_{name}"), (cls, name)


def test_the_directory_is_proeves_through_extension_points(portal):
    from plone.app.vocabularies.principals import UsersFactory
    from proeve.directory import ProeveMembershipTool
    from proeve.directory import VisiblePrincipalsVocabulary
    from zope.component import getUtility
    from zope.schema.interfaces import IVocabularyFactory

    assert type(aq_base(portal.portal_membership)) is ProeveMembershipTool
    for name in ("Users", "Groups", "Principals"):
        factory = getUtility(IVocabularyFactory, f"plone.app.vocabularies.{name}")
        assert type(factory).__module__ == "proeve.directory", name
    users = getUtility(IVocabularyFactory, "plone.app.vocabularies.Users")
    assert isinstance(users, UsersFactory)
    assert type(users(portal, "a")) is VisiblePrincipalsVocabulary


def test_upgrade_1014_makes_portal_membership_proeves_keeping_its_settings(portal):
    from Products.PlonePAS.tools.membership import MembershipTool
    from proeve.directory import ProeveMembershipTool
    from proeve.upgrades.v1014 import membership_tool

    tool = aq_base(portal.portal_membership)
    tool.__class__ = MembershipTool
    tool.memberareaCreationFlag = "kept"
    membership_tool(portal.portal_setup)
    tool = aq_base(portal.portal_membership)
    assert type(tool) is ProeveMembershipTool
    assert tool.memberareaCreationFlag == "kept"


def test_the_catalog_looks_a_few_records_up_in_a_large_set(portal, monkeypatch):
    """The patch is in place, and a search answers as before: a few records against a
    large index set are looked up (`in`), not intersected by BTrees' walk of both."""
    from BTrees.IIBTree import IISet
    from BTrees.IIBTree import IITreeSet
    from Products.PluginIndexes import unindex
    from Products.ZCatalog import Catalog
    from proeve import catalog_sets

    assert Catalog.intersection is catalog_sets.intersection
    assert unindex.intersection is catalog_sets.intersection
    walked = []
    real = catalog_sets.btrees_intersection
    monkeypatch.setattr(
        catalog_sets,
        "btrees_intersection",
        lambda a, b: walked.append((type(a).__name__, type(b).__name__)) or real(a, b),
    )
    large = IITreeSet(range(0, 20_000, 2))
    assert list(Catalog.intersection(IISet([3, 4, 10, 19_998, 25_000]), large)) == [
        4,
        10,
        19_998,
    ]
    assert list(Catalog.intersection(large, [4, 5])) == [4]
    assert walked == []
    # Sizes alike, an empty side, None or another kind of set: BTrees as before.
    assert list(Catalog.intersection(IISet(range(5_000)), large)) == list(range(0, 5_000, 2))
    assert Catalog.intersection(None, large) is large
    assert list(Catalog.intersection(IISet(), large)) == []
    assert len(walked) == 3


def test_a_search_with_the_lookups_finds_what_plone_finds(portal, monkeypatch):
    """Every demo persona's PvB search (permissions, states, sorted by date) gives the same
    brains with the lookups as with BTrees' intersection alone."""
    from AccessControl.SecurityManagement import newSecurityManager
    from BTrees.IIBTree import intersection as btrees_intersection
    from Products.ZCatalog import Catalog
    from proeve import catalog_sets
    from proeve.demo.users import DEMO_USERS

    looked_up = []
    plan = catalog_sets._lookup_plan
    monkeypatch.setattr(
        catalog_sets, "_lookup_plan", lambda a, b: looked_up.append(plan(a, b)) or plan(a, b)
    )

    catalog = portal.portal_catalog
    queries = [
        {"portal_type": "PvB", "sort_on": "modified"},
        {"portal_type": "PvB", "review_state": "execution", "sort_on": "modified"},
        {"portal_type": ["PvB", "Evidence"], "sort_on": "created", "sort_order": "reverse"},
    ]
    checked = 0
    patched = Catalog.intersection
    for login, *_ in DEMO_USERS:
        user = portal.acl_users.getUserById(login)
        newSecurityManager(None, user.__of__(portal.acl_users))
        for query in queries:
            with_lookups = [b.getPath() for b in catalog(**query)]
            Catalog.intersection = btrees_intersection
            try:
                walked = [b.getPath() for b in catalog(**query)]
            finally:
                Catalog.intersection = patched
            assert with_lookups == walked, (login, query)
            checked += bool(with_lookups)
    assert checked > 10
    assert any(looked_up)


def test_a_boolean_index_looks_the_records_left_up_in_its_map(portal, monkeypatch):
    """`is_default_page=False` after a few records: they are looked up among the index's
    records, not intersected by a walk of all of them; the answer is BTrees'."""
    from BTrees.IIBTree import IISet
    from BTrees.IIBTree import intersection as btrees_intersection
    from Products.PluginIndexes.BooleanIndex import BooleanIndex as module
    from Products.PluginIndexes.BooleanIndex.BooleanIndex import BooleanIndex
    from Products.ZCatalog.query import IndexQuery
    from proeve import catalog_sets

    assert module.intersection is catalog_sets.intersection

    class Record:
        def __init__(self, flag):
            self.flag = flag

    index = BooleanIndex("flag")
    for rid in range(2000):
        index.index_object(rid, Record(rid % 100 == 0))
    walked = []
    monkeypatch.setattr(
        catalog_sets,
        "btrees_intersection",
        lambda a, b: (
            walked.append((type(a).__name__, type(b).__name__)) or btrees_intersection(a, b)
        ),
    )
    left = IISet([0, 5, 100, 150, 3000])
    got = index.query_index(IndexQuery({"flag": False}, "flag"), left)
    assert list(got) == [5, 150]
    assert walked == []
    assert list(index.query_index(IndexQuery({"flag": True}, "flag"), left)) == [0, 100]
    monkeypatch.setattr(module, "intersection", btrees_intersection)
    assert list(index.query_index(IndexQuery({"flag": False}, "flag"), left)) == [5, 150]
