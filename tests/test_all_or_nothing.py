"""A request is all or nothing: long work (an import, a PvB for a whole group) commits
nothing halfway, so a failure late in the work leaves the site as it was (and Zope's retry
of a conflict starts from a clean slate)."""

from tests.process_helpers import SCHOOL_ASSIGNMENT
from tests.test_bulk import as_user  # noqa: F401 - the fixture
from tests.test_bulk import candidate_count
from tests.test_bulk import GROUP
from tests.test_bulk import upload
from tests.test_bulk import xlsx
import transaction


class Crash(Exception):
    """A failure late in the work (a bug, a lost database connection)."""


def failing_after(count, original):
    calls = []

    def create(container, type_name, *args, **kwargs):
        calls.append(type_name)
        if len(calls) > count:
            raise Crash(type_name)
        return original(container, type_name, *args, **kwargs)

    return create


def pvb_count(portal):
    transaction.begin()
    group = portal.unrestrictedTraverse(GROUP)
    return sum(
        1
        for candidate in group.objectValues()
        if candidate.portal_type == "Candidate"
        for obj in candidate.objectValues()
        if obj.portal_type == "PvB"
    )


def test_an_import_that_fails_late_leaves_nothing(functional_portal, as_user, monkeypatch):  # noqa: F811
    from proeve.bulk import candidates

    monkeypatch.setattr(candidates, "BATCH", 2)
    monkeypatch.setattr(
        candidates,
        "createContentInContainer",
        failing_after(4, candidates.createContentInContainer),
    )
    rows = [[f"70000{n}", f"Naam{n}", "Achter", None, None] for n in range(6)]
    before = candidate_count(functional_portal)
    response = upload(as_user("docent-vaart"), xlsx(rows))
    assert response.status_code == 500
    assert candidate_count(functional_portal) == before


def test_a_group_pvb_that_fails_late_leaves_nothing(functional_portal, as_user, monkeypatch):  # noqa: F811
    from proeve.bulk import pvbs

    monkeypatch.setattr(pvbs, "BATCH", 2)
    monkeypatch.setattr(
        pvbs, "createContentInContainer", failing_after(3, pvbs.createContentInContainer)
    )
    assignment = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    before = pvb_count(functional_portal)
    response = as_user("docent-vaart").post(
        f"{GROUP}/@bulk-pvb",
        json={
            "candidates": "all",
            "assignment_uid": assignment,
            "school_supervisor": "docent-vaart",
            "workplace_supervisor": "praktijk-jansen",
            "assessor_1": "beoordelaar-1",
            "assessor_2": "beoordelaar-2",
            "establisher": "vaststeller-vaart",
        },
    )
    assert response.status_code == 500
    assert pvb_count(functional_portal) == before


def test_no_commit_in_proeve_code_that_serves_requests():
    """Only the site-creation script commits (it runs outside any request)."""
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "src" / "proeve"
    committing = sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "transaction.commit()" in path.read_text(encoding="utf-8")
    )
    assert committing == ["sitesetup.py"]
