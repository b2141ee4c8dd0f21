"""examples/sis_sync.py, run as a separate program against the live test server."""

from pathlib import Path
from proeve.demo.users import DEMO_PASSWORD
import csv
import os
import subprocess
import sys
import transaction


SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "sis_sync.py"
GROUP = "scholen/roc-de-vaart/mei-2024-25451"
# An Eduarte-like export: semicolons, a BOM, Dutch column names, a separate voorvoegsel.
EXPORT = (
    "\ufeffStudentnummer;Roepnaam;Voorvoegsel;Achternaam;E-mailadres;Crebo;Cohort;Klas\n"
    "810001;Noor;van der;Berg;noor@example.org;25451;2024;EM1A\n"
    "810002;Sem;;Bakker;;25451;2024;EM1A\n"
)


def run(portal, tmp_path, *args, export=EXPORT):
    export_file = tmp_path / "eduarte.csv"
    export_file.write_text(export, encoding="utf-8")
    env = dict(os.environ, PROEVE_PASSWORD=DEMO_PASSWORD, NO_PROXY="localhost,127.0.0.1")
    command = [
        sys.executable,
        str(SCRIPT),
        "--url",
        portal.absolute_url(),
        "--school",
        "roc-de-vaart",
        "--user",
        "koppeling-vaart",
        *args,
    ]
    if "--candidates" not in args:
        command += ["--candidates", str(export_file)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def candidates(portal):
    transaction.begin()
    group = portal.unrestrictedTraverse(GROUP)
    return {
        o.student_code: o
        for o in group.objectValues()
        if o.portal_type == "Candidate" and o.student_code.startswith("81")
    }


def test_imports_candidates_and_writes_results(functional_portal, tmp_path):
    results = tmp_path / "resultaten.csv"
    done = run(functional_portal, tmp_path, "--results", str(results))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 new" in done.stdout

    found = candidates(functional_portal)
    assert set(found) == {"810001", "810002"}
    assert found["810001"].last_name == "van der Berg"
    assert found["810001"].email == "noor@example.org"

    with results.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [(r["Studentnummer"], r["Resultaat"], r["Resultaatcode"]) for r in rows] == [
        ("100236", "Geslaagd", "passed")
    ]
    assert rows[0]["Crebo"] == "25451"
    assert rows[0]["Soort examen"] == "pvb"
    assert rows[0]["Datum resultaat"]

    # A second run changes nothing.
    again = run(functional_portal, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 new, 0 updated, 2 unchanged" in again.stdout


def test_dry_run_changes_nothing(functional_portal, tmp_path):
    done = run(functional_portal, tmp_path, "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 new, 0 updated, 0 unchanged would be" in done.stdout
    assert candidates(functional_portal) == {}


def test_rows_without_a_group_and_bad_rows_are_reported(functional_portal, tmp_path):
    export = EXPORT + "810003;Lot;;Smit;geen-mail;25451;2024;EM1A\n810004;Jip;;Wit;;99999;2024;X\n"
    done = run(functional_portal, tmp_path, export=export)
    assert done.returncode == 1
    assert "line 5 (student 810004): no exam group for crebo 99999 cohort 2024" in done.stdout
    # The group's file is all or nothing: the bad e-mail address refuses the whole group.
    assert "refused, nothing imported" in done.stdout
    assert "line 4 (student 810003): ongeldig e-mailadres" in done.stdout
    assert candidates(functional_portal) == {}


def test_a_wrong_password_is_a_clear_error(functional_portal, tmp_path):
    export_file = tmp_path / "eduarte.csv"
    export_file.write_text(EXPORT, encoding="utf-8")
    env = dict(os.environ, PROEVE_PASSWORD="wrong", NO_PROXY="localhost,127.0.0.1")
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--url",
            functional_portal.absolute_url(),
            "--school",
            "roc-de-vaart",
            "--user",
            "koppeling-vaart",
            "--candidates",
            str(export_file),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "login as koppeling-vaart refused: HTTP 401" in done.stdout


def test_another_school_is_refused(functional_portal, tmp_path):
    results = tmp_path / "resultaten.csv"
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--url",
            functional_portal.absolute_url(),
            "--school",
            "noorderlicht-college",
            "--user",
            "koppeling-vaart",
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, PROEVE_PASSWORD=DEMO_PASSWORD, NO_PROXY="localhost,127.0.0.1"),
        timeout=120,
    )
    assert done.returncode == 1
    assert "reading the results of noorderlicht-college refused: HTTP 401" in done.stdout
    assert not results.exists()
