"""Demo data: one login for every role, loaded once and never duplicated.

Every capability adds its part here; each ``ensure_*`` function only creates
what is missing, so a second ``make run`` keeps what is already there. Nothing is created
in a site that was not created as a demo site (proeve.demosite).
"""

from plone import api
from proeve.demo.content import ensure_demo_content
from proeve.demo.users import ensure_demo_users
from proeve.demosite import is_demo_site
from proeve.process.notify import silenced
import logging


logger = logging.getLogger("proeve.demo")

DEMO_MAIL_SENDER = "proeve@demo.proeve.invalid"


def ensure_demo_data(portal):
    """Create whatever demo data is missing; return what was created (and mail nobody).

    A site that was not created as a demo site gets nothing, whoever asks."""
    if not is_demo_site(portal):
        logger.info("%s is not a demo site: no demo data added", portal.getId())
        return {}
    ensure_demo_mail_sender()
    with silenced():
        return {"users": ensure_demo_users(portal), "content": ensure_demo_content(portal)}


def ensure_demo_mail_sender():
    """Without a sender Proeve mails nobody; the demo's mail goes to .eml files under var/mail
    (proeve.mailhost), so a made-up address will do."""
    if not api.portal.get_registry_record("plone.email_from_address", default=None):
        api.portal.set_registry_record("plone.email_from_address", DEMO_MAIL_SENDER)
        api.portal.set_registry_record("plone.email_from_name", "Proeve (demo)")
