"""Helpers of the paged listings (dashboard, group page) that read catalog records
without making a brain for each."""

from Acquisition import aq_base
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
