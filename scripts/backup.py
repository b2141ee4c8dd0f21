"""Backup and restore of a Proeve instance, each with its evidence manifest.

    python scripts/backup.py fs-backup  --instance instance --to backups
    python scripts/backup.py fs-restore --instance instance --from backups
    python scripts/backup.py pg-backup  --conf instance/etc/zope-relstorage-8081.conf \
                                        --dsn "dbname=proeve ..." --to backups
    python scripts/backup.py pg-restore --conf instance/etc/zope-relstorage-8081.conf \
                                        --dsn "dbname=proeve ..." --from backups

A backup first writes `manifest.json` (scripts/inventory.py: counts per type, size and SHA-256
of every evidence file, journal size), then takes the snapshot: repozo plus a copy of the new
blob files for FileStorage, pg_dump for PostgreSQL (blobs live in the database). Everything in
the manifest is therefore in the backup; a running site may have added more.

The manifest also holds the head of every journal chain. A restore refuses to run while the
instance is in use, restores, and checks the result against the manifest (scripts/inventory.py
--check): exit 1 when an evidence file is missing or differs, a type has fewer objects, the
journal does not verify or does not pass through the heads of the manifest and of the anchor
file. Then the anchor file is set aside (renamed): the restored journal goes on from the
backup, and the anchors written after it record what the restore took back.
"""

from datetime import datetime
from datetime import UTC
from pathlib import Path
import argparse
import os
import shutil
import subprocess
import sys


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*command, **kwargs):
    print("+", " ".join(str(c) for c in command), flush=True)
    return subprocess.run([str(c) for c in command], check=True, **kwargs)


def inventory(conf, *args, site_id):
    env = dict(os.environ, PROEVE_SITE_ID=site_id)
    return subprocess.run(
        [BIN / "zconsole", "run", conf, ROOT / "scripts" / "inventory.py", *args], env=env
    ).returncode


def copy_blobs(source, target):
    """Copy the blob files that the target lacks (a blob file never changes once written)."""
    copied = 0
    for folder, _dirs, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        (Path(target) / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            src = Path(folder) / name
            dst = Path(target) / relative / name
            if dst.exists() and dst.stat().st_size == src.stat().st_size:
                continue
            partial = dst.with_name(dst.name + ".partial")
            shutil.copy2(src, partial)
            partial.replace(dst)
            copied += 1
    return copied


def fs_backup(instance, to, site_id):
    var = instance / "var"
    to.mkdir(parents=True, exist_ok=True)
    (to / "fs").mkdir(exist_ok=True)
    # The manifest first, read-only beside a running server: the snapshot below holds at least
    # everything in it.
    if inventory(
        instance / "etc" / "zope-readonly.conf", "--write", to / "manifest.json", site_id=site_id
    ):
        raise SystemExit("the site does not check out; no backup taken (see PROBLEM above)")
    run(BIN / "repozo", "-B", "-z", "-r", to / "fs", "-f", var / "filestorage" / "Data.fs")
    # The blobs after Data.fs: a blob newer than the snapshot is harmless, a missing one is not.
    copied = copy_blobs(var / "blobstorage", to / "blobs")
    print(f"backup in {to}: Data.fs (repozo), {copied} new blob files, manifest.json")


def in_use(instance):
    import zc.lockfile

    try:
        lock = zc.lockfile.LockFile(str(instance / "var" / "filestorage" / "Data.fs.lock"))
    except zc.lockfile.LockError:
        return True
    lock.close()
    return False


def fs_restore(instance, source, site_id):
    var = instance / "var"
    if not (source / "manifest.json").exists():
        raise SystemExit(f"{source} holds no manifest.json: not a backup of scripts/backup.py")
    if in_use(instance):
        raise SystemExit(
            "Data.fs is in use: stop every Zope process of this instance before a restore "
            "(Data.fs is in gebruik: stop eerst de Zope-processen)."
        )
    (var / "filestorage").mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".index", ".tmp", ".lock"):
        (var / "filestorage" / f"Data.fs{suffix}").unlink(missing_ok=True)
    run(BIN / "repozo", "-R", "-r", source / "fs", "-o", var / "filestorage" / "Data.fs")
    shutil.rmtree(var / "blobstorage", ignore_errors=True)
    copy_blobs(source / "blobs", var / "blobstorage")
    return check(instance / "etc" / "zope.conf", source, site_id)


