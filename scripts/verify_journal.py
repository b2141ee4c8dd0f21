"""Verify every journal chain of the site; exit code 1 when anything was changed or cut.

Run with: zconsole run instance/etc/zope.conf scripts/verify_journal.py [--manifest FILE]
Environment: PROEVE_SITE_ID (default "proeve"); PROEVE_JOURNAL_ANCHORS (the anchor file,
set by the generated zope.conf). --manifest: also check the heads a backup manifest recorded.
"""

from proeve.journal.cli import main
import argparse
import os
import sys


parser = argparse.ArgumentParser(prog="scripts/verify_journal.py")
parser.add_argument("--manifest", metavar="FILE")
args = parser.parse_args(sys.argv[4:])  # zconsole run <zope.conf> <script> <args>
site_id = os.environ.get("PROEVE_SITE_ID", "proeve")
sys.exit(main(app, site_id, manifest=args.manifest))  # noqa: F821 (zconsole's app)
