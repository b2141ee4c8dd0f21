"""Keep derived state in step with the data it derives from."""

from plone.dexterity.utils import createContentInContainer
from proeve.people import APPROVERS
from proeve.roles import roster_group_id
from zope.component.hooks import getSite


NATIONAL_BANK = "examenbank"
SCHOOL_BANK = "opdrachtenbank"
# Staff groups of a school that read the national bank.
BANK_READERS = ("Admins", "Supervisors", "ExamCommittee")


def school_added(school, event):
    """Give the school's staff the national bank, and give the school its own bank."""
    portal = getSite()
    bank = portal.get(NATIONAL_BANK) if portal is not None else None
    if bank is not None:
        for group in BANK_READERS:
            bank.manage_addLocalRoles(roster_group_id(group, school.UID()), ["Reader"])
        bank.reindexObjectSecurity()
    if SCHOOL_BANK not in school.objectIds():
        createContentInContainer(
            school, "ExamBank", checkConstraints=False, id=SCHOOL_BANK, title="Opdrachtenbank"
        )


def _people(pvb):
    return tuple(sorted((k, v) for k, v in pvb.people().items() if v))


def pvb_added(pvb, event):
    from proeve.content.snapshot import freeze_assignment

    if not pvb.assignment_snapshot and pvb.assignment_uid:
        pvb.assignment_snapshot = freeze_assignment(pvb.assignment_uid)
        # The catalog search above indexed the PvB before it had its title.
        pvb.reindexObject()
    pvb._indexed_people = _people(pvb)
    from proeve.process.notify import send

    candidate = pvb.candidate()
    approvers = [getattr(pvb, field, None) for field in APPROVERS]
    send(pvb, "approve", [candidate.userid if candidate else None, *approvers])


def pvb_modified(pvb, event):
    """People are local roles: reindex this PvB's security only, and only on a change."""
    people = _people(pvb)
    before = getattr(pvb, "_indexed_people", None)
    if people != before:
        from proeve.journal import record

        old, new = dict(before or ()), dict(people)
        changes = {
            f: [old.get(f), new.get(f)] for f in set(old) | set(new) if old.get(f) != new.get(f)
        }
        record(pvb, "people_changed", {"changes": changes, "reason": _reason(pvb)})
        pvb._indexed_people = people
        pvb.reindexObjectSecurity()


def _reason(pvb):
    """The reason given with a people change (the @people endpoint puts it on the request)."""
    request = getattr(pvb, "REQUEST", None)
    return request.get("proeve.reason") if request is not None else None


def candidate_modified(candidate, event):
    login = getattr(candidate, "userid", None)
    if login != getattr(candidate, "_indexed_login", None):
        candidate._indexed_login = login
        candidate.reindexObjectSecurity()
        for pvb in candidate.objectValues():
            if pvb.portal_type == "PvB":
                pvb.reindexObject(idxs=["pvb_people"])
