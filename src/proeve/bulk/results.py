"""The results of a school's closed PvBs, for the Excel export and the integration API."""

from AccessControl import getSecurityManager
from Products.CMFCore.utils import getToolByName
from proeve.content.utils import ARCHIVED
from proeve.content.utils import is_archived
from proeve.content.utils import review_state
from proeve.exam_kinds import exam_code
from proeve.exam_kinds import exam_kind


def closed_pvbs(school, since=None):
    """The closed PvBs of a school, in path order, each with its candidate.

    The caller holds "proeve: Read results" on the school; that is enough to read
    results without seeing the dossiers. Archived groups and candidates stay out,
    unless the user may still see them (the school admin).
    """
    catalog = getToolByName(school, "portal_catalog")
    check = getSecurityManager().checkPermission
    for brain in catalog.unrestrictedSearchResults(
        portal_type="PvB",
        review_state="closed",
        path="/".join(school.getPhysicalPath()),
        sort_on="path",
    ):
        pvb = brain._unrestrictedGetObject()
        candidate = pvb.candidate()
        if candidate is None:
            continue
        if is_archived(pvb) and not check("View", pvb):
            continue
        if since is not None and (pvb.result_at or "")[:10] < since.isoformat():
            continue
        yield pvb, candidate


def result_item(pvb, candidate):
    """One closed PvB as plain data: no names, no assessment, no evidence."""
    snapshot = pvb.assignment_snapshot or {}
    group = candidate.aq_parent
    return {
        "uid": pvb.UID(),
        "group": group.getId(),
        "student_code": candidate.student_code,
        # The exam's code: a crebo, or a keuzedeelcode for a keuzedeel exam (exam_kind).
        "crebo": exam_code(pvb),
        "exam_kind": exam_kind(pvb).name,
        "qualification_cohort": getattr(group, "qualification_cohort", None),
        "assignment": snapshot.get("title", ""),
        "result": pvb.result,
        "result_date": (pvb.result_at or "")[:10] or None,
    }


def import_groups(school):
    """The school's active exam groups: where an import of candidates goes."""
    check = getSecurityManager().checkPermission
    groups = []
    for group in school.objectValues():
        if group.portal_type != "ExamGroup" or review_state(group) == ARCHIVED:
            continue
        groups.append(
            {
                "@id": group.absolute_url(),
                "id": group.getId(),
                "title": group.Title(),
                "crebo": group.crebo,
                "exam_kind": exam_kind(group).name,
                "qualification_cohort": group.qualification_cohort,
                "can_import": bool(check("proeve: Add Candidate", group)),
            }
        )
    return groups
