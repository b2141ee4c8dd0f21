"""Prepare a live test site (run with zconsole after scripts/create_site.py).

- mail goes to the test's SMTP sink (PROEVE_TEST_SMTP_PORT), from a set sender;
- every candidate of De Vaart's demo group gets a second PvB, `pvb-extra`, in preparation,
  with the demo people: PvBs of one group whose candidates can log in;
- PROEVE_TEST_BENCH_PVBS more PvBs in De Vaart's group bench-0000 (benchmarks/generate.py).
"""

from datetime import date
from plone import api
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.indexing import processQueue
from proeve.content.snapshot import freeze_assignment
from zope.component.hooks import setSite
import os
import sys
import transaction


sys.path.insert(0, os.getcwd())
from tests.live_data import count_pvbs  # noqa: E402
from tests.live_data import generate_pvbs  # noqa: E402
from tests.live_data import PEOPLE  # noqa: E402


site = app[os.environ.get("PROEVE_SITE_ID", "proeve")]  # noqa: F821 (zconsole's app)
setSite(site)
api.portal.set_registry_record("plone.email_from_address", "proeve@demo.proeve.invalid")
api.portal.set_registry_record("plone.email_from_name", "Proeve")
smtp_port = int(os.environ["PROEVE_TEST_SMTP_PORT"])
api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
api.portal.set_registry_record("plone.smtp_port", smtp_port)
site.MailHost.smtp_host = "127.0.0.1"
site.MailHost.smtp_port = smtp_port
assignment_uid = site.examenbank["eerste-monteur-installatie-woning"].UID()
snapshot = freeze_assignment(assignment_uid)
group = site.scholen["roc-de-vaart"]["mei-2024-25451"]
for candidate in group.objectValues():
    if candidate.portal_type == "Candidate" and "pvb-extra" not in candidate.objectIds():
        createContentInContainer(
            candidate,
            "PvB",
            checkConstraints=False,
            id="pvb-extra",
            assignment_uid=assignment_uid,
            assignment_snapshot=snapshot,
            start_date=date(2026, 9, 1),
            end_date=date(2027, 1, 31),
            **PEOPLE,
        )
processQueue()
bench = int(os.environ.get("PROEVE_TEST_BENCH_PVBS", "0"))
if bench:
    school = site.scholen["roc-de-vaart"]
    generate_pvbs(site, "roc-de-vaart", count_pvbs(school) + bench)
transaction.commit()
print("live test site prepared")
