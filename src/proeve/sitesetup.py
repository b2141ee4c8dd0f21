"""Create the Proeve site and its demo data; safe to run again and again.

Run inside Zope with ``zconsole run <zope.conf> scripts/create_site.py``;
``make run`` does that before it serves the site. Whether the site is a demo site is decided
when it is created (``demo``) and recorded in the site (proeve.demosite); a later run adds
demo data only to a demo site, whatever it is asked.
"""

from plone.base.utils import get_installer
from plone.distribution.api import site as site_api
from proeve import PROFILE_ID
from proeve.demosite import is_demo_site
from proeve.demosite import mark_site
from zope.component.hooks import setSite
import logging
import os
import transaction


logger = logging.getLogger("proeve.sitesetup")

SITE_ANSWERS = {
    "title": "Proeve",
    "description": "Digitale examenomgeving voor de Proeve van Bekwaamheid",
    "default_language": "nl",
    "portal_timezone": "Europe/Amsterdam",
    "setup_content": False,
}


def ensure_site(app, site_id="proeve", demo=False):
    """Return the site, created with the Classic UI distribution when missing (as a demo
    site when ``demo``; an existing site stays what it was created as)."""
    if site_id in app.objectIds():
        site = app[site_id]
        setSite(site)
        created = False
    else:
        site = site_api.create(app, "classic", {"site_id": site_id, **SITE_ANSWERS})
        setSite(site)
        mark_site(site, demo)
        created = True
        logger.info("created site %s", site_id)
    installer = get_installer(site)
    if not installer.is_product_installed("proeve"):
        installer.install_product("proeve")
        logger.info("installed proeve in %s", site_id)
    elif site.portal_setup.listUpgrades(PROFILE_ID):
        # A site kept from an older release: bring its profile up to date first.
        installer.upgrade_product("proeve")
        logger.info("upgraded proeve in %s", site_id)
    return site, created


def apply_mail_sender(site):
    """The sender of the site's mail from PROEVE_MAIL_FROM (and PROEVE_MAIL_FROM_NAME), set at
    every start; without it the sender of Plone's mail control panel stays."""
    from plone import api

    address = os.environ.get("PROEVE_MAIL_FROM", "").strip()
    if not address:
        return
    api.portal.set_registry_record("plone.email_from_address", address)
    name = os.environ.get("PROEVE_MAIL_FROM_NAME", "").strip()
    if name:
        api.portal.set_registry_record("plone.email_from_name", name)


def main(app, site_id="proeve", demo=True):
    from proeve.demo import ensure_demo_data
    from proeve.platformadmin import admin_settings
    from proeve.platformadmin import ensure_first_admin

    admin_settings()  # unusable settings stop here, before anything is made
    site, created = ensure_site(app, site_id, demo=demo)
    apply_mail_sender(site)
    admin = ensure_first_admin(site)
    if admin:
        logger.info("created the platform admin %s", admin)
    report = ensure_demo_data(site) if is_demo_site(site) else {}
    transaction.get().note(f"proeve: set up site {site_id}")
    transaction.commit()
    return site, created, report
