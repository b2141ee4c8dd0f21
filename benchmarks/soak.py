"""A steady-load soak: the roles' everyday requests on a generated site, with locust.

Serves a copy of a generated instance (benchmarks/instances.py; FileStorage, waitress with
the generated thread count, 2) on loopback and runs locust as a library in this process
against it, for a fixed time with a fixed number of users (each waits 1 to 3 s between
tasks, as a person clicking would):

- candidates: Mijn overzicht and their PvB page (Classic UI), @dossier, approving a PvB in
  preparation, adding an appointment, a small evidence file by TUS (one chunk);
- praktijkbegeleiders: @my-tasks, "my PvBs" (@search), the dashboard and PvB pages,
  approving their candidates' PvBs (GET @dossier for its content_hash, POST @approve);
- ROC-begeleiders: the dashboard and group pages and the group's Excel export;
- assessors: @my-tasks, the PvB page and assessment forms (POST @assessment, PATCH 30
  scores, POST @record-assessment) on PvBs without forms;
- the exam committee: the dashboard, the school's results export and a candidate's dossier
  export (zip);
- one user uploading a large evidence file (32 MiB by TUS in 8 MiB chunks) now and then.

Each approval and form is done once (a work list per kind; an exhausted list falls back to
reading the PvB page), so a refusal such as 409 already_approved is a real error. Before the
load, every PvB's @dossier is read four times at once, so on each of the server's ZODB
connections (`preload()`; not with --quick or --no-preload), so that the caches start with
the site's PvBs. The first two minutes (of the ten) are a warm-up with the same users and
requests: the connections' object caches fill fastest then (README, "Issue 22, goal 5:
memory under the soak"); then the statistics start again (the warm-up's failures are
reported apart, with the ERROR lines of the server's log) and the server's resident memory
(VmRSS) is taken; it is taken again at the end, with samples in between.

    .venv/bin/python -m benchmarks.soak [--scale 1000] [--minutes 10] [--users 16] [--quick]
        [--probe FILE [--probe-trace FRAMES]]

--probe samples the server's memory from inside (benchmarks/memprobe/sitecustomize.py: the
object caches per connection, the garbage collector's objects per type, glibc's free lists,
optionally tracemalloc) and prints what grew after the warm-up.

Prints a markdown table per kind of request (requests, requests/s, p50, p95, failures) and
a summary table in the columns of benchmarks/run.py's main table.
"""

from gevent import monkey


monkey.patch_all()  # before anything imports ssl or socket (locust does it too)

from benchmarks import generate as gen  # noqa: E402
from benchmarks.harness import table  # noqa: E402
from benchmarks.instances import prepared  # noqa: E402
from benchmarks.instances import serve  # noqa: E402
from benchmarks.instances import stop  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402
import argparse  # noqa: E402
import base64  # noqa: E402
import itertools  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402


DEMO_PASSWORD = "proeve-demo"  # noqa: S105 (demo login, README)
COMMITTEE = "examencie-vaart"
SMALL_EVIDENCE = os.urandom(200 * 1024)
LARGE_CHUNK = 8 << 20
LARGE_CHUNKS = 4
SCORES = {
    c["id"]: {"result": "satisfied", "justification": "Aangetoond in de praktijk."}
    for wp in gen.BENCH_ASSIGNMENT["work_processes"]
    for c in wp["criteria"]
}


def basic(login, password=gen.PASSWORD):
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


def b64(text):
    return base64.b64encode(text.encode()).decode()


