"""Keyword and boolean indexes that look up a few records (proeve/lookupindexes.py):
they must find exactly what Products.PluginIndexes' own classes find, on every channel
that searches, and the profile and upgrade step 1027 install them keeping their data."""

from Acquisition import aq_base
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from plone import api
from Products.PluginIndexes.BooleanIndex.BooleanIndex import BooleanIndex
from Products.PluginIndexes.KeywordIndex.KeywordIndex import KeywordIndex
from Products.ZCatalog.query import IndexQuery
from proeve import lookupindexes
from proeve.lookupindexes import install_lookup_indexes
from proeve.lookupindexes import LookupBooleanIndex
from proeve.lookupindexes import LookupKeywordIndex
from proeve.lookupindexes import remove_lookup_indexes
from tests.security import PERSONAS
import random


class Item:
    def __init__(self, **values):
        self.__dict__.update(values)


class Untouchable:
    """Stands in for an index's sets: any use of it fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"the index's sets were used ({name})")

    def __len__(self):
        raise AssertionError("the index's sets were used (len)")


def filled(index_class, name, values):
    index = index_class(name)
    for rid, value in enumerate(values):
        if value is not None:
            index.index_object(rid, Item(**{name: value}))
    return index


def query(index, value, **options):
    return IndexQuery(
        {index.getId(): dict(query=value, **options)}, index.getId(), index.query_options
    )


def answers(index, record, resultset):
    """What the catalog keeps of an index's answer: it is bound by the records in hand
    (an index may answer with more, as KeywordIndex does for a single key)."""
    found = index.query_index(record, resultset)
    if resultset is not None:
        found = intersection(found, resultset)
    return sorted(found)


def test_keyword_index_finds_what_keywordindex_finds():
    rng = random.Random(22)  # noqa: S311 (reproducible test data)
    words = [f"user:{n}" for n in range(8)] + ["Authenticated", "Manager", "group:school"]
    values = [
        None if rng.random() < 0.05 else rng.sample(words, rng.randint(0, 4)) for _ in range(3000)
    ]
    plain, lookup = (filled(c, "allowed", values) for c in (KeywordIndex, LookupKeywordIndex))
    for _ in range(300):
        keys = rng.sample([*words, "nobody"], rng.randint(1, 3))
        operator = rng.choice(["or", "and"])
        resultset = IISet(rng.sample(range(3200), rng.randint(0, 250)))
        for rs in (resultset, None):
            record, same = (query(i, keys, operator=operator) for i in (plain, lookup))
            assert answers(lookup, same, rs) == answers(plain, record, rs), (keys, operator)
    # Forms it leaves to the original: `not`, a range.
    rs = IISet(range(0, 3000, 50))
    for options in ({"not": ["Manager"]}, {"range": "min"}):
        keys = ["user:3"] if "not" in options else ["group"]
        record, same = (query(i, keys, **options) for i in (plain, lookup))
        assert answers(lookup, same, rs) == answers(plain, record, rs), options


def test_boolean_index_finds_what_booleanindex_finds():
    rng = random.Random(27)  # noqa: S311 (reproducible test data)
    # Mostly false (as is_default_page), mostly true, and mixed: the index stores the
    # smaller side and inverts as it grows.
    for share in (0.02, 0.5, 0.97):
        values = [None if rng.random() < 0.1 else rng.random() < share for _ in range(3000)]
        plain, lookup = (filled(c, "flag", values) for c in (BooleanIndex, LookupBooleanIndex))
        for _ in range(100):
            resultset = IISet(rng.sample(range(3200), rng.randint(0, 250)))
            for wanted in (True, False, 1, 0):
                for rs in (resultset, None):
                    record, same = (query(i, wanted) for i in (plain, lookup))
                    assert answers(lookup, same, rs) == answers(plain, record, rs)


def test_a_few_records_are_looked_up_not_intersected():
    values = [["user:a"] if n % 3 else ["user:b", "Authenticated"] for n in range(5000)]
    keywords = filled(LookupKeywordIndex, "allowed", values)
    keywords._index = Untouchable()
    found = keywords.query_index(query(keywords, ["user:b", "nobody"]), IISet(range(90, 100)))
    assert list(found) == [90, 93, 96, 99]
    flags = filled(LookupBooleanIndex, "flag", [n % 7 == 0 for n in range(5000)])
    flags._index = Untouchable()
    assert list(flags.query_index(query(flags, True), IISet(range(0, 30)))) == [0, 7, 14, 21, 28]
    assert len(flags.query_index(query(flags, False), IISet(range(0, 30)))) == 25


def test_the_sites_keyword_and_boolean_indexes_look_up(portal):
    indexes = portal.portal_catalog._catalog.indexes
    kinds = {name: type(aq_base(index)) for name, index in indexes.items()}
    assert kinds["allowedRolesAndUsers"] is LookupKeywordIndex
    for name in ("is_default_page", "exclude_from_nav", "is_folderish"):
        assert kinds[name] is LookupBooleanIndex
    assert KeywordIndex not in kinds.values()
    assert BooleanIndex not in kinds.values()
    # Plone's catalog.xml finds the index it declares and leaves it alone.
    assert indexes["allowedRolesAndUsers"].meta_type == "KeywordIndex"
    assert indexes["is_default_page"].meta_type == "BooleanIndex"


NAVIGATION = {
    "path": {"query": "", "depth": 3},
    "is_default_page": False,
    "exclude_from_nav": False,
    "sort_on": "getObjPositionInParent",
}


def searches(portal):
    site = "/".join(portal.getPhysicalPath())
    pvbs = f"{site}/scholen/roc-de-vaart"
    return [
        dict(NAVIGATION, path={"query": site, "depth": 3}),
        dict(NAVIGATION, path={"query": site, "depth": 1}),
        {"path": {"query": pvbs, "depth": 2}, "is_folderish": True},
        {"path": {"query": pvbs, "depth": 3}, "portal_type": "PvB"},
        {"portal_type": ["PvB", "Evidence", "Appointment"], "is_folderish": False},
        {"path": {"query": pvbs, "depth": 1}, "object_provides": "proeve.interfaces.IGroup"},
        {"SearchableText": "sanne"},
    ]


def everyones_results(portal):
    catalog = portal.portal_catalog
    results = {}
    for persona, login in PERSONAS.items():
        if login is None:
            with api.env.adopt_roles(["Anonymous"]):
                user_results = [catalog.searchResults(**q) for q in searches(portal)]
        else:
            with api.env.adopt_user(username=login):
                user_results = [catalog.searchResults(**q) for q in searches(portal)]
        results[persona] = [sorted(b.getPath() for b in found) for found in user_results]
    return results


def test_every_persona_finds_what_the_original_indexes_find(portal, monkeypatch):
    # Small enough a demo site that the lookups are taken at all; count them.
    monkeypatch.setattr("proeve.lookupindexes.FEWER_BY", 1)
    looked_up = []
    original_few = lookupindexes.few

    def counting_few(index, resultset):
        answer = original_few(index, resultset)
        looked_up.append(answer)
        return answer

    monkeypatch.setattr(lookupindexes, "few", counting_few)
    with_lookups = everyones_results(portal)
    assert sum(looked_up) > 50
    assert any(with_lookups["admin_a"])
    assert any(with_lookups["candidate"])
    assert with_lookups["admin_b"] != with_lookups["admin_a"]
    remove_lookup_indexes(portal)
    assert everyones_results(portal) == with_lookups


def test_upgrade_1027_installs_them_keeping_what_they_indexed(portal):
    from proeve import PROFILE_ID

    remove_lookup_indexes(portal)
    catalog = portal.portal_catalog
    before = {name: aq_base(index) for name, index in catalog._catalog.indexes.items()}
    assert type(before["allowedRolesAndUsers"]) is KeywordIndex
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE_ID, "1026")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE_ID, dest="1027")
    after = catalog._catalog.indexes
    index = aq_base(after["allowedRolesAndUsers"])
    assert type(index) is LookupKeywordIndex
    # The same BTrees, nothing reindexed.
    assert index._index is before["allowedRolesAndUsers"]._index
    assert index._unindex is before["allowedRolesAndUsers"]._unindex
    assert type(aq_base(after["is_default_page"])) is LookupBooleanIndex
    assert install_lookup_indexes(portal) == []  # nothing left to change
