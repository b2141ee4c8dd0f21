"""Create (or keep) the Proeve site with demo data.

Run with: zconsole run instance/etc/zope.conf scripts/create_site.py
Environment: PROEVE_SITE_ID (default "proeve"), PROEVE_DEMO ("0" creates a site without
demo data). PROEVE_DEMO counts only when the site is created: a site created without demo
data never gets any later, and a demo site stays one.
"""

from proeve.demosite import is_demo_site
from proeve.sitesetup import main
import os


site_id = os.environ.get("PROEVE_SITE_ID", "proeve")
demo = os.environ.get("PROEVE_DEMO", "1") != "0"
site, created, report = main(app, site_id=site_id, demo=demo)  # noqa: F821 (zconsole's app)
kind = "demo site" if is_demo_site(site) else "site without demo data"
print(f"{kind} {site_id}: {'created' if created else 'kept'}; demo data added: {report}")
