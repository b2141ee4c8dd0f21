"""Bring a generated site up to the profile of this code: its pending upgrade steps.

Run with: zconsole run <instance>/etc/zope.conf benchmarks/upgrade.py (PROEVE_SITE_ID, default
"proeve"). benchmarks.instances.prepared() runs it on cached data made by older code, so the
scenarios measure the site as a deployment of this code has it (an upgrade at start-up, see
docs/operations.md), not the profile the data was generated with.
"""

from proeve import PROFILE_ID
from proeve.sitesetup import ensure_site
import os
import transaction


site, _created = ensure_site(app, os.environ.get("PROEVE_SITE_ID", "proeve"))  # noqa: F821
transaction.get().note("benchmarks: upgrade the generated site")
transaction.commit()
print("profile", site.portal_setup.getLastVersionForProfile(PROFILE_ID)[0])
