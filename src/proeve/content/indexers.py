"""Catalog indexes (no metadata: personal data stays out of search results)."""

from plone.indexer import indexer
from proeve.interfaces import ICandidate


@indexer(ICandidate)
def student_code(obj):
    return obj.student_code


@indexer(ICandidate)
def candidate_login(obj):
    return obj.userid or None
