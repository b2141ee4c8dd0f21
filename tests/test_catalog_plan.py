"""The catalog asks the indexes that find the fewest records first, the same order every
time (proeve.catalog_plan, a known patch of ZCatalog's CatalogPlan.plan)."""

from DateTime import DateTime
from Products.PluginIndexes.BooleanIndex.BooleanIndex import BooleanIndex
from Products.PluginIndexes.DateRangeIndex.DateRangeIndex import DateRangeIndex
from Products.PluginIndexes.FieldIndex.FieldIndex import FieldIndex
from Products.PluginIndexes.KeywordIndex.KeywordIndex import KeywordIndex
from Products.ZCatalog.plan import CatalogPlan
from Products.ZCatalog.ZCatalog import ZCatalog
from proeve import catalog_plan
import pytest


class Record:
    """1,000 records: `kind` common for 9 in 10, `people` 20 records per person, `flag`
    set on 1 in 100, `since` in the past for all."""

    def __init__(self, number):
        self.number = number
        self.kind = "rare" if number % 10 == 0 else "common"
        self.people = [f"person-{number % 50}", "everyone"]
        self.flag = number % 100 == 0
        self.since = DateTime("2020-01-01")
        self.until = None if number % 3 else DateTime("2030-01-01")


@pytest.fixture
def catalog(portal):  # the portal: the ZCML that applies the patch is loaded
    catalog = ZCatalog("catalog")
    catalog.addIndex("kind", FieldIndex("kind"))
    catalog.addIndex("people", KeywordIndex("people"))
    catalog.addIndex("flag", BooleanIndex("flag"))
    catalog.addIndex("range", DateRangeIndex("range", since_field="since", until_field="until"))
    catalog.addColumn("number")
    for number in range(1000):
        catalog.catalog_object(Record(number), uid=f"/record-{number}")
    return catalog


def order(catalog, **query):
    inner = catalog._catalog
    return inner.getCatalogPlan(inner.make_query(query)).plan()


def found(catalog, **query):
    return sorted(brain.number for brain in catalog.searchResults(**query))


def test_the_patch_is_in_place(portal):
    assert CatalogPlan.plan is catalog_plan.plan


def test_the_fewest_records_first_and_the_date_range_last(catalog):
    query = {"kind": "common", "people": "person-3", "flag": True, "range": DateTime()}
    # flag: 10 records, people: 20, kind: 900 of 1,000; range: a date range, not counted.
    assert order(catalog, **query) == ["flag", "people", "kind", "range"]
    # ZCatalog's own order (by name) would have asked `kind`, and all its 900, second.
    assert catalog._catalog._sorted_search_indexes(catalog._catalog.make_query(query)) == [
        "flag",
        "kind",
        "people",
        "range",
    ]


def test_the_order_is_the_same_in_every_search(catalog):
    """ZCatalog ordered by the last search's timings, so the order flipped between two
    searches: the index asked first is the slow one."""
    query = {"kind": "common", "people": "person-3", "range": DateTime()}
    orders = set()
    for _ in range(6):
        orders.add(tuple(order(catalog, **query) or ()))
        assert found(catalog, **query) == [n for n in range(1000) if n % 50 == 3 and n % 10]
    assert orders == {("people", "kind", "range")}


def test_counts_of_a_query(catalog):
    inner = catalog._catalog

    def count(name, value):
        return catalog_plan.records_found(inner.getIndex(name), inner.make_query({name: value}))

    assert count("kind", "common") == 900
    assert count("kind", ["common", "rare"]) == 1000
    assert count("kind", "none such") == 0
    assert count("people", {"query": ["person-1", "person-2"], "operator": "or"}) == 40
    assert count("people", {"query": ["person-1", "everyone"], "operator": "and"}) == 20
    assert count("flag", True) == 10
    assert count("flag", False) == 990
    # What a look-up per key cannot count: left to the search itself.
    assert count("kind", {"query": ["a", "m"], "range": "min:max"}) is None
    assert count("kind", {"not": "common"}) is None
    assert count("range", DateTime()) is None


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "common", "people": "person-3"},
        {"kind": "rare", "flag": False, "range": DateTime()},
        {"people": {"query": ["person-1", "everyone"], "operator": "and"}, "flag": True},
        {"kind": {"not": "common"}, "people": "person-10"},
        {"kind": {"query": ["a", "d"], "range": "min:max"}, "people": "everyone"},
        {"range": DateTime("2040-01-01"), "people": "person-4"},
    ],
)
def test_the_records_found_are_those_of_every_condition(catalog, query):
    def matches(record):
        for name, value in query.items():
            if name == "range":
                if not (record.until is None or record.until >= value):
                    return False
            elif name == "people" and isinstance(value, dict):
                if not set(value["query"]) <= set(record.people):
                    return False
            elif name == "people":
                if value not in record.people:
                    return False
            elif name == "kind" and "not" in value:
                if record.kind == value["not"]:
                    return False
            elif name == "kind" and "range" in value:
                if not value["query"][0] <= record.kind <= value["query"][1]:
                    return False
            elif getattr(record, name) != value:
                return False
        return True

    expected = [n for n in range(1000) if matches(Record(n))]
    assert found(catalog, **query) == expected
