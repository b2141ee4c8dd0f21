"""Cost of changing a PvB's assessor, at 100 and at 10,000 PvBs in one school.

The people of a PvB are local roles computed from its fields; a change reindexes
the security of that PvB only. This scenario shows that its cost does not grow
with the size of the school.

Run: .venv/bin/python -m benchmarks.role_change [--sizes 100,10000] [--repeat 30]
"""

from benchmarks.generate import generate_pvbs
from benchmarks.harness import proeve_site
from benchmarks.harness import table
from benchmarks.harness import timed
from Products.CMFCore.indexing import processQueue
from Products.CMFPlone.CatalogTool import CatalogTool
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import argparse
import gc
import time
import transaction


def change_assessor(pvb, counter):
    """Swap the first assessor, index, commit: one real people change."""
    pvb.assessor_1 = "beoordelaar-2" if pvb.assessor_1 == "beoordelaar-1" else "beoordelaar-1"
    notify(ObjectModifiedEvent(pvb))
    processQueue()
    transaction.commit()
    counter.append(1)


def indexed_objects_per_change(pvb):
    calls = []
    original = CatalogTool.catalog_object

    def spy(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    CatalogTool.catalog_object = spy
    try:
        change_assessor(pvb, [])
    finally:
        CatalogTool.catalog_object = original
    return len(calls)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    rows = []
    with proeve_site() as portal:
        school = portal.scholen["roc-de-vaart"]
        for size in sizes:
            start = time.perf_counter()
            generate_pvbs(portal, "roc-de-vaart", size)
            transaction.commit()
            built = time.perf_counter() - start
            # Start from an empty object cache at both sizes, as a server does after a
            # restart: right after generating, the cache is full of what the generator
            # touched, which made every change at 10,000 PvBs twice as slow.
            portal._p_jar.cacheMinimize()
            gc.collect()
            pvb = school["bench-0000"].objectValues()[0].objectValues()[0]
            counter = []
            ms = timed(lambda p=pvb, c=counter: change_assessor(p, c), args.repeat)
            rows.append([f"{size:,}", f"{ms:.2f}", indexed_objects_per_change(pvb), f"{built:.0f}"])
    base = float(rows[0][1])
    for row in rows:
        row.insert(2, f"{float(row[1]) / base:.2f}")
    print(
        table(
            [
                "PvBs in school",
                "ms per assessor change (median)",
                "ratio",
                "objects reindexed",
                "s to generate",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
