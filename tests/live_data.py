"""PvBs in preparation for the live tests (crash and concurrency): a school grows to a
given number of PvBs in groups of 100 candidates with 5 PvBs each, people from the demo
roster. (The benchmarks have their own, larger generator in benchmarks/generate.py.)
"""

from datetime import date
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.indexing import processQueue
from proeve.content.snapshot import freeze_assignment
import transaction


GROUP_SIZE = 100
PVBS_PER_CANDIDATE = 5
PEOPLE = {
    "school_supervisor": "docent-vaart",
    "workplace_supervisor": "praktijk-jansen",
    "assessor_1": "beoordelaar-1",
    "assessor_2": "beoordelaar-2",
    "establisher": "vaststeller-vaart",
}


def count_pvbs(school):
    catalog = school.portal_catalog
    return len(
        catalog.unrestrictedSearchResults(
            portal_type="PvB", path="/".join(school.getPhysicalPath())
        )
    )


def generate_pvbs(portal, school_id, total, assignment_uid=None):
    school = portal.scholen[school_id]
    if assignment_uid is None:
        assignment_uid = portal.examenbank["eerste-monteur-installatie-woning"].UID()
    snapshot = freeze_assignment(assignment_uid)
    have = count_pvbs(school)
    number = have
    while number < total:
        serial = number // PVBS_PER_CANDIDATE
        group_id = f"bench-{serial // GROUP_SIZE:04d}"
        if group_id not in school.objectIds():
            createContentInContainer(
                school,
                "ExamGroup",
                checkConstraints=False,
                id=group_id,
                title=f"Benchmarkgroep {group_id}",
                qualification_cohort=2024,
                crebo="25451",
            )
        group = school[group_id]
        candidate_id = f"kandidaat-b{serial:06d}"
        if candidate_id not in group.objectIds():
            createContentInContainer(
                group,
                "Candidate",
                checkConstraints=False,
                id=candidate_id,
                student_code=f"B{serial:06d}",
                first_name="Bench",
                last_name=f"Kandidaat {serial}",
            )
        createContentInContainer(
            group[candidate_id],
            "PvB",
            checkConstraints=False,
            id=f"pvb-{number % PVBS_PER_CANDIDATE}",
            assignment_uid=assignment_uid,
            assignment_snapshot=snapshot,
            start_date=date(2026, 9, 1),
            end_date=date(2027, 1, 31),
            **PEOPLE,
        )
        number += 1
        if number % 500 == 0:
            processQueue()
            transaction.savepoint(optimistic=True)
    processQueue()
    return number - have
