"""Creating PvBs as a school does, at 1,000 and at 50,000 PvBs: does it grow with the site?

A school makes the PvBs of a group at once (the bulk path behind @bulk and the group page:
proeve.bulk.pvbs.plan and apply, every event, index and journal entry, then the commit). On
a copy of each cached generated instance (benchmarks.instances), in its own process through
zconsole: a new group of 30 candidates, then its 30 PvBs, timed (wall and CPU); one round
to warm the object cache, then `--rounds` measured rounds (a new group each); both sizes
run at the same time, so that they share the machine's load. The rows
compare the median ms per PvB at the large site with the small one (goal ≤ 1.3), and the
generator's own CPU time per PvB at both sizes, as recorded when the data was made.

Run: .venv/bin/python -m benchmarks.create [--small 1000] [--large 50000] [--rounds 5]
"""

from concurrent.futures import ThreadPoolExecutor
from statistics import median
from tempfile import TemporaryDirectory
import argparse
import os
import re
import sys
import time


GROUP = 30
SETTINGS = {
    "school_supervisor": "docent-vaart",
    "workplace_supervisor": "praktijk-jansen",
    "assessor_1": "beoordelaar-1",
    "assessor_2": "beoordelaar-2",
    "establisher": "vaststeller-vaart",
}


def create_group(portal, school, name):
    """A new group with GROUP candidates (committed; not timed)."""
    from plone.dexterity.utils import createContentInContainer
    import transaction

    group = createContentInContainer(
        school,
        "ExamGroup",
        checkConstraints=False,
        id=name,
        title=name,
        qualification_cohort=2025,
        crebo="25451",
    )
    for n in range(GROUP):
        createContentInContainer(
            group,
            "Candidate",
            checkConstraints=False,
            student_code=f"{name}-{n:03d}",
            first_name="Groep",
            last_name=f"Kandidaat {n}",
        )
    transaction.commit()
    return group


def pvbs_for_group(portal, group):
    """The school's own path: plan, apply, commit. Returns (ms wall, ms CPU) per PvB."""
    from proeve.bulk import pvbs
    import transaction

    uid = portal.examenbank["eerste-monteur-installatie-woning"].UID()
    portal._p_jar.getTransferCounts(True)
    wall, cpu = time.perf_counter(), time.process_time()
    report = pvbs.plan(group, "all", uid)
    created = pvbs.apply(group, report, dict(SETTINGS, assignment_uid=uid))
    transaction.commit()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert created == GROUP, created
    loads, stores = portal._p_jar.getTransferCounts(True)
    return wall * 1000 / created, cpu * 1000 / created, loads / created, stores / created


def measure_in_instance(app, rounds):
    """zconsole side: a warm-up round, then `rounds` measured rounds; one line each (with
    the objects loaded from and stored to the database per PvB: loads are misses of the
    object cache)."""
    from benchmarks.instances import open_site

    portal = open_site(app)
    school = portal.scholen["roc-de-vaart"]
    wait_for_the_other()
    for n in range(rounds + 1):
        group = create_group(portal, school, f"create-bench-{n}")
        wall, cpu, loads, stores = pvbs_for_group(portal, group)
        if n:  # round 0 fills the object cache as a running server has it
            print(
                f"round {n}: {wall:.2f} ms wall, {cpu:.2f} ms CPU per PvB; "
                f"{loads:.1f} loads, {stores:.1f} stores per PvB",
                flush=True,
            )


BARRIER = "PROEVE_BENCH_BARRIER"


def wait_for_the_other(timeout=900):
    """Start measuring when every process of the run is ready (their copies of the data are
    made and opened at different speeds): then both sizes share the same moments."""
    folder = os.environ.get(BARRIER)
    if not folder:
        return
    parties = int(os.environ.get(f"{BARRIER}_PARTIES", "2"))
    open(os.path.join(folder, f"ready-{os.getpid()}"), "w").close()
    deadline = time.monotonic() + timeout
    while len(os.listdir(folder)) < parties and time.monotonic() < deadline:
        time.sleep(0.2)


