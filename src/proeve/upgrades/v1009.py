"""1008 → 1009: the records made before journal entries carried content hashes get one.

Journal entries written before 1009 name a record but hold no SHA-256 of it, so a change
behind the process would go unnoticed for exactly the records that exist today. This step
journals, once, the current hash of every record of every PvB that no entry seals yet
(action `record_sealed`, by the system). From then on verification holds them as it holds
new ones. What was changed before the upgrade cannot be told apart any more; the entry
says when the seal was taken.
"""

from Products.CMFCore.utils import getToolByName
from proeve.journal.records import APPROVALS_KEY
from proeve.journal.records import record_key
from proeve.journal.records import seal
from proeve.journal.roles import SYSTEM
from proeve.journal.store import chain_for
from proeve.journal.store import record
from zope.annotation.interfaces import IAnnotations
import logging
import transaction


logger = logging.getLogger("proeve.upgrades")
ACTION = "record_sealed"


def records_of(pvb):
    """(kind, object, role) of every record a PvB holds now."""
    workflow = getToolByName(pvb, "portal_workflow")
    for role in sorted(IAnnotations(pvb).get(APPROVALS_KEY, {}) or {}):
        yield "approval", pvb, role
    if getattr(pvb, "result", None) is not None:
        yield "result", pvb, None
    for child in pvb.objectValues():
        portal_type = getattr(child, "portal_type", None)
        if portal_type == "Evidence" and getattr(child, "file", None) is not None:
            yield "evidence", child, None
        elif portal_type == "AssessmentForm":
            if getattr(child, "corrects", None):
                yield "correction", child, None
            if workflow.getInfoFor(child, "review_state", None) == "recorded":
                yield "form", child, None


def already_sealed(pvb):
    chain = chain_for(pvb, create=False)
    if chain is None:
        return set()
    return {record_key(e["record"]) for e in chain if isinstance(e.get("record"), dict)}


def seal_pvb(pvb):
    sealed = already_sealed(pvb)
    count = 0
    for kind, obj, role in records_of(pvb):
        entry = seal(kind, obj, role)
        if entry["sha256"] is None or record_key(entry) in sealed:
            continue
        record(obj, ACTION, {"kind": kind}, actor=SYSTEM, role=SYSTEM, sealed=entry)
        count += 1
    return count


def seal_existing_records(setup_tool):
    catalog = getToolByName(setup_tool, "portal_catalog")
    pvbs = records = 0
    for number, brain in enumerate(catalog.unrestrictedSearchResults(portal_type="PvB")):
        records += seal_pvb(brain._unrestrictedGetObject())
        pvbs += 1
        if number % 500 == 499:
            transaction.savepoint(optimistic=True)
    logger.info("Sealed %s records of %s PvBs that had no content hash yet", records, pvbs)
