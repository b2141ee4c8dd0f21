"""A line in the event log for every write conflict that Zope retries.

Zope retries a request whose commit met a ConflictError (max-conflict-retries in zope.conf)
after a random pause that doubles with every retry (up to 1, 2, 4… s), so conflicts are
where concurrent writers lose time. The WSGI publisher says nothing about them; this line
names the object they met on (oid and class), so an operator, and the benchmark that
counts them (benchmarks/live.py), sees what concurrent requests share.
"""

from ZODB.POSException import ConflictError
from ZODB.utils import oid_repr
import logging


logger = logging.getLogger("proeve.conflicts")
MARK = "ConflictError retried"


def log_retried_conflict(event):
    """IPubFailure: log a ConflictError that the publisher is about to retry."""
    error = event.exc_info[1]
    if not event.retry or not isinstance(error, ConflictError):
        return
    oid = oid_repr(error.oid) if error.oid is not None else "-"
    logger.info(
        "%s: oid %s, class %s, %s %s",
        MARK,
        oid,
        error.class_name or "-",
        event.request.get("REQUEST_METHOD", ""),
        event.request.get("ACTUAL_URL", ""),
    )
