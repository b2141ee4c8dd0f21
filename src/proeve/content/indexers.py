"""Catalog indexes (no metadata: personal data stays out of search results)."""

from plone.indexer import indexer
from proeve.interfaces import ICandidate
from proeve.interfaces import IPvB


@indexer(ICandidate)
def student_code(obj):
    return obj.student_code


@indexer(IPvB)
def pvb_people(obj):
    """'field:userid' for every person of the PvB, and 'candidate:<login>'."""
    values = [f"{field}:{userid}" for field, userid in obj.people().items() if userid]
    candidate = obj.candidate()
    if candidate is not None and candidate.userid:
        values.append(f"candidate:{candidate.userid}")
    return values


@indexer(ICandidate)
def candidate_login(obj):
    return obj.userid or None
