"""Verify every journal chain of the site; exit code 1 when anything was changed or cut.

Run with: zconsole run instance/etc/zope.conf scripts/verify_journal.py
Environment: PROEVE_SITE_ID (default "proeve").
"""

from proeve.journal.cli import main
import os
import sys


sys.exit(main(app, os.environ.get("PROEVE_SITE_ID", "proeve")))  # noqa: F821 (zconsole's app)
