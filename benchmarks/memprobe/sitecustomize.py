"""What the soak's server holds in memory, sampled inside it (`soak.py --probe FILE`).

soak.py puts this folder first on the server's PYTHONPATH, so Python imports this module at
start-up (site.py imports `sitecustomize`). With PROEVE_MEMPROBE set it starts a thread that
waits for Zope's database and then writes a JSON line to that file every
PROEVE_MEMPROBE_EVERY seconds (30): resident memory, glibc's malloc figures, Python's
allocated blocks, the ZODB object cache of each connection (objects in memory, ghosts,
ZODB's estimated bytes, per class), the garbage collector's objects per type and the
entries of plone.memoize's RAM cache. With PROEVE_MEMPROBE_TRACE=N (frames) it also runs
tracemalloc and, from the first sample after soak.py made the file FILE.warm (the end of
its warm-up), writes where Python's allocations grew since then. Not loaded anywhere else.

For diagnosis only: `gc.get_objects()` also returns a tuple that another thread is still
filling, and the reference it holds makes that thread's `PySequence_Tuple` fail. A 10-minute
soak with the probe (2026-12-07) had one such 500 (`SystemError: Objects/tupleobject.c:927`
in zope.interface's adapter lookup), the soaks without it none.
"""

import os


def _rss():
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                fields[line.split(":")[0]] = int(line.split()[1]) * 1024
    return fields


def _mallinfo():
    """glibc's arenas: bytes in use and bytes free but kept (all arenas)."""
    import ctypes

    class Mallinfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in (
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            )
        ]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = Mallinfo2
    info = libc.mallinfo2()
    return {"heap": info.arena, "mmap": info.hblkhd, "used": info.uordblks, "free": info.fordblks}


def _caches(db):
    connections = []
    classes = {}
    for connection in list(db.pool.all):
        cache = connection._cache
        loads = connection.getTransferCounts()[0]  # objects read from the storage
        size = 0
        for _oid, obj in cache.lru_items():
            name = f"{type(obj).__module__}.{type(obj).__name__}"
            count, estimated = classes.get(name, (0, 0))
            classes[name] = (count + 1, estimated + obj._p_estimated_size)
            size += obj._p_estimated_size
        connections.append(
            {
                "loads": loads,
                "objects": len(cache),
                "non_ghosts": cache.cache_non_ghost_count,
                "estimated": cache.total_estimated_size,
                "summed": size,
                "target": cache.cache_size,
                "target_bytes": cache.cache_size_bytes,
            }
        )
    top = sorted(classes.items(), key=lambda item: -item[1][1])[:25]
    return connections, dict(top)


def _gc_types():
    import collections
    import gc

    counts = collections.Counter(type(obj).__name__ for obj in gc.get_objects())
    return sum(counts.values()), dict(counts.most_common(40))


def _ram_cache():
    try:
        from plone.memoize import ram
    except ImportError:
        return None
    storage = ram.global_cache._getStorage()
    return sum(len(entries) for entries in list(storage._data.values()))


def _sample(db, start, traced):
    import resource
    import sys
    import time

    usage = resource.getrusage(resource.RUSAGE_SELF)
    line = {"t": round(time.monotonic() - start, 1), **_rss(), "malloc": _mallinfo()}
    line["cpu"] = round(usage.ru_utime + usage.ru_stime, 2)
    line["blocks"] = sys.getallocatedblocks()
    line["caches"], line["classes"] = _caches(db)
    line["gc_objects"], line["gc_types"] = _gc_types()
    line["ram_cache"] = _ram_cache()
    if traced:
        import tracemalloc

        line["traced"] = tracemalloc.get_traced_memory()[0]
    return line


def _growth(baseline, frames):
    import tracemalloc

    stats = tracemalloc.take_snapshot().compare_to(
        baseline, "traceback" if frames > 1 else "lineno"
    )
    return [
        {"bytes": stat.size_diff, "count": stat.count_diff, "where": stat.traceback.format()}
        for stat in stats[:25]
    ]


def _probe(path, every, frames):
    import json
    import sys
    import time

    start = time.monotonic()
    while getattr(sys.modules.get("Zope2"), "DB", None) is None:
        time.sleep(1)
    db = sys.modules["Zope2"].DB
    proeve = sys.modules.get("proeve")
    baseline = None
    with open(path, "a") as out:
        out.write(json.dumps({"proeve": getattr(proeve, "__file__", None)}) + "\n")
        while True:
            time.sleep(every)
            try:
                line = _sample(db, start, frames)
                warm = os.path.exists(path + ".warm")
                line["warm"] = warm
                if frames and baseline is None and warm:
                    import tracemalloc

                    baseline = tracemalloc.take_snapshot()
                    line["baseline"] = True
                elif baseline is not None:
                    line["growth"] = _growth(baseline, frames)
            except Exception as error:  # noqa: BLE001 (a probe must not stop the server)
                line = {"error": repr(error)}
            out.write(json.dumps(line) + "\n")
            out.flush()


if os.environ.get("PROEVE_MEMPROBE"):
    import threading

    _frames = int(os.environ.get("PROEVE_MEMPROBE_TRACE", "0"))
    if _frames:
        import tracemalloc

        tracemalloc.start(_frames)
    threading.Thread(
        target=_probe,
        args=(
            os.environ["PROEVE_MEMPROBE"],
            float(os.environ.get("PROEVE_MEMPROBE_EVERY", "30")),
            _frames,
        ),
        daemon=True,
        name="memprobe",
    ).start()
