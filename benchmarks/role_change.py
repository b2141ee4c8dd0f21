"""Cost of changing a PvB's assessor, in a school of 1,000 and of 50,000 PvBs.

The people of a PvB are local roles computed from its fields; a change reindexes
the security of that PvB only. This scenario shows that its cost does not grow
with the size of the school.

It runs on throw-away copies of the cached generated instances (benchmarks.instances, the
same data as the live scenarios: every PvB in one school), one after the other, each in its
own process through zconsole, which starts with an empty object cache as a server does after
a restart. Making 10,000 PvBs for this scenario alone took four of make bench's minutes.

Run: .venv/bin/python -m benchmarks.role_change [--small 1000] [--large 50000] [--repeat 30]
"""

from statistics import median
import argparse
import re
import sys
import time


SCHOOL = "roc-de-vaart"  # where benchmarks.generate puts every PvB


def change_assessor(pvb):
    """Swap the first assessor, index, commit: one real people change."""
    from Products.CMFCore.indexing import processQueue
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent
    import transaction

    pvb.assessor_1 = "beoordelaar-2" if pvb.assessor_1 == "beoordelaar-1" else "beoordelaar-1"
    notify(ObjectModifiedEvent(pvb))
    processQueue()
    transaction.commit()


def indexed_objects_per_change(pvb):
    from Products.CMFPlone.CatalogTool import CatalogTool

    calls = []
    original = CatalogTool.catalog_object

    def spy(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    CatalogTool.catalog_object = spy
    try:
        change_assessor(pvb)
    finally:
        CatalogTool.catalog_object = original
    return len(calls)


def measure_in_instance(app, repeat):
    """zconsole side: `repeat` changes of one PvB's assessor; one line with the medians."""
    from benchmarks.instances import open_site

    portal = open_site(app)
    school = portal.scholen[SCHOOL]
    pvb = school["bench-0000"].objectValues()[0].objectValues()[0]  # benchmarks.generate's
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        change_assessor(pvb)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    where = "/".join(school.getPhysicalPath())
    pvbs = len(portal.portal_catalog.unrestrictedSearchResults(portal_type="PvB", path=where))
    print(
        f"{pvbs} PvBs: {median(walls):.2f} ms wall, {median(cpus):.2f} ms CPU per change; "
        f"{indexed_objects_per_change(pvb)} reindexed",
        flush=True,
    )


def measure(folder, repeat):
    """(PvBs in the school, ms wall, ms CPU, objects reindexed) on a throw-away copy."""
    from benchmarks.instances import run_on_copy

    out = run_on_copy(
        folder, "benchmarks/role_change.py", "--repeat", repeat, prefix="proeve-bench-role-"
    )
    found = re.search(r"(\d+) PvBs: ([\d.]+) ms wall, ([\d.]+) ms CPU per change; (\d+)", out)
    pvbs, wall, cpu, indexed = found.groups()
    return int(pvbs), float(wall), float(cpu), int(indexed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    from benchmarks.harness import table
    from benchmarks.instances import prepared

    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    rows = []
    for scale in (args.small, args.large):
        pvbs, wall, cpu, indexed = measure(prepared(scale, log), args.repeat)
        rows.append([f"{pvbs:,}", f"{wall:.2f}", f"{cpu:.2f}", indexed])
    base = float(rows[0][1])
    for row in rows:
        row.insert(2, f"{float(row[1]) / base:.2f}")
    headers = [
        "PvBs in school",
        "ms per assessor change (median)",
        "ratio",
        "ms CPU per change (median)",
        "objects reindexed",
    ]
    print(table(headers, rows))


if __name__ == "__main__" and "app" in globals():
    repeat = sys.argv[sys.argv.index("--repeat") + 1] if "--repeat" in sys.argv else "30"
    measure_in_instance(globals()["app"], int(repeat))
elif __name__ == "__main__":
    main()
