"""Keyword and boolean indexes that answer for a few records by looking each one up.

When other indexes have already narrowed a search to a few records, ZCatalog hands that
result to the next index, and KeywordIndex and BooleanIndex intersect it with their own
sets. A BTrees intersection walks both sets to their ends, so with a hundred records in
hand the cost is that of the largest set: every record the security index lists for a
school's group (`allowedRolesAndUsers`), or every record a boolean index holds. Plone's
navigation asks two such searches on every page (`is_default_page`, `exclude_from_nav`,
the user's security); at 50,000 PvBs they cost 6–12 ms a page, and more as the site grows.

These subclasses look each record in hand up in the index's own record → value table
instead, when the records are few against the index; otherwise, and for every query form
they do not handle (ranges, `not`), the original answers. What they find is exactly what
the original finds (tests/test_lookup_indexes.py). They keep their meta_type, so Plone's
catalog.xml leaves them alone; the profile installs them (upgrade step 1027) keeping what
they have indexed.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from BTrees.IIBTree import IISet
from Products.CMFCore.utils import getToolByName
from Products.PluginIndexes.BooleanIndex.BooleanIndex import BooleanIndex
from Products.PluginIndexes.KeywordIndex.KeywordIndex import KeywordIndex


# Look records up one by one when there are at most this many of them (UnIndex's own bound
# of a small result), and at least this many times fewer than the catalog holds: a lookup
# costs about what walking ten entries of a set costs.
MOST_RECORDS = 200
FEWER_BY = 10


def few(index, resultset):
    """Whether looking the records up beats intersecting sets."""
    if resultset is None:
        return False
    count = len(resultset)
    if count > MOST_RECORDS:
        return False
    # The catalog counts its records; an index cannot without walking all of them.
    catalog = aq_parent(aq_inner(index))
    return catalog is None or count * FEWER_BY <= len(catalog)


class LookupKeywordIndex(KeywordIndex):
    """KeywordIndex that looks up a few records instead of intersecting whole sets."""

    def query_index(self, record, resultset=None):
        keys = plain_keys(self, record)
        if keys is None or not few(self, resultset):
            return super().query_index(record, resultset)
        values_of = self._unindex.get
        if record.operator == "and":
            found = (rid for rid in resultset if keys.issubset(values_of(rid) or ()))
        else:
            found = (rid for rid in resultset if not keys.isdisjoint(values_of(rid) or ()))
        return IISet(list(found))


def plain_keys(index, record):
    """The query's keys as the index stores them, for a query of nothing but keys joined
    by `or` or `and`; None for every other query."""
    if record.get("not") or record.get("range") or record.get("usage"):
        return None
    if record.operator not in ("or", "and") or not record.keys:
        return None
    try:
        keys = {index._convert(key) for key in record.keys if key is not None}
    except TypeError:  # an unhashable key: the original tells what it means
        return None
    return keys or None


class LookupBooleanIndex(BooleanIndex):
    """BooleanIndex that looks up a few records instead of intersecting whole sets."""

    def query_index(self, record, resultset=None):
        if not record.keys or not few(self, resultset):
            return super().query_index(record, resultset)
        # As the original: the first key decides; records the index never saw do not match.
        wanted = bool(record.keys[0])
        value_of = self._unindex.get
        missing = object()
        found = []
        for rid in resultset:
            value = value_of(rid, missing)
            if value is not missing and bool(value) is wanted:
                found.append(rid)
        return IISet(found)


# The catalog's index classes and what each becomes.
LOOKUP_CLASSES = {KeywordIndex: LookupKeywordIndex, BooleanIndex: LookupBooleanIndex}


def install_lookup_indexes(portal, classes=LOOKUP_CLASSES):
    """Make every index of one of `classes` the class it maps to, keeping what it indexed."""
    catalog = getToolByName(portal, "portal_catalog")._catalog
    changed = {}
    for name, index in catalog.indexes.items():
        index = aq_base(index)
        new_class = classes.get(type(index))
        if new_class is None:
            continue
        index._p_activate()
        new = new_class.__new__(new_class)
        new.__dict__.update({k: v for k, v in index.__dict__.items() if not k.startswith("_v_")})
        changed[name] = new
    if changed:
        # Catalog.indexes is a plain dict: a new one marks the catalog changed.
        catalog.indexes = dict(catalog.indexes, **changed)
    return sorted(changed)


def remove_lookup_indexes(portal):
    """Back to Products.PluginIndexes' classes (on uninstall)."""
    return install_lookup_indexes(portal, {new: old for old, new in LOOKUP_CLASSES.items()})