def check(conf, source, site_id):
    status = inventory(conf, "--check", source / "manifest.json", site_id=site_id)
    print("restore checked against the manifest: " + ("OK" if status == 0 else "FAILED"))
    set_anchors_aside(conf.parent.parent)
    return status


def anchor_file(instance):
    """The journal anchor file, as the generated zope.conf sets it."""
    configured = os.environ.get("PROEVE_JOURNAL_ANCHORS")
    return Path(configured) if configured else instance / "var" / "journal-anchors.log"


def set_anchors_aside(instance):
    """After a restore the journal goes on from the backup: heads anchored after the backup
    would be reported as cut off from then on. The file stays, under a new name, as the
    record of what the restore took back."""
    path = anchor_file(instance)
    if not path.exists():
        return
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    path.rename(aside)
    print(f"journal anchors of before the restore kept as {aside}; a new anchor file starts")


def pg_tool(name):
    """pg_dump/pg_restore of the newest installed PostgreSQL, else the one on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts[-3])
    if found:
        return found[-1]
    return shutil.which(name) or name


def pg_backup(conf, dsn, to, site_id):
    to.mkdir(parents=True, exist_ok=True)
    if inventory(conf, "--write", to / "manifest.json", site_id=site_id):
        raise SystemExit("the site does not check out; no backup taken (see PROBLEM above)")
    # One transaction: a consistent snapshot of objects and blobs together.
    run(pg_tool("pg_dump"), "-Fc", "-d", dsn, "-f", to / "proeve.dump")
    print(f"backup in {to}: proeve.dump (pg_dump, blobs included), manifest.json")


def pg_restore(conf, dsn, source, site_id):
    if not (source / "manifest.json").exists():
        raise SystemExit(f"{source} holds no manifest.json: not a backup of scripts/backup.py")
    run(
        pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "-d",
        dsn,
        source / "proeve.dump",
    )
    # The processes' blob caches may hold files of a later state: they go.
    for cache in (conf.parent.parent / "var").glob("blobcache-*"):
        shutil.rmtree(cache)
    return check(conf, source, site_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["fs-backup", "fs-restore", "pg-backup", "pg-restore"])
    parser.add_argument("--instance", type=Path, default=ROOT / "instance")
    parser.add_argument("--conf", type=Path, help="zope.conf of a RelStorage process")
    parser.add_argument("--dsn", help="PostgreSQL connection string of the database")
    parser.add_argument("--to", type=Path, help="backup folder to write")
    parser.add_argument("--from", dest="source", type=Path, help="backup folder to restore")
    parser.add_argument("--site-id", default=os.environ.get("PROEVE_SITE_ID", "proeve"))
    args = parser.parse_args()
    kind, step = args.action.split("-")
    if kind == "pg" and not (args.conf and args.dsn):
        parser.error("pg-backup and pg-restore need --conf and --dsn")
    if (step == "backup" and not args.to) or (step == "restore" and not args.source):
        parser.error("a backup needs --to, a restore --from")
    instance = args.instance.resolve()
    if args.action == "fs-backup":
        fs_backup(instance, args.to.resolve(), args.site_id)
    elif args.action == "fs-restore":
        return fs_restore(instance, args.source.resolve(), args.site_id)
    elif args.action == "pg-backup":
        pg_backup(args.conf.resolve(), args.dsn, args.to.resolve(), args.site_id)
    else:
        return pg_restore(args.conf.resolve(), args.dsn, args.source.resolve(), args.site_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
