"""Mail handed to the MailHost only once the transaction has committed.

An aborted transaction, or a conflict that Zope retries, sends nothing extra; a mail server
that is down does not undo committed work (the failure is logged).
"""

from Products.CMFCore.utils import getToolByName
from zope.component.hooks import getSite
from zope.component.hooks import setSite
import logging
import transaction


logger = logging.getLogger("proeve.notify")


def send_after_commit(messages):
    """Queue these email messages for delivery after the current transaction commits."""
    if messages:
        transaction.get().addAfterCommitHook(_deliver, args=(getSite(), list(messages)))
    return len(messages)


def _deliver(committed, site, messages):
    if not committed:
        return
    previous = getSite()
    setSite(site)  # the publisher may already have left the site
    try:
        mailhost = getToolByName(site, "MailHost")
        for message in messages:
            try:
                mailhost.send(message, immediate=True)
            except Exception:  # noqa: BLE001 - mail trouble must not break committed work
                logger.exception("could not send %r", message["Subject"])
    finally:
        setSite(previous)
