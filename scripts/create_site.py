"""Create (or keep) the Proeve site with demo data.

Run with: zconsole run instance/etc/zope.conf scripts/create_site.py
Environment: PROEVE_SITE_ID (default "proeve"), PROEVE_DEMO ("0" creates a site without
demo data). PROEVE_DEMO counts only when the site is created: a site created without demo
data never gets any later, and a demo site stays one. PROEVE_ADMIN_LOGIN, PROEVE_ADMIN_EMAIL,
PROEVE_ADMIN_PASSWORD: the first platform admin (proeve.platformadmin), made once.
PROEVE_PUBLIC_URL: the site's public address (links in mail), checked here.
PROEVE_CREATE_SITE=0: keep a site that exists, but create none (run-cluster on a database
without the site, unless asked).
"""

from proeve.demosite import is_demo_site
from proeve.platformadmin import AdminSettingsError
from proeve.publicurl import public_base
from proeve.publicurl import PublicURLError
from proeve.sitesetup import main
import os
import sys


site_id = os.environ.get("PROEVE_SITE_ID", "proeve")
demo = os.environ.get("PROEVE_DEMO", "1") != "0"
if os.environ.get("PROEVE_CREATE_SITE", "1") == "0" and app.get(site_id) is None:  # noqa: F821
    print(
        f"no site {site_id!r} in this database, and none is created unasked: start with "
        "CREATE=production (a site without demo data) or CREATE=demo",
        file=sys.stderr,
    )
    sys.exit(2)
try:
    public_base()
except PublicURLError as error:
    print(error, file=sys.stderr)
    sys.exit(2)
try:
    site, created, report = main(app, site_id=site_id, demo=demo)  # noqa: F821 (zconsole's app)
except AdminSettingsError as error:
    print(f"the first platform admin: {error}", file=sys.stderr)
    sys.exit(2)
kind = "demo site" if is_demo_site(site) else "site without demo data"
print(f"{kind} {site_id}: {'created' if created else 'kept'}; demo data added: {report}")
