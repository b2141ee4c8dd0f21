"""`make verify-journal`: check every journal chain of a site; non-zero exit on a problem.

Every record the journal recorded is checked against its stored object (evidence files are
read from the blobs), every chain against the anchor file, and, given a backup manifest,
against the heads it recorded."""

from proeve.journal.verify import verify
from zope.component.hooks import setSite
import json


def manifest_heads(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f).get("journal", {}).get("heads") or {}


def main(app, site_id="proeve", out=print, manifest=None):
    site = app.get(site_id)
    if site is None:
        out(f"no site {site_id!r}")
        return 2
    setSite(site)
    notes = []
    heads = manifest_heads(manifest) if manifest else None
    chains, entries, problems = verify(site, manifest_heads=heads, notes=notes)
    for note in notes:
        out(f"note: {note}")
    for problem in problems:
        out(f"PROBLEM {problem}")
    verdict = "FAILED" if problems else "OK"
    out(f"journal {verdict}: {chains} chains, {entries} entries, {len(problems)} problems")
    return 1 if problems else 0
