"""Move a FileStorage site (Data.fs and blobs) into an empty PostgreSQL database (RelStorage).

    python scripts/migrate_to_pg.py --instance instance --dsn "dbname=proeve ..." [--port 8099]

Refuses, with exit code 2 and nothing written, while a server uses the Data.fs (its lock
file), when the database is not empty or cannot be reached, or when the site cannot be
inventoried. Otherwise it holds the Data.fs lock (no server starts on it meanwhile),
writes the inventory of the FileStorage site (read-only) to
instance/var/migrate-to-pg-<UTC time>.json, and copies every transaction with its blobs
with RelStorage's zodbconvert into the database, with the settings of
instance/templates/storage-relstorage.conf.in (history-free, blobs in the database). Then it
checks the database through instance/etc/zope-relstorage-<port>.conf (written for a port no
process serves, as `make verify-journal DSN=...` uses it): the same inventory as before
(scripts/inventory.py --check --exact) and a verified journal (scripts/verify_journal.py,
also against the heads of that inventory and the anchor file). Exit 0: moved and checked;
exit 1: zodbconvert or a check failed. The FileStorage is only read, never changed.
"""

from pathlib import Path
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zc.lockfile


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "instance"))
from backup import data_folder  # noqa: E402
from backup import inventory  # noqa: E402
from backup import psql_count  # noqa: E402
from backup import utc_stamp  # noqa: E402
from generate import generate  # noqa: E402
from generate import render  # noqa: E402


REFUSED = 2


def refuse(reason):
    print(f"REFUSED: {reason}; nothing was migrated.", file=sys.stderr)
    return REFUSED


def lock_data_fs(var):
    """Data.fs's lock, held for the whole migration; None while a server has it."""
    try:
        return zc.lockfile.LockFile(str(var / "filestorage" / "Data.fs.lock"))
    except zc.lockfile.LockError:
        return None


def tables_in(dsn):
    """The tables of the database (RelStorage's among them once anything was stored)."""
    return psql_count(
        dsn,
        "select count(*) from pg_tables "
        "where schemaname not in ('pg_catalog', 'information_schema')",
    )


def storage_section(template, name, **values):
    """The storage section of one of instance/templates' storages, named for zodbconvert."""
    text = render(template, **values)
    kind = "relstorage" if "relstorage" in template else "filestorage"
    section = re.search(rf"^ *<{kind}>$.*?^ *</{kind}>$", text, re.S | re.M).group(0)
    return section.replace(f"<{kind}>", f"<{kind} {name}>", 1)


def zodbconvert_config(instance, var, dsn, port):
    """Source: the Data.fs with its blobs, read-only. Destination: RelStorage as the
    processes use it (history-free, blobs in the database; the blob cache of `port`)."""
    source = storage_section("storage-filestorage.conf.in", "source", read_only="true")
    destination = storage_section(
        "storage-relstorage.conf.in", "destination", port=port, pg_dsn=dsn
    )
    return (
        f"%define INSTANCE {instance}\n%define VAR {var}\n%import relstorage\n"
        f"{source}\n{destination}\n"
    )


def convert(instance, var, dsn, port):
    """zodbconvert's exit code; its configuration holds the DSN, so it is removed after."""
    with tempfile.NamedTemporaryFile(
        "w", suffix=".conf", prefix="zodbconvert-", dir=instance / "etc", delete=False
    ) as conf:
        conf.write(zodbconvert_config(instance, var, dsn, port))
    os.chmod(conf.name, 0o600)
    try:
        return subprocess.run([str(BIN / "zodbconvert"), conf.name]).returncode
    finally:
        os.unlink(conf.name)


def verify_journal(conf, manifest, site_id):
    env = dict(os.environ, PROEVE_SITE_ID=site_id)
    script = ROOT / "scripts" / "verify_journal.py"
    command = [BIN / "zconsole", "run", conf, script, "--manifest", manifest]
    print("+", " ".join(str(c) for c in command), flush=True)
    return subprocess.run([str(c) for c in command], env=env).returncode


def migrate(instance, dsn, port, site_id):
    # The data folder of this layout (instance/var, or var/ of a buildout).
    var = data_folder(instance / "etc" / "zope.conf")
    if not (var / "filestorage" / "Data.fs").exists():
        return refuse(f"there is no Data.fs in {var / 'filestorage'}")
    read_only = instance / "etc" / "zope-readonly.conf"
    if not read_only.exists():
        return refuse(f"{read_only} is missing: write it with `make instance` first")
    try:
        tables = tables_in(dsn)
    except ConnectionError as error:
        return refuse(f"the database cannot be reached: {error}")
    if tables:
        return refuse(
            f"the database is not empty: it holds {tables} table(s); migrate into a new, empty "
            "database (createdb), never over a site"
        )
    lock = lock_data_fs(var)
    if lock is None:
        return refuse(
            "Data.fs is in use: stop every Zope process of this instance (make run) first"
        )
    try:
        return migrate_locked(instance, var, dsn, port, site_id, read_only)
    finally:
        lock.close()


def migrate_locked(instance, var, dsn, port, site_id, read_only):
    manifest = var / f"migrate-to-pg-{utc_stamp('%Y%m%dT%H%M%SZ')}.json"
    status = inventory(read_only, "--write", manifest, site_id=site_id)
    if not manifest.exists():
        return refuse(f"the FileStorage site could not be inventoried (exit {status})")
    if status:
        print(
            "note: the FileStorage site does not check out (the PROBLEM lines above); the "
            "problems move along, so the checks after the migration fail as well",
            file=sys.stderr,
        )
    conf, _ini = generate("relstorage", port=port, dsn=dsn, instance=instance, var=var)
    # A cache of another database under this port could serve the wrong blob files.
    shutil.rmtree(var / f"blobcache-{port}", ignore_errors=True)
    print(f"copying Data.fs and its blobs into the database (zodbconvert); inventory {manifest}")
    converted = convert(instance, var, dsn, port)
    if converted:
        print(
            f"MIGRATION FAILED: zodbconvert exit {converted}. The Data.fs is unchanged; the "
            "database may hold part of the site: drop and create it before trying again.",
            file=sys.stderr,
        )
        return 1
    checked = inventory(conf, "--check", manifest, "--exact", site_id=site_id)
    verified = verify_journal(conf, manifest, site_id)
    if checked or verified:
        print(
            "MIGRATION CHECKS FAILED: "
            + ", ".join(
                what
                for what, failed in (
                    ("the inventory differs from the FileStorage site's", checked),
                    ("the journal does not verify", verified),
                )
                if failed
            )
            + f" (see above; the Data.fs is unchanged, the inventory is in {manifest})",
            file=sys.stderr,
        )
        return 1
    print(
        "MIGRATION OK: the database holds the same inventory as the FileStorage site and its "
        f"journal verifies. Serve it with make run-cluster DSN=...; do not start `make run` on "
        f"the old Data.fs again (move {var / 'filestorage'} and {var / 'blobstorage'} aside)."
    )
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, default=ROOT / "instance")
    parser.add_argument("--dsn", required=True, help="PostgreSQL connection string (empty db)")
    parser.add_argument(
        "--port",
        type=int,
        default=8099,
        help="names the configuration the checks use (zope-relstorage-<port>.conf); no "
        "process serves it (make verify-journal's VERIFY_PORT)",
    )
    parser.add_argument("--site-id", default=os.environ.get("PROEVE_SITE_ID", "proeve"))
    args = parser.parse_args()
    return migrate(args.instance.resolve(), args.dsn, args.port, args.site_id)


if __name__ == "__main__":
    sys.exit(main())
