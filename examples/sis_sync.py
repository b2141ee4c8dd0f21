#!/usr/bin/env python3
"""Couple a student information system (Eduarte and the like) with Proeve.

1. logs in with the school's koppeling account (plone.restapi JWT: POST @login),
2. imports the candidates of a CSV export of the student information system into the
   school's exam groups, chosen by crebo and cohort (POST <group>/@import-candidates),
3. writes the results of the school's closed PvBs to a CSV the student information
   system can read back (GET <school>/@school-results).

Only the public REST API is used; only `requests` and the standard library are needed.

    PROEVE_PASSWORD=proeve-demo python examples/sis_sync.py \\
        --url http://localhost:8080/proeve --school roc-de-vaart --user koppeling-vaart \\
        --candidates eduarte-export.csv --results resultaten.csv

Exit status: 0 all done; 1 some rows could not be imported (the rest was) or the server
refused a step; 2 wrong arguments or an unreadable file.
"""

from pathlib import Path
import argparse
import base64
import csv
import getpass
import io
import os
import requests
import sys


# Column of the student information system's export -> field of the Proeve import.
# Names are compared case-insensitively; the first that is present wins.
SIS_COLUMNS = {
    "student_code": ("studentnummer", "deelnemernummer", "studentcode", "student_code"),
    "first_name": ("roepnaam", "voornaam", "first_name"),
    "prefix": ("voorvoegsel", "tussenvoegsel", "tussenvoegsels"),
    "last_name": ("achternaam", "last_name"),
    "email": ("e-mailadres", "e-mail", "email", "e-mail instelling"),
    "crebo": ("crebo", "crebocode", "opleidingscode"),
    "cohort": ("cohort", "kwalificatiedossier cohort"),
    "diploma_date": ("diplomadatum", "datum diploma", "diploma_date"),
}
REQUIRED = ("student_code", "first_name", "last_name", "crebo", "cohort")
IMPORT_HEADER = ["studentcode", "voornaam", "achternaam", "e-mail", "diplomadatum"]
RESULT_HEADER = [
    "Studentnummer",
    "Crebo",
    "Cohort",
    "Groep",
    "Examenopdracht",
    "Resultaat",
    "Resultaatcode",
    "Datum resultaat",
    "PvB",
    "Soort examen",  # pvb, or elective: "Crebo" then holds the keuzedeelcode (K0080)
]
RESULT_TITLES = {"passed": "Geslaagd", "failed": "Niet geslaagd"}
TIMEOUT = 60


class SyncError(Exception):
    """A step that cannot go on: the message says why; status is the exit status."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def say(message=""):
    print(message, flush=True)


def api_error(response):
    """The code and message of a Proeve or plone.restapi JSON error."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code = error.get("code") or error.get("type") or ""
        return f"HTTP {response.status_code} {code}: {error.get('message', '')}".strip()
    if isinstance(body, dict) and body.get("message"):
        return f"HTTP {response.status_code} {body.get('type', '')}: {body['message']}"
    return f"HTTP {response.status_code}"


class Proeve:
    """The few REST calls the coupling needs."""

    def __init__(self, url, language="nl"):
        self.api = url.rstrip("/") + "/++api++"
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "Accept-Language": language})

    def login(self, user, password):
        response = self.session.post(
            f"{self.api}/@login", json={"login": user, "password": password}, timeout=TIMEOUT
        )
        if response.status_code != 200:
            raise SyncError(f"login as {user} refused: {api_error(response)}")
        token = response.json()["token"]
        # Every further request carries the token; the password is not sent again.
        self.session.headers["Authorization"] = f"Bearer {token}"

    def school_results(self, school, since=None):
        params = {"since": since} if since else None
        response = self.session.get(
            f"{self.api}/scholen/{school}/@school-results", params=params, timeout=TIMEOUT
        )
        if response.status_code != 200:
            raise SyncError(f"reading the results of {school} refused: {api_error(response)}")
        return response.json()

    def import_candidates(self, school, group, data, dry_run):
        body = {
            "file": base64.b64encode(data).decode("ascii"),
            "filename": "kandidaten.csv",
            "dry_run": dry_run,
        }
        return self.session.post(
            f"{self.api}/scholen/{school}/{group}/@import-candidates", json=body, timeout=TIMEOUT
        )


