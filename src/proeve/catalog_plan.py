"""The catalog asks its most selective indexes first, in the same order every time.

ZCatalog orders a search's indexes by how long each took in the last search with the same
keys (`Products.ZCatalog.plan.CatalogPlan.plan`). The index asked first works on the whole
catalog and the ones after it only on the records left, so the first one is always the
slowest and goes last in the next search: the order flips from search to search. At 50,000
PvBs a praktijkbegeleider's `@my-tasks` took about 6 and 12 ms in turn (in process: p50
8.2, p95 17.7 ms), as each of its searches started with the user's 100 PvBs (`pvb_people`)
or with all 50,000 (`portal_type`, `effectiveRange`).

Here the order is worked out from the query before the search. A field, keyword, UUID or
boolean index tells how many records its keys find, with one look-up per key; these go
first, fewest first. The first one hands over its stored set without work, and each after it
meets only the records left (looked up, proeve.catalog_sets). Then the indexes that cannot
tell cheaply (paths, text, ranges, `not`) in ZCatalog's own fixed order, and last the date
ranges (`effectiveRange`): asked first, a date range builds the set of every record in it
(4 ms at 50,000 PvBs); asked later, it only takes the few records outside it away. Every index
is still asked and an intersection does not depend on the order, so the records found are
the same.

ZCatalog has no hook for the order: `CatalogPlan.plan` is replaced (known patches,
docs/operations.md; guarded by tests/test_known_patches.py). Its timings are still
recorded for the ZMI's query report.
"""

from Products.PluginIndexes.BooleanIndex.BooleanIndex import BooleanIndex
from Products.PluginIndexes.DateRangeIndex.DateRangeIndex import DateRangeIndex
from Products.PluginIndexes.FieldIndex.FieldIndex import FieldIndex
from Products.PluginIndexes.interfaces import ILimitedResultIndex
from Products.PluginIndexes.interfaces import IQueryIndex
from Products.PluginIndexes.KeywordIndex.KeywordIndex import KeywordIndex
from Products.PluginIndexes.UUIDIndex.UUIDIndex import UUIDIndex
from Products.ZCatalog.query import IndexQuery


# Exactly these classes: DateIndex and DateRangeIndex are UnIndexes too, with other keys.
KEYED = (FieldIndex, KeywordIndex, UUIDIndex)
# Query options whose records cannot be counted by a look-up per key.
UNCOUNTED = ("range", "usage", "not")


def plan(self):
    """CatalogPlan.plan: the indexes of the query in the order to ask them."""
    if not self.query:
        return None
    names = {self.querykey_to_index[key] for key in self.query if key in self.querykey_to_index}
    return search_order(self.catalog, self.query, names)


def search_order(catalog, query, names):
    """The indexes `names` of the query: the counted ones, fewest records first; then the
    others in ZCatalog's fixed order; the date ranges last."""
    counted, others, date_ranges = [], [], []
    for name in names:
        index = catalog.indexes[name]
        size = records_found(index, query)
        if size == 0:  # the search ends at the first index that finds nothing
            return [name, *sorted(names - {name})]
        if size is not None:
            counted.append((size, name))
        elif isinstance(index, DateRangeIndex):
            date_ranges.append(name)
        else:
            others.append((ILimitedResultIndex.providedBy(index), name))
    return [name for _, name in sorted(counted) + sorted(others)] + sorted(date_ranges)


def records_found(index, query):
    """How many records the index finds for the query, or None when a look-up per key cannot
    tell."""
    if not isinstance(index, (*KEYED, BooleanIndex)) or not IQueryIndex.providedBy(index):
        return None
    record = IndexQuery(query, index.id, index.query_options, index.operators, index.useOperator)
    if record.keys is None or any(record.get(option) is not None for option in UNCOUNTED):
        return None
    try:
        if isinstance(index, BooleanIndex):
            sizes = [_boolean_size(index, key) for key in record.keys]
        else:
            sizes = [_keyed_size(index, key) for key in record.keys]
    except (TypeError, ValueError, AttributeError):
        return None
    if not sizes:
        return None
    return min(sizes) if record.operator == "and" else sum(sizes)


def _keyed_size(index, key):
    if key is None:
        return 0
    found = index._index.get(index._convert(key))
    if found is None:
        return 0
    return 1 if isinstance(found, int) else len(found)


def _boolean_size(index, key):
    # A BooleanIndex keeps the records of its rarer value; the others are the rest.
    kept = index._index_length.value
    if bool(key) is bool(index._index_value):
        return kept
    return index._length.value - kept
