"""CPU time per request, and where it goes: requests published in process (no HTTP, no
threads) against a copy of a generated instance.

    .venv/bin/python -m benchmarks.profile_requests [--scale 50000] [--repeat 50]
        [--profile NAME] [--top 40]

For every target of TARGETS (the dossier and the Document of the live scenarios, the Classic
pages of each role) it prints the CPU milliseconds per request (median of `repeat`, after a
warm-up, so with a warm object cache) and, with --profile NAME (a target's name, or `all`),
cProfile's top functions of that target. Nothing is written to the prepared data: the
requests run against a copy.

With --writes N it measures the write scenario of the live rows instead, one request at a
time (so without conflicts: what is left is each request's own CPU): N assessment forms
(POST @assessment, PATCH 30 scores, POST @record-assessment, each by the PvB's first
assessor) against N PATCHes of a plain Document's title, in alternating rounds; --profile
NAME (post, patch, record, document or all) adds cProfile of that request kind.
"""

from benchmarks import generate as gen
from benchmarks.instances import free_port
from benchmarks.instances import prepared
from benchmarks.instances import SITE
from benchmarks.instances import working_copy
from io import BytesIO
from pathlib import Path
from statistics import median
from urllib.parse import urlencode
import argparse
import base64
import cProfile
import json
import pstats
import shutil
import sys
import time


DEMO_PASSWORD = "proeve-demo"  # noqa: S105 (demo login, README)


def targets():
    """{name: (login, password, path below the site, Accept)}: what the live scenarios GET."""
    user = gen.DASHBOARD_USER
    school = "scholen/roc-de-vaart"
    pvb = f"{school}/{gen.pvb_path(1, 3)}"
    people = gen.people_of(1)
    group = f"{school}/{gen.pvb_path(1, 3).split('/')[0]}"
    json, html = "application/json", "text/html"
    return {
        "document": (user, gen.PASSWORD, gen.DOCUMENT_ID, json),
        "dossier": (user, gen.PASSWORD, f"{pvb}/@dossier", json),
        "page:document": (user, gen.PASSWORD, gen.DOCUMENT_ID, html),
        "page:pvb/praktijkbegeleider": (user, gen.PASSWORD, pvb, html),
        "page:pvb/assessor": (people["assessor_1"], gen.PASSWORD, pvb, html),
        "page:pvb/committee": ("examencie-vaart", DEMO_PASSWORD, pvb, html),
        "page:dashboard/praktijkbegeleider": (user, gen.PASSWORD, "@@dashboard", html),
        "page:dashboard/assessor": (people["assessor_1"], gen.PASSWORD, "@@dashboard", html),
        "page:dashboard/committee": ("examencie-vaart", DEMO_PASSWORD, "@@dashboard", html),
        "page:dashboard/roc-begeleider": (
            people["school_supervisor"],
            gen.PASSWORD,
            "@@dashboard",
            html,
        ),
        "page:dashboard/vaststeller": (people["establisher"], gen.PASSWORD, "@@dashboard", html),
        "page:dashboard/school-admin": ("beheer-vaart", DEMO_PASSWORD, "@@dashboard", html),
        "page:dashboard/candidate": (gen.candidate_login(1), gen.PASSWORD, "@@dashboard", html),
        # The committee's list filtered, and a page from its second half.
        "page:dashboard-filtered/committee": (
            "examencie-vaart",
            DEMO_PASSWORD,
            "@@dashboard?school=roc-de-vaart&group=roc-de-vaart/bench-0003&phase=assessment",
            html,
        ),
        "page:dashboard-paged/committee": (
            "examencie-vaart",
            DEMO_PASSWORD,
            "@@dashboard?b_start=30010",
            html,
        ),
        "my-tasks/committee": ("examencie-vaart", DEMO_PASSWORD, "@my-tasks", json),
        "page:group/roc-begeleider": (people["school_supervisor"], gen.PASSWORD, group, html),
        "page:group/school-admin": ("beheer-vaart", DEMO_PASSWORD, group, html),
    }


class Client:
    """Calls the WSGI app like a browser would: a cookie login (__ac), then GETs."""

    def __init__(self, app):
        self.app = app
        self.cookies = {}

    def call(self, method, path, headers=None, body=b""):
        path, _sep, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": f"/{SITE}/{path}",
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8080",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in (headers or {}).items():
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE",) else f"HTTP_{key}"] = value
        status = []

        def start_response(st, response_headers, exc_info=None):
            status.append((st, response_headers))

        out = b"".join(self.app(environ, start_response))
        st, response_headers = status[0]
        return int(st.split()[0]), response_headers, out


def login_cookie(client, login, password):
    body = urlencode(
        {"__ac_name": login, "__ac_password": password, "buttons.login": "Log in"}
    ).encode()
    status, headers, _ = client.call(
        "POST", "login", {"Content-Type": "application/x-www-form-urlencoded"}, body
    )
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("__ac="):
            return value.split(";", 1)[0]
    raise SystemExit(f"no __ac cookie for {login} (status {status})")


def request_headers(client, login, password, accept, cookies):
    if accept == "application/json":  # REST as the live scenarios call it: basic auth
        token = base64.b64encode(f"{login}:{password}".encode()).decode()
        return {"Accept": accept, "Authorization": f"Basic {token}"}
    if login not in cookies:
        cookies[login] = login_cookie(client, login, password)
    return {"Accept": accept, "Cookie": cookies[login]}


