"""`make verify-journal`: check every journal chain of a site; non-zero exit on a problem."""

from proeve.journal.verify import verify
from zope.component.hooks import setSite


def main(app, site_id="proeve", out=print):
    site = app.get(site_id)
    if site is None:
        out(f"no site {site_id!r}")
        return 2
    setSite(site)
    chains, entries, problems = verify(site)
    for problem in problems:
        out(f"PROBLEM {problem}")
    verdict = "FAILED" if problems else "OK"
    out(f"journal {verdict}: {chains} chains, {entries} entries, {len(problems)} problems")
    return 1 if problems else 0
