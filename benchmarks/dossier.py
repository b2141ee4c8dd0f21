"""Read throughput of `GET <pvb>/@dossier`: FileStorage, RelStorage with 1 and with 2 processes.

Starts real servers (tests/live.py: a generated instance, the site with its demo data), a
throwaway PostgreSQL cluster (or PROEVE_PG_DSN) for RelStorage, and for each setup lets
THREADS client threads read the dossiers of the demo PvBs as the exam committee for SECONDS
(after a warm-up round), spreading requests over the processes round robin. Prints requests
per second, the ratio to the first FileStorage run and the median and 95th percentile
latency; FileStorage runs again at the end to show the drift of the machine.

    .venv/bin/python -m benchmarks.dossier [--threads 8] [--seconds 10]
"""

from benchmarks.harness import table
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from tests.live import Client
from tests.live import Instance
from tests.live import PostgreSQL
import argparse
import itertools
import shutil
import statistics
import tempfile
import time


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
PVBS = [f"{GROUP}/kandidaat-{n:04d}/pvb-demo" for n in range(1, 7)]


def measure(instance, threads, seconds):
    clients = itertools.cycle(
        [Client(url, "examencie-vaart") for url in instance.urls for _ in range(threads)]
    )
    for pvb in PVBS:  # warm-up: every process reads every dossier once
        for url in instance.urls:
            assert Client(url, "examencie-vaart").get(f"{pvb}/@dossier").status_code == 200
    deadline = time.monotonic() + seconds

    def worker(n):
        client = next(clients)
        latencies = []
        for pvb in itertools.cycle(PVBS[n % len(PVBS) :] + PVBS[: n % len(PVBS)]):
            if time.monotonic() >= deadline:
                return latencies
            start = time.perf_counter()
            response = client.get(f"{pvb}/@dossier")
            if response.status_code != 200:
                raise SystemExit(f"{pvb}/@dossier answered {response.status_code}")
            latencies.append(time.perf_counter() - start)
        return latencies

    start = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        latencies = sorted(itertools.chain.from_iterable(pool.map(worker, range(threads))))
    elapsed = time.monotonic() - start
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return len(latencies), len(latencies) / elapsed, statistics.median(latencies), p95


def run_setups(threads, seconds):
    """[(label, requests, req/s, median s, p95 s)] of every setup, in order."""
    reason = PostgreSQL.unavailable()
    if reason:
        raise SystemExit(reason)
    cluster = PostgreSQL().start()
    folders = []
    results = []
    try:
        dsn = cluster.createdb("bench")
        setups = [
            ("FileStorage, 1 process", "filestorage", None, 1),
            ("RelStorage/PostgreSQL, 1 process", "relstorage", dsn, 1),
            ("RelStorage/PostgreSQL, 2 processes", "relstorage", dsn, 2),
            # Once more at the end: shows how much the machine drifted during the run.
            ("FileStorage, 1 process (again)", "filestorage", None, 1),
        ]
        for label, storage, setup_dsn, processes in setups:
            folder = Path(tempfile.mkdtemp(prefix="proeve-bench-dossier-"))
            folders.append(folder)
            instance = Instance(folder, storage, dsn=setup_dsn, processes=processes)
            instance.create_site()  # keeps the site made by an earlier setup on the same DB
            instance.start()
            try:
                results.append((label, *measure(instance, threads, seconds)))
            finally:
                instance.stop()
    finally:
        cluster.stop()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    return results


def own_table(results):
    base = results[0][2]
    rows = [
        (
            label,
            f"{count}",
            f"{rate:.1f}",
            f"{rate / base:.2f}",
            f"{median * 1000:.0f}",
            f"{p95 * 1000:.0f}",
        )
        for label, count, rate, median, p95 in results
    ]
    return table(("setup", "requests", "req/s", "ratio", "median ms", "p95 ms"), rows)


def arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    return parser.parse_args()


def report(results, threads, seconds):
    """This benchmark's own table with its heading."""
    return (
        f"\nGET <pvb>/@dossier, {threads} client threads, {seconds:g} s per setup, "
        f"6 demo PvBs, as the exam committee\n\n{own_table(results)}"
    )


def main():
    args = arguments(__doc__.splitlines()[0])
    print(report(run_setups(args.threads, args.seconds), args.threads, args.seconds))


if __name__ == "__main__":
    main()
