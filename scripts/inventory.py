"""Count a site's exam objects and check every evidence file; write or check a manifest.

Run with: zconsole run instance/etc/zope.conf scripts/inventory.py [--write FILE | --check FILE]
          [--exact]
Environment: PROEVE_SITE_ID (default "proeve").

Without options it prints the inventory (JSON). --write FILE writes it as the backup manifest;
--check FILE compares the site with a manifest (every evidence file with the same SHA-256, no
type with fewer objects; --exact: no more either). Exit 1 on any problem, also a missing
blob, a changed file, half an upload or a journal that does not verify.
"""

from proeve.inventory import compare
from proeve.inventory import inventory
from zope.component.hooks import setSite
import argparse
import json
import os
import sys


parser = argparse.ArgumentParser(prog="scripts/inventory.py")
parser.add_argument("--write", metavar="FILE")
parser.add_argument("--check", metavar="FILE")
parser.add_argument("--exact", action="store_true")
args = parser.parse_args(sys.argv[4:])  # zconsole run <zope.conf> <script> <args>
site_id = os.environ.get("PROEVE_SITE_ID", "proeve")
site = app.get(site_id)  # noqa: F821 (zconsole's app)
if site is None:
    print(f"no site {site_id!r}")
    sys.exit(2)
setSite(site)
manifest = None
if args.check:
    with open(args.check, encoding="utf-8") as f:
        manifest = json.load(f)
# Every journal chain must still pass through the heads the manifest recorded.
found = inventory(site, manifest_heads=(manifest or {}).get("journal", {}).get("heads"))
problems, notes = list(found["problems"]), []
if args.write:
    with open(args.write, "w", encoding="utf-8") as f:
        json.dump(found, f, indent=1, sort_keys=True)
    print(f"manifest written to {args.write}")
elif args.check:
    problems, notes = compare(manifest, found, exact=args.exact)
else:
    print(json.dumps(found, indent=1, sort_keys=True))
for note in notes:
    print(f"note: {note}")
for problem in problems:
    print(f"PROBLEM {problem}")
counts = ", ".join(f"{n} {kind}" for kind, n in found["counts"].items() if n)
stray = found.get("stray_blob_files")
if stray is not None:
    print(f"stray blob files (no committed record; not a problem): {stray['count']}")
print(
    f"inventory {'FAILED' if problems else 'OK'}: {counts}; "
    f"{len(found['evidence'])} evidence files; {found['journal']['entries']} journal entries; "
    f"{len(problems)} problems"
)
sys.exit(1 if problems else 0)
