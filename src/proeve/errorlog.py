"""Refusals are answers, not errors: the site's error log leaves them out.

A ProcessError raised inside plone.restapi's own endpoints (a deserializer's check) and a
Refused raised by an event subscriber reach Zope's publisher as exceptions. Both are
answered with their code and status (services/errors.py), but Zope's SiteErrorLog would also
keep them, and copy them to the event log as an ERROR with a traceback, burying real errors
under ordinary refusals. The log skips exceptions by class name."""

from proeve.process import ProcessError
from proeve.process import Refused


REFUSALS = (ProcessError.__name__, Refused.__name__)


def install_quiet_refusals(portal):
    error_log = portal.get("error_log")
    if error_log is None:
        return
    properties = error_log.getProperties()
    ignored = tuple(properties["ignored_exceptions"])
    error_log.setProperties(
        properties["keep_entries"],
        properties["copy_to_zlog"],
        ignored + tuple(name for name in REFUSALS if name not in ignored),
    )