def read_sis_export(path):
    """Rows of the export as dicts of Proeve fields, with their line numbers."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SyncError(f"cannot read {path}: {exc}", status=2) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    columns = {}
    for field, names in SIS_COLUMNS.items():
        for name in names:
            if name in header:
                columns[field] = header.index(name)
                break
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        wanted = ", ".join(SIS_COLUMNS[f][0] for f in missing)
        raise SyncError(f"{path}: missing column(s) {wanted}", status=2)
    rows = []
    for line, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        values = {f: (raw[i].strip() if i < len(raw) else "") for f, i in columns.items()}
        rows.append((line, values))
    return rows


def import_file(rows):
    """The rows as a Proeve import file (CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(IMPORT_HEADER)
    for _line, row in rows:
        last_name = " ".join(p for p in (row.get("prefix", ""), row["last_name"]) if p)
        writer.writerow(
            [
                row["student_code"],
                row["first_name"],
                last_name,
                row.get("email", ""),
                row.get("diploma_date", ""),
            ]
        )
    return out.getvalue().encode("utf-8")


def plan_groups(rows, groups, forced_group=None):
    """{group: [rows]} and the rows without a group."""
    by_key = {}
    for group in groups:
        by_key.setdefault((str(group["crebo"]), str(group["qualification_cohort"])), group)
    by_id = {g["id"]: g for g in groups}
    planned, unmatched = {}, []
    for line, row in rows:
        if forced_group:
            group = by_id.get(forced_group)
        else:
            group = by_key.get((row["crebo"], row["cohort"]))
        if group is None:
            unmatched.append((line, row))
        else:
            planned.setdefault(group["id"], (group, []))[1].append((line, row))
    return planned, unmatched


def sync_candidates(proeve, school, path, groups, dry_run, forced_group):
    """Import the export group by group; returns the number of rows not imported."""
    rows = read_sis_export(path)
    say(f"Candidates: {len(rows)} rows in {path}")
    if forced_group and forced_group not in {g["id"] for g in groups}:
        raise SyncError(f"no active exam group '{forced_group}' in this school", status=2)
    planned, unmatched = plan_groups(rows, groups, forced_group)
    failed = 0
    for line, row in unmatched:
        failed += 1
        say(
            f"  line {line} (student {row['student_code']}): no exam group for crebo "
            f"{row['crebo']} cohort {row['cohort']}; skipped"
        )
    for group_id, (group, group_rows) in sorted(planned.items()):
        label = f"group {group_id} (crebo {group['crebo']}, cohort {group['qualification_cohort']})"
        if not group.get("can_import"):
            failed += len(group_rows)
            say(f"  {label}: this account may not import here; {len(group_rows)} rows skipped")
            continue
        response = proeve.import_candidates(school, group_id, import_file(group_rows), dry_run)
        if response.status_code in (200, 201):
            report = response.json()
            verb = "would be" if dry_run else ""
            say(
                f"  {label}: {report['create']} new, {report['update']} updated, "
                f"{report['unchanged']} unchanged {verb}".rstrip()
            )
            continue
        failed += len(group_rows)
        say(f"  {label}: refused, nothing imported ({api_error(response)})")
        try:
            report = response.json()
        except ValueError:
            report = {}
        lines = [line for line, _row in group_rows]
        for row in report.get("rows", []):
            if row.get("errors"):
                # Row numbers of the import file: 2 is the first row under the header.
                source = lines[row["row"] - 2] if 0 <= row["row"] - 2 < len(lines) else "?"
                say(
                    f"    line {source} (student {row['student_code']}): "
                    + "; ".join(row["errors"])
                )
    return failed


def write_results(items, path):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(RESULT_HEADER)
        for item in items:
            writer.writerow(
                [
                    item["student_code"],
                    item.get("crebo") or "",
                    item.get("qualification_cohort") or "",
                    item.get("group") or "",
                    item.get("assignment") or "",
                    RESULT_TITLES.get(item.get("result"), item.get("result") or ""),
                    item.get("result") or "",
                    item.get("result_date") or "",
                    item["uid"],
                    item.get("exam_kind") or "pvb",
                ]
            )


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Import candidates from a student information system export into Proeve "
        "and write the results of closed PvBs back to a CSV.",
    )
    parser.add_argument("--url", required=True, help="the site, e.g. http://localhost:8080/proeve")
    parser.add_argument("--school", required=True, help="id of the school, e.g. roc-de-vaart")
    parser.add_argument("--user", required=True, help="the school's koppeling login")
    parser.add_argument(
        "--password-env",
        default="PROEVE_PASSWORD",
        help="environment variable that holds the password (default: PROEVE_PASSWORD); "
        "asked for when it is not set",
    )
    parser.add_argument("--candidates", help="CSV export of the student information system")
    parser.add_argument("--results", help="CSV file to write the results of closed PvBs to")
    parser.add_argument("--since", help="only results established on or after this date")
    parser.add_argument(
        "--group", help="import every row into this exam group (id) instead of by crebo/cohort"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check the import; change nothing in Proeve"
    )
    parser.add_argument("--language", default="nl", choices=("nl", "en"), help="of error messages")
    args = parser.parse_args(argv)
    if not args.candidates and not args.results:
        parser.error("give --candidates, --results or both")
    return args


def main(argv=None):
    args = parse_args(argv)
    password = os.environ.get(args.password_env) or getpass.getpass(f"Password of {args.user}: ")
    proeve = Proeve(args.url, args.language)
    try:
        proeve.login(args.user, password)
        say(f"Logged in as {args.user} at {args.url}")
        overview = proeve.school_results(args.school, args.since)
        say(
            f"School {overview['school']['title']}: active exam groups: "
            f"{len(overview['groups'])}, closed PvBs: {overview['items_total']}"
        )
        failed = 0
        if args.candidates:
            failed = sync_candidates(
                proeve, args.school, args.candidates, overview["groups"], args.dry_run, args.group
            )
        if args.results:
            write_results(overview["items"], args.results)
            say(f"Results of {overview['items_total']} closed PvB(s) written to {args.results}")
    except SyncError as exc:
        say(f"Error: {exc}")
        return exc.status
    except requests.RequestException as exc:
        say(f"Error: Proeve cannot be reached ({exc.__class__.__name__}: {exc})")
        return 1
    if failed:
        say(f"Done, but {failed} rows were not imported (see above).")
        return 1
    say("Done.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
