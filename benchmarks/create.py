"""Creating PvBs as a school does, at 1,000 and at 50,000 PvBs: does it grow with the site?

A school makes the PvBs of a group at once (the bulk path behind @bulk and the group page:
proeve.bulk.pvbs.plan and apply, every event, index and journal entry, then the commit). On
a copy of each cached generated instance (benchmarks.instances), in its own process through
zconsole: a new group of 30 candidates, then its 30 PvBs, timed (wall and CPU); one round
to warm the object cache, then `--rounds` measured rounds (a new group each). The rows
compare the median ms per PvB at the large site with the small one (goal ≤ 1.3), and the
generator's own rate at both sizes, as recorded when the data was made.

Run: .venv/bin/python -m benchmarks.create [--small 1000] [--large 50000] [--rounds 3]
"""

from statistics import median
import argparse
import os
import re
import shutil
import subprocess
import sys
import time


GROUP = 30
SITE = "proeve"  # as benchmarks.instances makes it (zconsole runs this file without the package)
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
    wall, cpu = time.perf_counter(), time.process_time()
    report = pvbs.plan(group, "all", uid)
    created = pvbs.apply(group, report, dict(SETTINGS, assignment_uid=uid))
    transaction.commit()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert created == GROUP, created
    return wall * 1000 / created, cpu * 1000 / created


def measure_in_instance(app, rounds):
    """zconsole side: a warm-up round, then `rounds` measured rounds; one line each."""
    from AccessControl.SecurityManagement import newSecurityManager
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    import proeve.process.notify

    proeve.process.notify.send = lambda *a, **k: 0  # no mail: nothing listens
    app = makerequest(app)
    portal = app[SITE]
    setSite(portal)
    admin = portal.acl_users.getUserById("platformbeheer")
    newSecurityManager(None, admin.__of__(portal.acl_users))
    school = portal.scholen["roc-de-vaart"]
    for n in range(rounds + 1):
        group = create_group(portal, school, f"create-bench-{n}")
        wall, cpu = pvbs_for_group(portal, group)
        if n:  # round 0 fills the object cache as a running server has it
            print(f"round {n}: {wall:.2f} ms wall, {cpu:.2f} ms CPU per PvB", flush=True)


def measure(folder, rounds):
    """[(ms wall, ms CPU)] per measured round, on a throw-away copy of folder."""
    from benchmarks.instances import BIN
    from benchmarks.instances import ROOT
    from benchmarks.instances import working_copy

    run, conf, _ini = working_copy(folder, prefix="proeve-bench-create-")
    try:
        out = subprocess.run(
            [BIN / "zconsole", "run", conf, ROOT / "benchmarks/create.py", "--rounds", str(rounds)],
            check=True,
            env=dict(os.environ, PROEVE_SITE_ID=SITE),
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(run, ignore_errors=True)
    found = re.findall(r"round \d+: ([\d.]+) ms wall, ([\d.]+) ms CPU", out)
    return [(float(wall), float(cpu)) for wall, cpu in found]


def generator_rate(scale):
    """PvBs/s of the generator when it made this data (from its ready.txt), or None."""
    from benchmarks.instances import generation_note

    found = re.search(r"\(([\d.]+) PvBs/s", generation_note(scale))
    return float(found.group(1)) if found else None


def table(rows):
    headers = ["scenario", "Proeve", "compared with (the ceiling)", "ceiling", "ratio"]
    lines = ["| " + " | ".join([*headers, "goal / note"]) + " |", "|" + "---|" * 6]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from benchmarks.instances import generation_note
    from benchmarks.instances import prepared

    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    folders = {scale: prepared(scale, log) for scale in (args.small, args.large)}
    got = {}
    for scale in (args.small, args.large):
        log(f"PvBs for a group of {GROUP} at {scale:,} PvBs")
        got[scale] = measure(folders[scale], args.rounds)
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
    rates = [generator_rate(args.large), generator_rate(args.small)]
    if all(rates):
        rows.append(
            [
                f"benchmarks/generate.py at {args.large:,} PvBs, PvBs/s (when the cached data "
                "was made; not in this run)",
                f"{rates[0]:.0f}",
                f"the same at {args.small:,} PvBs",
                f"{rates[1]:.0f}",
                f"{rates[1] / rates[0]:.2f} (time per PvB)",
                "≤ 1.3",
            ]
        )
    print(table(rows))
    for scale in (args.small, args.large):
        print(f"\nData at {scale:,} PvBs: {generation_note(scale)}")
        for n, (ms, ms_cpu) in enumerate(got[scale], 1):
            print(f"- round {n}: {ms:.1f} ms per PvB ({ms_cpu:.1f} ms CPU)")


if __name__ == "__main__" and "app" in globals():
    rounds = sys.argv[sys.argv.index("--rounds") + 1] if "--rounds" in sys.argv else "3"
    measure_in_instance(globals()["app"], int(rounds))
elif __name__ == "__main__":
    main()
