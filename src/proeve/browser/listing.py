"""Helpers of the paged listings (dashboard, group page) that read catalog records
without making a brain for each."""

from Acquisition import aq_base
from DateTime import DateTime
from Products.CMFCore.indexing import processQueue
from Products.CMFCore.utils import _getAuthenticatedUser
from ZTUtils.Lazy import LazyMap


class Page(list):
    """One page of a longer result, with the length of the whole (as plone.batching and a
    catalog search limited to a batch have it)."""

    def __init__(self, items, actual_result_count):
        super().__init__(items)
        self.actual_result_count = actual_result_count


def plain_search(table, brains):
    """Whether `brains` are the lazy result of a plain catalog search of `table` (a LazyMap
    of its records that makes each brain when asked): then brains._seq are the records."""
    maker = getattr(brains, "_func", None) if isinstance(brains, LazyMap) else None
    return aq_base(getattr(maker, "__self__", None)) is aq_base(table) and (
        maker.__func__ is type(aq_base(table)).__getitem__
    )


def record_ids(table, brains):
    """The catalog records of the brains, in their order; of a plain search without making
    its brains."""
    if plain_search(table, brains):
        return brains._seq
    return [brain.getRID() for brain in brains]


def visible_children(catalog, parent_paths, portal_type, show_inactive):
    """The catalog records of the children of `parent_paths` of `portal_type` that a
    restricted search (catalog(...)) finds for the current user, in record order.

    A restricted search adds the user's allowedRolesAndUsers and, unless `show_inactive`,
    the effective dates, and intersects the sets of each with what the path found. BTrees
    intersect by walking both sets, so each of the user's roles costs as much as the
    records it opens (the whole school's, 150,000 at 50,000 PvBs) however few the children
    are; a page listing 25 candidates paid that about ten times. Here each child is checked
    against what those indexes hold for it: the same test (a role of the user among the
    record's allowedRolesAndUsers; effective now), record by record."""
    processQueue()  # as a search does: pending reindexing first
    table = catalog._catalog
    found = table.getIndex("path")._apply_index(
        {"path": {"query": sorted(parent_paths), "depth": 1}}
    )
    if not found:
        return []
    types = table.getIndex("portal_type")
    roles = table.getIndex("allowedRolesAndUsers")
    allowed = set(catalog._listAllowedRolesAndUsers(_getAuthenticatedUser(catalog)))
    dates = None if show_inactive else table.getIndex("effectiveRange")
    now = dates._convertDateTime(DateTime()) if dates is not None else None
    return [
        rid
        for rid in found[0]
        if types.getEntryForObject(rid, None) == portal_type
        and not allowed.isdisjoint(roles.getEntryForObject(rid, ()))
        and (dates is None or effective(dates.getEntryForObject(rid, None), now))
    ]


def effective(dates, now):
    """Whether a record's (since, until) of the effectiveRange index hold `now`, as the
    index answers a query of a date (no record: not found)."""
    if dates is None:
        return False
    since, until = dates
    return (since is None or since <= now) and (until is None or now <= until)


def sorted_by(table, rids, index_name):
    """The records in the order of a sort on `index_name` (ties by record id, as the
    catalog sorts); a record the index does not hold is left out, as the catalog does."""
    keys = table.getIndex(index_name).documentToKeyMap()
    return [rid for _key, rid in sorted((keys[rid], rid) for rid in rids if rid in keys)]


def metadata_columns(table, *names):
    """The places of metadata columns in the catalog's records (table.data[rid]), where a
    brain reads its attributes of those names."""
    return tuple(table.schema[name] for name in names)
