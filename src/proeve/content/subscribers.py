"""Keep derived state in step with the data it derives from."""

from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.utils import getToolByName
from proeve.content.candidate import LoginLinkChanged
from proeve.roles import roster_group_id
from zope.component.hooks import getSite
from zope.event import notify


NATIONAL_BANK = "examenbank"
SCHOOL_BANK = "opdrachtenbank"
# Staff groups of a school that read the national bank.
BANK_READERS = ("Admins", "Supervisors", "ExamCommittee")
# A candidate made before its link was tracked: its earlier link is not known.
UNKNOWN = object()


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
    register_history_id(pvb)


def register_history_id(pvb):
    """The PvB's CMFEditions history id, given when it is made.

    Every version of a form names its parent's history id, so the first version of the
    first form registers the PvB: during an assessment, both assessors' first score saves
    then wrote the PvB (a conflict between them) and reindexed its whole catalog record.
    Made here, its index entry goes with the PvB's first indexing.
    """
    handler = getToolByName(pvb, "portal_historyidhandler", None)
    if handler is not None:
        handler.register(pvb)


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


def candidate_added(candidate, event):
    """A login given with a new candidate is its first link (journaled by the process)."""
    login = getattr(candidate, "userid", None) or None
    candidate._indexed_login = login
    if login:
        notify(LoginLinkChanged(candidate, None, login))


def candidate_modified(candidate, event):
    login = getattr(candidate, "userid", None) or None
    before = getattr(candidate, "_indexed_login", UNKNOWN)
    if login == before:
        return
    candidate._indexed_login = login
    candidate.reindexObjectSecurity()
    for pvb in candidate.objectValues():
        if pvb.portal_type == "PvB":
            pvb.reindexObject(idxs=["pvb_people"])
    if before is not UNKNOWN:
        notify(LoginLinkChanged(candidate, before or None, login))