def measure(folder, rounds, barrier=None):
    """[(ms wall, ms CPU, loads, stores)] per measured round, on a throw-away copy of
    folder; barrier: a folder shared with the processes to start together with."""
    from benchmarks.instances import run_on_copy

    out = run_on_copy(
        folder,
        "benchmarks/create.py",
        "--rounds",
        rounds,
        env={BARRIER: barrier} if barrier else None,
        prefix="proeve-bench-create-",
    )
    found = re.findall(
        r"round \d+: ([\d.]+) ms wall, ([\d.]+) ms CPU per PvB; ([\d.]+) loads, ([\d.]+) stores",
        out,
    )
    return [tuple(float(x) for x in each) for each in found]


def generator_figures(scale):
    """(PvBs/s, ms CPU per PvB or None) of the generator when it made this data (from its
    ready.txt), or None."""
    from benchmarks.instances import generation_note

    note = generation_note(scale)
    rate = re.search(r"\(([\d.]+) PvBs/s", note)
    cpu = re.search(r"([\d.]+) ms per PvB", note)
    if rate is None:
        return None
    return float(rate.group(1)), float(cpu.group(1)) if cpu else None


def table(rows):
    headers = ["scenario", "Proeve", "compared with (the ceiling)", "ceiling", "ratio"]
    lines = ["| " + " | ".join([*headers, "goal / note"]) + " |", "|" + "---|" * 6]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from benchmarks.instances import generation_note
    from benchmarks.instances import prepared

    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    folders = {scale: prepared(scale, log) for scale in (args.small, args.large)}
    # Both sizes at the same time, each in its own process: they share whatever else the
    # machine does, which moves absolute times by a factor of 2 on a busy machine.
    log(f"PvBs for a group of {GROUP} at {args.small:,} and at {args.large:,} PvBs")
    with TemporaryDirectory() as barrier, ThreadPoolExecutor(2) as pool:
        running = {s: pool.submit(measure, folders[s], args.rounds, barrier) for s in folders}
        got = {scale: each.result() for scale, each in running.items()}
    small, large = got[args.small], got[args.large]
    wall = [median(r[0] for r in each) for each in (large, small)]
    cpu = [median(r[1] for r in each) for each in (large, small)]
    rows = [
        [
            f"create PvBs for a group of {GROUP} (bulk path: events, indexes, journal, commit) "
            f"at {args.large:,} PvBs, ms per PvB (median of {args.rounds}; CPU "
            f"{cpu[0]:.1f} vs {cpu[1]:.1f} ms, ratio {cpu[0] / cpu[1]:.2f})",
            f"{wall[0]:.1f}",
            f"the same at {args.small:,} PvBs",
            f"{wall[1]:.1f}",
            f"{wall[0] / wall[1]:.2f}",
            "≤ 1.3",
        ]
    ]
    large_gen, small_gen = generator_figures(args.large), generator_figures(args.small)
    if large_gen and small_gen and large_gen[1] and small_gen[1]:
        # CPU per PvB: the wall rate follows whatever else ran while the data was made.
        rows.append(
            [
                f"benchmarks/generate.py at {args.large:,} PvBs, ms CPU per PvB "
                f"({large_gen[0]:.0f} vs {small_gen[0]:.0f} PvBs/s wall; when the cached "
                "data was made, not in this run)",
                f"{large_gen[1]:.1f}",
                f"the same at {args.small:,} PvBs",
                f"{small_gen[1]:.1f}",
                f"{large_gen[1] / small_gen[1]:.2f}",
                "≤ 1.3",
            ]
        )
    print(table(rows))
    for scale in (args.small, args.large):
        print(f"\nData at {scale:,} PvBs: {generation_note(scale)}")
        for n, (ms, ms_cpu, loads, stores) in enumerate(got[scale], 1):
            print(
                f"- round {n}: {ms:.1f} ms per PvB ({ms_cpu:.1f} ms CPU); "
                f"{loads:.1f} objects loaded, {stores:.1f} stored per PvB"
            )


if __name__ == "__main__" and "app" in globals():
    rounds = sys.argv[sys.argv.index("--rounds") + 1] if "--rounds" in sys.argv else "3"
    measure_in_instance(globals()["app"], int(rounds))
elif __name__ == "__main__":
    main()