class Site:
    """What the users share: the site's path, its size and the work lists (one gevent
    thread, so plain lists and iterators need no lock)."""

    def __init__(self, path, scale):
        self.path = path
        self.scale = scale
        self.school = f"{path}/scholen/roc-de-vaart"
        self.candidates = gen.GROUP_SIZE * ((scale // gen.PVBS_PER_CANDIDATE) // gen.GROUP_SIZE)
        preparation = gen.pvbs_in_phase("preparation", scale)
        # candidate serial -> their PvBs in preparation still to approve
        self.to_approve_by_candidate = {}
        for serial, number, _n in preparation:
            self.to_approve_by_candidate.setdefault(serial, []).append(number)
        # praktijkbegeleider login -> (serial, number) still to approve
        self.to_approve_by_supervisor = {}
        for serial, number, _n in preparation:
            login = gen.people_of(serial)["workplace_supervisor"]
            self.to_approve_by_supervisor.setdefault(login, []).append((serial, number))
        # assessor login -> (serial, number) of PvBs in assessment without forms
        self.to_assess = {}
        for serial, number, n in gen.pvbs_in_phase("assessment", scale):
            if gen.without_forms(n):
                login = gen.people_of(serial)["assessor_1"]
                self.to_assess.setdefault(login, []).append((serial, number))
        self.next_candidate = itertools.count(0, 7)  # spread over groups and supervisors
        self.next_group = itertools.count()

    def pvb(self, serial, number):
        return f"{self.school}/{gen.pvb_path(serial, number)}"

    def execution_pvb(self, serial):
        """Every candidate has one PvB in execution: number 4 (even serial) or 0 (odd)."""
        return self.pvb(serial, 4 if serial % 2 == 0 else 0)

    def candidate_serial(self):
        return next(self.next_candidate) % self.candidates

    def group(self):
        return next(self.next_group) % (self.candidates // gen.GROUP_SIZE)


SITE = None  # set by main() before the users start


def user_classes():
    """The locust users (imported here: locust must not start before the site is up)."""
    from locust import between
    from locust import FastHttpUser
    from locust import task

    class Role(FastHttpUser):
        abstract = True
        wait_time = between(1, 3)
        login = None
        password = gen.PASSWORD

        def headers(self, accept="application/json", **extra):
            return {"Authorization": basic(self.login, self.password), "Accept": accept, **extra}

        def get(self, path, name, accept="application/json"):
            with self.client.get(
                path, headers=self.headers(accept), name=name, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}: {response.text[:200]}")
                return response

        def send(self, method, path, name, body, expected):
            with self.client.request(
                method,
                path,
                headers=self.headers(),
                json=body,
                name=name,
                catch_response=True,
            ) as response:
                if response.status_code not in expected:
                    response.failure(f"{response.status_code}: {response.text[:200]}")
                return response

        def page(self, path, name):
            return self.get(path, name, accept="text/html")

        def dashboard(self):
            self.page(f"{SITE.path}/@@dashboard", "page: Mijn overzicht (@@dashboard)")

        def approve(self, pvb, role):
            dossier = self.get(f"{pvb}/@dossier", f"approve ({role}): GET @dossier")
            if dossier.status_code != 200:
                return
            seen = dossier.json()["content_hash"]
            self.send(
                "POST",
                f"{pvb}/@approve",
                f"approve ({role}): POST @approve",
                {"content_hash": seen},
                (200, 201),
            )

        def tus(self, pvb, data, chunk, label, title):
            created = self.client.request(
                "POST",
                f"{pvb}/@tus-upload",
                headers=self.headers(
                    **{
                        "Tus-Resumable": "1.0.0",
                        "Upload-Length": str(len(data)),
                        "Upload-Metadata": f"filename {b64('soak.bin')},title {b64(title)}",
                    }
                ),
                name=f"{label}: TUS create",
                catch_response=True,
            )
            with created as response:
                if response.status_code != 201:
                    response.failure(f"{response.status_code}: {response.text[:200]}")
                    return
                location = urlsplit(response.headers["Location"]).path
            for offset in range(0, len(data), chunk):
                last = offset + chunk >= len(data)
                with self.client.request(
                    "PATCH",
                    location,
                    data=data[offset : offset + chunk],
                    headers=self.headers(
                        **{
                            "Tus-Resumable": "1.0.0",
                            "Upload-Offset": str(offset),
                            "Content-Type": "application/offset+octet-stream",
                        }
                    ),
                    name=f"{label}: TUS {'last chunk (evidence made)' if last else 'chunk'}",
                    catch_response=True,
                ) as response:
                    if response.status_code != 204:
                        response.failure(f"{response.status_code}: {response.text[:200]}")
                        return

    class Candidate(Role):
        weight = 6

        def on_start(self):
            self.serial = SITE.candidate_serial()
            self.login = gen.candidate_login(self.serial)
            self.own = SITE.execution_pvb(self.serial)

        @task(3)
        def my_overview(self):
            self.dashboard()

        @task(3)
        def pvb_page(self):
            self.page(self.own, "page: PvB")

        @task(2)
        def dossier(self):
            self.get(f"{self.own}/@dossier", "REST: GET @dossier")

        @task(1)
        def approve_mine(self):
            todo = SITE.to_approve_by_candidate.get(self.serial)
            if todo:
                self.approve(SITE.pvb(self.serial, todo.pop()), "candidate")
            else:
                self.pvb_page()

        @task(1)
        def appointment(self):
            body = {
                "@type": "Appointment",
                "title": "Tussentijds gesprek",
                "start": "2027-03-01T10:00:00",
                "location": "Leerbedrijf",
            }
            self.send("POST", self.own, "appointment: POST", body, (201,))

        @task(1)
        def small_evidence(self):
            self.tus(self.own, SMALL_EVIDENCE, len(SMALL_EVIDENCE), "evidence 200 KiB", "Foto")

    class WorkplaceSupervisor(Role):
        weight = 3

        def on_start(self):
            serial = SITE.candidate_serial()
            self.login = gen.people_of(serial)["workplace_supervisor"]
            self.pvbs = [SITE.execution_pvb(serial)]

        @task(2)
        def my_tasks(self):
            self.get(f"{SITE.path}/@my-tasks", "REST: GET @my-tasks")

        @task(1)
        def my_pvbs(self):
            query = (
                "@search?portal_type=PvB&sort_on=modified&b_size=50"
                f"&pvb_people=workplace_supervisor:{self.login}"
            )
            self.get(f"{SITE.path}/{query}", "REST: GET @search (my PvBs)")

        @task(2)
        def my_overview(self):
            self.dashboard()

        @task(2)
        def pvb_page(self):
            self.page(self.pvbs[0], "page: PvB")

        @task(1)
        def approve_one(self):
            todo = SITE.to_approve_by_supervisor.get(self.login)
            if todo:
                self.approve(SITE.pvb(*todo.pop()), "praktijkbegeleider")
            else:
                self.pvb_page()

    class SchoolSupervisor(Role):
        weight = 2

        def on_start(self):
            self.number = SITE.group()
            self.login = gen.people_of(self.number * gen.GROUP_SIZE)["school_supervisor"]
            self.group_path = f"{SITE.school}/bench-{self.number:04d}"

        @task(2)
        def my_overview(self):
            self.dashboard()

        @task(2)
        def group_page(self):
            self.page(self.group_path, "page: group")

        @task(1)
        def group_export(self):
            self.get(f"{self.group_path}/@@group-export", "export: group (.xlsx)", "*/*")

    class Assessor(Role):
        weight = 3

        def on_start(self):
            serial = SITE.group() * gen.GROUP_SIZE + 1  # an odd serial: assessment PvBs
            self.login = gen.people_of(serial)["assessor_1"]
            self.pvb_path = SITE.pvb(serial, 1)

        @task(2)
        def my_tasks(self):
            self.get(f"{SITE.path}/@my-tasks", "REST: GET @my-tasks")

        @task(2)
        def pvb_page(self):
            self.page(self.pvb_path, "page: PvB")

        @task(2)
        def assess(self):
            todo = SITE.to_assess.get(self.login)
            if not todo:
                self.pvb_page()
                return
            pvb = SITE.pvb(*todo.pop())
            made = self.send("POST", f"{pvb}/@assessment", "assessment: POST", {}, (200, 201))
            if made.status_code not in (200, 201):
                return
            body = {"scores": SCORES}
            self.send("PATCH", f"{pvb}/@assessment", "assessment: PATCH 30 scores", body, (200,))
            self.send("POST", f"{pvb}/@record-assessment", "assessment: record", {}, (200,))

    class ExamCommittee(Role):
        weight = 1
        login = COMMITTEE
        password = DEMO_PASSWORD

        @task(2)
        def my_overview(self):
            self.dashboard()

        @task(1)
        def results_export(self):
            self.get(f"{SITE.school}/@@results-export", "export: school results (.xlsx)", "*/*")

        @task(1)
        def dossier_export(self):
            serial = SITE.candidate_serial()
            candidate = SITE.pvb(serial, 0).rsplit("/", 1)[0]
            self.get(f"{candidate}/@@dossier-export", "export: candidate dossier (.zip)", "*/*")

    class LargeUploader(Role):
        fixed_count = 1
        wait_time = between(20, 40)

        def on_start(self):
            self.serial = SITE.candidate_serial()
            self.login = gen.candidate_login(self.serial)
            self.data = os.urandom(LARGE_CHUNK * LARGE_CHUNKS)

        @task
        def large_evidence(self):
            pvb = SITE.execution_pvb(self.serial)
            self.tus(pvb, self.data, LARGE_CHUNK, "evidence 32 MiB", "Film")

    return [
        Candidate,
        WorkplaceSupervisor,
        SchoolSupervisor,
        Assessor,
        ExamCommittee,
        LargeUploader,
    ]


def rss(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def run_load(url, pid, users, seconds, warmup, log, probe=None):
    """Run the users: (locust's statistics, seconds measured, RSS after the warm-up, RSS
    samples as (seconds since the start, bytes))."""
    from locust.env import Environment
    import gevent

    env = Environment(user_classes=user_classes(), host=f"http://{urlsplit(url).netloc}")
    runner = env.create_local_runner()
    samples = [(0.0, rss(pid))]
    start = time.perf_counter()

    def sample():
        while True:
            gevent.sleep(30)
            samples.append((time.perf_counter() - start, rss(pid)))

    sampler = gevent.spawn(sample)
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    warmup_failures = env.stats.total.num_failures  # errors count from the first request on
    env.stats.reset_all()
    measured_from = time.perf_counter()
    warm = rss(pid)
    samples.append((measured_from - start, warm))
    if probe:
        Path(f"{probe}.warm").touch()  # the server's probe takes its baseline
    log(f"warm-up done; RSS {warm / 2**20:.0f} MiB; measuring {seconds - warmup:.0f} s")
    gevent.sleep(seconds - warmup)
    runner.stop()
    measured = time.perf_counter() - measured_from
    sampler.kill()
    samples.append((time.perf_counter() - start, rss(pid)))
    runner.quit()
    return env.stats, measured, warm, samples, warmup_failures


PRELOAD_PASSES = 2


def preload(url, log, threads=4, passes=PRELOAD_PASSES):
    """Every PvB's @dossier read by `threads` requests at once, before the soak: with all
    in flight together (at least as many as the server's threads, 2 since 7 December) each
    thread and so each ZODB connection serves one, and every connection's cache holds the
    whole site's PvBs. Without it the caches fill for
    the whole ten minutes (a connection meets a PvB for the first time long after the
    warm-up) and that filling, not a leak, is what the RSS ratio measured. In `passes` passes:
    a thread that is done first can take a second of the four before another wakes, so one
    pass left about 1 connection in 8 without the PvB (3,513 PvBs of 4,000 in the four caches
    after the warm-up, and its evidence, forms and appointments). Returns seconds."""
    import gevent
    import http.client

    parts = urlsplit(url)
    connections = [http.client.HTTPConnection(parts.hostname, parts.port) for _ in range(threads)]
    headers = {"Authorization": basic(COMMITTEE, DEMO_PASSWORD), "Accept": "application/json"}

    def read(connection, path):
        connection.request("GET", f"{path}/@dossier", headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status

    start = time.perf_counter()
    failed = 0
    for serial in [serial for _ in range(passes) for serial in range(SITE.candidates)]:
        for number in range(gen.PVBS_PER_CANDIDATE):
            path = SITE.pvb(serial, number)
            jobs = [gevent.spawn(read, connection, path) for connection in connections]
            gevent.joinall(jobs)
            failed += sum(job.value != 200 for job in jobs)
    seconds = time.perf_counter() - start
    log(
        f"preload: every PvB's dossier on {threads} connections, {passes} passes, "
        f"{seconds:.0f} s, {failed} failed"
    )
    return seconds


def probe_on_the_server(path, frames):
    """The server started next imports benchmarks/memprobe/sitecustomize.py (its environment
    is this process's)."""
    Path(path).unlink(missing_ok=True)
    Path(f"{path}.warm").unlink(missing_ok=True)
    folder = str(Path(__file__).resolve().parent / "memprobe")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")]))
    os.environ["PROEVE_MEMPROBE"] = str(Path(path).resolve())
    os.environ["PROEVE_MEMPROBE_TRACE"] = str(frames)


def percentile(entry, fraction):
    return entry.get_response_time_percentile(fraction) if entry.num_requests else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=120, help="seconds")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="30 s, 5 s warm-up")
    parser.add_argument(
        "--no-preload", action="store_true", help="start without reading every PvB first"
    )
    parser.add_argument(
        "--probe",
        metavar="FILE",
        help="sample the server's memory from inside (benchmarks/memprobe) into FILE",
    )
    parser.add_argument(
        "--probe-trace", type=int, default=0, metavar="FRAMES", help="with tracemalloc"
    )
    args = parser.parse_args()
    if args.quick:
        args.minutes, args.warmup = 0.5, 5
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    global SITE

    data = prepared(args.scale, log)
    if args.probe:
        probe_on_the_server(args.probe, args.probe_trace)
    server, url, run = serve(data)
    try:
        SITE = Site(urlsplit(url).path, args.scale)
        before = rss(server.pid)
        preloaded = None if args.no_preload or args.quick else preload(url, log)
        load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        log(f"soak: {args.users} users, {args.minutes} min, server RSS {before / 2**20:.0f} MiB")
        stats, measured, warm, samples, warmup_failures = run_load(
            url, server.pid, args.users, args.minutes * 60, args.warmup, log, args.probe
        )
        server_errors = "".join(
            each.read_text(errors="replace") for each in (run / "var" / "log").glob("event-*.log")
        )
    finally:
        stop(server, run)
    errors = (warmup_failures, server_errors)
    report(args, stats, measured, (before, warm, samples), load_avg, errors, preloaded)
    if args.probe:
        report_probe(args.probe)


def report(args, stats, measured, memory, load_avg, errors, preloaded=None):
    before, warm, samples = memory
    warmup_failures, server_errors = errors
    error_lines = [line for line in server_errors.splitlines() if " ERROR " in line]
    rows = []
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        rows.append(
            (
                entry.name,
                entry.method,
                entry.num_requests,
                f"{entry.num_requests / measured:.2f}",
                f"{percentile(entry, 0.5):.0f}",
                f"{percentile(entry, 0.95):.0f}",
                entry.num_failures,
            )
        )
    total = stats.total
    rows.append(
        (
            "all",
            "",
            total.num_requests,
            f"{total.num_requests / measured:.2f}",
            f"{percentile(total, 0.5):.0f}",
            f"{percentile(total, 0.95):.0f}",
            total.num_failures,
        )
    )
    end = samples[-1][1]
    growth = end / warm - 1 if warm else 0
    # Caches filling level off; a leak keeps growing: the second half of the measured time.
    halfway = args.warmup + (args.minutes * 60 - args.warmup) / 2
    middle = min(samples, key=lambda sample: abs(sample[0] - halfway))[1]
    what = (
        f"{args.users} users, {args.minutes:g} min ({args.warmup:.0f} s warm-up not counted), "
        f"mixed roles at {args.scale:,} PvBs"
        + (
            f", after a preload of every PvB ({PRELOAD_PASSES} passes, {preloaded:.0f} s)"
            if preloaded
            else ""
        )
    )
    summary = [
        (
            f"soak ({what}): requests/s (p50 {percentile(total, 0.5):.0f} ms, "
            f"p95 {percentile(total, 0.95):.0f} ms over all kinds)",
            f"{total.num_requests / measured:.1f}",
            "-",
            "-",
            "-",
            f"errors: {total.num_failures} of {total.num_requests} (goal 0); "
            f"{warmup_failures} in the warm-up; {len(error_lines)} ERROR lines in the "
            "server's log",
        ),
        (
            f"soak ({what}): server RSS at the end, MiB",
            f"{end / 2**20:.0f}",
            "server RSS after the warm-up, MiB",
            f"{warm / 2**20:.0f}",
            f"{end / warm:.2f}",
            f"< 1.10 (flat); second half of the run {end / middle:.2f}",
        ),
    ]
    print(
        table(
            [
                "scenario",
                "Proeve",
                "compared with (the ceiling)",
                "ceiling",
                "ratio",
                "goal / note",
            ],
            summary,
        )
    )
    print(f"\nSoak: {what}; load average at the start {load_avg}; measured {measured:.0f} s.\n")
    print(table(["kind", "method", "requests", "requests/s", "p50 ms", "p95 ms", "failures"], rows))
    trend = ", ".join(f"{s / 60:.1f} min {b / 2**20:.0f}" for s, b in samples)
    print(
        f"\nServer RSS (MiB): {before / 2**20:.0f} before the load; over time: {trend}; "
        f"growth after the warm-up {growth:+.1%}."
        + (
            " The preload (every PvB read on each connection) came before 0.0 min."
            if preloaded
            else ""
        )
    )
    if stats.errors:
        print("\nFailures after the warm-up:\n")
        for error in list(stats.errors.values())[:20]:
            print(f"- {error.occurrences} × {error.method} {error.name}: {error.error}")
    queued = [line for line in server_errors.splitlines() if "Task queue depth" in line]
    print(
        f"\nServer event log: {len(error_lines)} ERROR lines, {len(queued)} warnings of a "
        "waitress queue (more requests than its threads)"
    )
    for line in error_lines[:10]:
        print(f"- {line}")
    first = server_errors.find("Traceback")
    if first >= 0:
        print("\nThe first traceback:\n")
        print("    " + "\n    ".join(server_errors[first:].splitlines()[:30]))


def report_probe(path):
    """The server's samples (benchmarks/memprobe): what grew after the warm-up."""
    import json

    lines = [json.loads(line) for line in Path(path).read_text().splitlines()]
    samples = [line for line in lines if "caches" in line]
    mib = lambda n: f"{n / 2**20:.0f}"  # noqa: E731
    rows = []
    for line in samples:
        caches = line["caches"]
        rows.append(
            (
                f"{line['t']:.0f}{' (warm)' if line.get('baseline') else ''}",
                mib(line["VmRSS"]),
                f"{line['cpu']:.0f}",
                sum(c["loads"] for c in caches),
                sum(c["objects"] for c in caches),
                sum(c["non_ghosts"] for c in caches),
                mib(sum(c["estimated"] for c in caches)),
                line["gc_objects"],
                line["blocks"],
                mib(line["malloc"]["used"]),
                mib(line["malloc"]["free"]),
                mib(line["malloc"]["mmap"]),
                mib(line["traced"]) if "traced" in line else "-",
                line["ram_cache"],
            )
        )
    print(f"\nProbe inside the server ({path}; {lines[0]}):\n")
    print(
        table(
            [
                "s since start",
                "RSS MiB",
                "CPU s",
                "objects loaded",
                "cached objects",
                "non-ghosts",
                "ZODB estimate MiB",
                "gc objects",
                "pymalloc blocks",
                "malloc used MiB",
                "malloc free MiB",
                "malloc mmap MiB",
                "tracemalloc MiB",
                "RAM cache entries",
            ],
            rows,
        )
    )
    warm = next((line for line in samples if line.get("warm")), samples[0])
    last = samples[-1]
    for key, label in (("gc_types", "gc objects by type"), ("classes", "cached (count, bytes)")):
        first, end = warm[key], last[key]
        # classes: [count, ZODB's estimated bytes], ordered by bytes
        size = lambda v: (v[1] if isinstance(v, list) else v) if v else 0  # noqa: E731
        grown = sorted(end, key=lambda k: size(first.get(k)) - size(end[k]))[:15]
        print(f"\n{label}, after the warm-up → end:\n")
        for name in grown:
            print(f"- {name}: {first.get(name)} → {end[name]}")
    if last.get("growth"):
        print("\ntracemalloc, growth since the warm-up (top 15):\n")
        for stat in last["growth"][:15]:
            where = " / ".join(line.strip() for line in stat["where"][-6:])
            print(f"- {stat['bytes'] / 2**20:+.1f} MiB, {stat['count']:+d} blocks: {where}")


if __name__ == "__main__":
    main()
