"""Scale-out for `make bench`: benchmarks/dossier.py's setups as rows of the main table.

Runs the dossier read throughput on FileStorage, on RelStorage (a throwaway PostgreSQL
cluster, or PROEVE_PG_DSN) with 1 and with 2 Zope processes, and on FileStorage again, and
prints first the rows for the main table (scenario, Proeve, ceiling, ratio, note), then
dossier.py's own table.

    .venv/bin/python -m benchmarks.scaleout [--threads 8] [--seconds 10]
"""

from benchmarks.dossier import arguments
from benchmarks.dossier import report
from benchmarks.dossier import run_setups
from benchmarks.harness import table


HEADERS = ["scenario", "Proeve", "compared with (the ceiling)", "ceiling", "ratio", "goal / note"]


def rows(results, threads):
    """The main table's rows: each RelStorage setup against the one it scales from."""
    by_label = {label: (rate, median, p95) for label, _count, rate, median, p95 in results}
    file_rate = by_label["FileStorage, 1 process"][0]
    one_rate = by_label["RelStorage/PostgreSQL, 1 process"][0]
    again = by_label["FileStorage, 1 process (again)"][0]

    def scenario(label):
        _rate, median, p95 = by_label[label]
        return (
            f"scale-out: GET @dossier (demo PvB, exam committee), {threads} clients, {label}, "
            f"requests/s (p50 {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms)"
        )

    return [
        [
            scenario("RelStorage/PostgreSQL, 1 process"),
            f"{one_rate:.1f}",
            "FileStorage, 1 process, requests/s",
            f"{file_rate:.1f}",
            f"{one_rate / file_rate:.2f}",
            "PostgreSQL on the same cores",
        ],
        [
            scenario("RelStorage/PostgreSQL, 2 processes"),
            f"{by_label['RelStorage/PostgreSQL, 2 processes'][0]:.1f}",
            "RelStorage/PostgreSQL, 1 process, requests/s",
            f"{one_rate:.1f}",
            f"{by_label['RelStorage/PostgreSQL, 2 processes'][0] / one_rate:.2f}",
            "> 1 needs cores of its own",
        ],
        [
            scenario("FileStorage, 1 process (again)"),
            f"{again:.1f}",
            "FileStorage, 1 process, requests/s (first)",
            f"{file_rate:.1f}",
            f"{again / file_rate:.2f}",
            "drift of the machine",
        ],
    ]


def main():
    args = arguments(__doc__.splitlines()[0])
    results = run_setups(args.threads, args.seconds)
    print(table(HEADERS, rows(results, args.threads)))
    print(report(results, args.threads, args.seconds))


if __name__ == "__main__":
    main()