def report_profile(profile, name, requests, args):
    """cProfile's top functions on stderr (by --sort, then cumulative); with --dump, the
    profile as NAME.prof too."""
    if args.dump:
        profile.dump_stats(f"{args.dump}/{name}.prof")
    stats = pstats.Stats(profile, stream=sys.stderr)
    print(f"\n== {name}: {requests} requests", file=sys.stderr)
    stats.sort_stats(args.sort).print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


def write_targets(scale, count):
    """Per form: (login, the PvB's path); the scores of the live rows."""
    school = "scholen/roc-de-vaart"
    todo = [t for t in gen.pvbs_in_phase("assessment", scale) if gen.without_forms(t[2])]
    chosen = [
        (gen.people_of(serial)["assessor_1"], f"{school}/{gen.pvb_path(serial, number)}")
        for serial, number, _n in todo[:count]
    ]
    scores = {
        c["id"]: {"result": "satisfied", "justification": "Aangetoond in de praktijk."}
        for wp in gen.BENCH_ASSIGNMENT["work_processes"]
        for c in wp["criteria"]
    }
    return chosen, scores


def measure_writes(client, args):
    """CPU ms per request of each step of an assessment form and of a Document PATCH."""
    forms, scores = write_targets(args.scale, args.writes + 5)
    admin = ("platformbeheer", DEMO_PASSWORD)

    def rest(login, password=gen.PASSWORD):
        token = base64.b64encode(f"{login}:{password}".encode()).decode()
        return {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Authorization": f"Basic {token}",
        }

    def call(method, path, headers, body):
        status, _h, out = client.call(method, path, headers, json.dumps(body).encode())
        if status >= 300:
            raise SystemExit(f"{method} {path}: {status} {out[:300]}")

    call("POST", "", rest(*admin), {"@type": "Document", "id": "bench-write", "title": "W"})
    steps = {
        "post": lambda login, path: ("POST", f"{path}/@assessment", {}),
        "patch": lambda login, path: ("PATCH", f"{path}/@assessment", {"scores": scores}),
        "record": lambda login, path: ("POST", f"{path}/@record-assessment", {}),
    }
    times = {name: [] for name in (*steps, "document")}
    profiles = {name: cProfile.Profile() for name in times if args.profile in (name, "all")}

    def timed(name, method, path, headers, body):
        profile = profiles.get(name)
        start = time.process_time()
        if profile:
            profile.enable()
        call(method, path, headers, body)
        if profile:
            profile.disable()
        times[name].append((time.process_time() - start) * 1000)

    for i, (login, path) in enumerate(forms):
        for name, step in steps.items():
            method, target, body = step(login, path)
            timed(name, method, target, rest(login), body)
        timed("document", "PATCH", "bench-write", rest(*admin), {"title": f"W {i}"})
        if i == 4:  # the first five warm the caches
            for kept in times.values():
                kept.clear()
    document = median(times["document"])
    print(f"| request at {args.scale:,} PvBs, {args.writes} each | CPU ms (median) | ratio |")
    print("|---|---|---|")
    for name, kept in times.items():
        print(f"| {name} | {median(kept):.1f} | {median(kept) / document:.2f} |")
    per_form = sum(median(times[name]) for name in steps) / len(steps)
    print(f"| a form's request on average | {per_form:.1f} | {per_form / document:.2f} |")
    for name, profile in profiles.items():
        report_profile(profile, f"write-{name}", args.writes + 5, args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", default="")
    parser.add_argument("--only", default="", help="comma-separated target names (prefixes)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--dump", default="", help="a folder: each profile as NAME.prof")
    parser.add_argument("--writes", type=int, default=0, help="assessment forms to record")
    args = parser.parse_args()

    run, conf, _ini = working_copy(prepared(args.scale), free_port())
    try:
        from Zope2.Startup.run import make_wsgi_app

        app = make_wsgi_app({}, str(conf))
        client, cookies = Client(app), {}
        if args.writes:
            measure_writes(client, args)
            return
        chosen = {
            name: spec
            for name, spec in targets().items()
            if not args.only or any(name.startswith(p) for p in args.only.split(","))
        }
        print(f"| target at {args.scale:,} PvBs | CPU ms per request (median) | bytes |")
        print("|---|---|---|")
        prepared_targets = {}
        for name, (login, password, path, accept) in chosen.items():
            headers = request_headers(client, login, password, accept, cookies)
            for _ in range(5):  # warm-up
                status, _h, out = client.call("GET", path, headers)
            if status != 200:
                raise SystemExit(f"{name}: {status} {out[:300]}")
            prepared_targets[name] = (path, headers, len(out), [])
            if args.dump:
                Path(args.dump, f"{name.replace('/', '-')}.html").write_bytes(out)
        # Alternating rounds of 10 requests each: the machine's drift falls on every target.
        for _ in range(max(args.repeat // 10, 1)):
            for path, headers, _size, times in prepared_targets.values():
                for _ in range(10):
                    start = time.process_time()
                    client.call("GET", path, headers)
                    times.append((time.process_time() - start) * 1000)
        for name, (path, headers, size, times) in prepared_targets.items():
            print(f"| {name} | {median(times):.2f} | {size:,} |", flush=True)
            if args.profile in (name, "all"):
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(args.repeat):
                    client.call("GET", path, headers)
                profile.disable()
                report_profile(profile, name.replace("/", "-"), args.repeat, args)
    finally:
        shutil.rmtree(run, ignore_errors=True)


if __name__ == "__main__":
    main()
