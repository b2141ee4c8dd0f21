"""Bulk work of a school: importing candidates (100 and 1,000 rows) and creating PvBs for a
group of 30, in-process; shows whether the time grows linearly with the rows.

Run: .venv/bin/python -m benchmarks.bulk
"""

from benchmarks.harness import proeve_site
from benchmarks.harness import table
from io import BytesIO
from openpyxl import Workbook
from plone.dexterity.utils import createContentInContainer
from proeve.bulk import candidates
from proeve.bulk import pvbs
from proeve.bulk.sheets import read_table
import time
import transaction


def workbook(count, offset):
    book = Workbook()
    sheet = book.active
    sheet.append(["studentcode", "voornaam", "achternaam", "e-mail"])
    for n in range(count):
        sheet.append([str(offset + n), "Voornaam", f"Achternaam {n}", f"k{offset + n}@example.org"])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def new_group(school, group_id):
    return createContentInContainer(
        school,
        "ExamGroup",
        checkConstraints=False,
        id=group_id,
        title=group_id,
        qualification_cohort=2025,
        crebo="25451",
    )


def timed_import(group, data):
    start = time.perf_counter()
    report, problems = candidates.plan(group, read_table(data, "k.xlsx"))
    assert not problems
    assert not any(r["action"] == "error" for r in report)
    candidates.apply(group, report, candidates.file_hash(data))
    transaction.commit()
    return time.perf_counter() - start


def main():
    rows = []
    with proeve_site() as portal:
        school = portal.scholen["roc-de-vaart"]
        for count, offset in ((100, 700000), (1000, 800000)):
            group = new_group(school, f"import-{count}")
            seconds = timed_import(group, workbook(count, offset))
            rows.append(
                [f"import {count:,} candidates", f"{seconds:.1f}", f"{seconds / count * 1000:.1f}"]
            )
        group = new_group(school, "groep-30")
        for n in range(30):
            createContentInContainer(
                group,
                "Candidate",
                checkConstraints=False,
                student_code=f"G{n:04d}",
                first_name="G",
                last_name=str(n),
            )
        transaction.commit()
        settings = {
            "assignment_uid": portal.examenbank["eerste-monteur-installatie-woning"].UID(),
            "school_supervisor": "docent-vaart",
            "workplace_supervisor": "praktijk-jansen",
            "assessor_1": "beoordelaar-1",
            "assessor_2": "beoordelaar-2",
            "establisher": "vaststeller-vaart",
        }
        start = time.perf_counter()
        report = pvbs.plan(group, "all", settings["assignment_uid"])
        created = pvbs.apply(group, report, settings)
        transaction.commit()
        seconds = time.perf_counter() - start
        rows.append(
            [f"PvBs for a group of {created}", f"{seconds:.1f}", f"{seconds / created * 1000:.1f}"]
        )
    per_row_100, per_row_1000 = float(rows[0][2]), float(rows[1][2])
    print(table(["scenario", "seconds", "ms per row"], rows))
    ratio = per_row_1000 / per_row_100
    print(f"\nms per imported row, 1,000 vs 100: ratio {ratio:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
