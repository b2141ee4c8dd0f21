"""Backup and restore of a Proeve instance, each with its evidence manifest.

    python scripts/backup.py fs-backup  --instance instance --to backups
    python scripts/backup.py fs-restore --instance instance --from backups [--date D]
    bin/zopepy scripts/backup.py fs-backup --buildout . --to backups      (a buildout)
    python scripts/backup.py pg-backup  --conf instance/etc/zope-relstorage-8081.conf \
                                        --dsn "dbname=proeve ..." --to backups
    python scripts/backup.py pg-restore --conf instance/etc/zope-relstorage-8081.conf \
                                        --dsn "dbname=proeve ..." --from backups [--date D]

Every backup is a point named by its UTC time (repozo's `yyyy-mm-dd-hh-mm-ss`) with its own
manifest (scripts/inventory.py: counts per type, size and SHA-256 of every evidence file, the
head of every journal chain): `fs/manifest-<point>.json` beside repozo's files, or
`pg/<point>.dump` with `pg/manifest-<point>.json`. `manifest.json` in the backup folder is a
copy of the newest point's manifest. The manifest is written first, then the snapshot is
taken, so everything in it is in the backup; a running site may have added more.

A backup is never blocked: when the site does not check out (a changed journal entry, a
missing blob) the backup is still taken, the problems are in the point's manifest and on
stderr, and the exit code is 3 (PROBLEMS_RECORDED). Exit 0: backup taken, site checks out.

A restore (the newest point, or with --date the newest point at or before that UTC time, as
repozo's -D) refuses to run while the instance is in use, moves the current Data.fs and blobs
aside into var/before-restore-<UTC time>/ (nothing is deleted), restores, and checks the
result against the manifest of the point restored: exit 1 when an evidence file is missing or
differs, a type has fewer objects, the journal does not verify or does not pass through the
heads of the manifest and of the anchor file. Then the anchor file is set aside (renamed): the
restored journal goes on from the backup, and the anchors written after it record what the
restore took back.

The data folder (Data.fs in filestorage/, the blobs in blobstorage/, the anchor file) is the one
the instance's generated zope.conf names (`%define VAR`): instance/var, or var/ of a buildout,
whose instance is parts/instance (--instance parts/instance; --buildout DIR sets that and takes
repozo and zconsole from DIR/bin, as --bin does).
"""

from datetime import datetime
from datetime import UTC
from pathlib import Path
import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys


ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROBLEMS_RECORDED = 3  # the backup is taken, but the site did not check out
POINT_FORMAT = "%Y-%m-%d-%H-%M-%S"  # repozo's file names; `--date` compares with them
DATA_SUFFIXES = (".fs", ".fsz", ".deltafs", ".deltafsz")  # repozo's data files


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


def utc_stamp(format=POINT_FORMAT):
    return datetime.now(UTC).strftime(format)


def repozo_points(folder):
    """The backup points repozo holds in folder: the names of its data files without suffix."""
    if not folder.is_dir():
        return set()
    return {p.name.split(".")[0] for p in folder.iterdir() if p.suffix in DATA_SUFFIXES}


def point_at(points, date=None):
    """The newest point at or before date (compared as repozo's -D does), else the newest."""
    chosen = [p for p in points if date is None or p <= date]
    return max(chosen) if chosen else None


def take_manifest(conf, to, site_id):
    """(manifest or None, exit code of the inventory): written before the snapshot."""
    partial = to / "manifest.partial.json"
    partial.unlink(missing_ok=True)
    status = inventory(conf, "--write", partial, site_id=site_id)
    if not partial.exists():
        return None, status
    try:
        manifest = json.loads(partial.read_text(encoding="utf-8"))
    except ValueError:  # the inventory broke off while writing
        return None, status
    partial.unlink()
    return manifest, status


def keep_manifest(manifest, folder, point, to):
    """The point's own manifest, and a copy as the backup folder's newest manifest.json."""
    manifest = dict(manifest, point=point)
    text = json.dumps(manifest, indent=1, sort_keys=True)
    path = folder / f"manifest-{point}.json"
    path.write_text(text, encoding="utf-8")
    (to / "manifest.json").write_text(text, encoding="utf-8")
    return path


def report(manifest, status, where):
    """Loud on stderr when the site did not check out; the exit code of the backup."""
    if manifest is None:
        print(
            f"BACKUP TAKEN, BUT WITHOUT A MANIFEST: the inventory failed (exit {status}); "
            "a restore of this point cannot be checked. See the output above.",
            file=sys.stderr,
        )
        return PROBLEMS_RECORDED
    problems = manifest.get("problems") or []
    if not problems:
        return 0
    print(
        f"BACKUP TAKEN, BUT THE SITE DOES NOT CHECK OUT: {len(problems)} problems, "
        f"recorded in {where}:",
        file=sys.stderr,
    )
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    return PROBLEMS_RECORDED


def data_folder(conf):
    """The data folder that a generated zope.conf names in its `%define VAR` line; INSTANCE/var
    for a configuration without one (written before the buildout layout had its own)."""
    conf = Path(conf)
    if conf.exists():
        for line in conf.read_text(encoding="utf-8").splitlines():
            if line.startswith("%define VAR "):
                return Path(line.split(None, 2)[2].strip())
    return conf.parent.parent / "var"


def fs_backup(instance, to, site_id):
    var = data_folder(instance / "etc" / "zope.conf")
    repository = to / "fs"
    repository.mkdir(parents=True, exist_ok=True)
    # The manifest first, read-only beside a running server: the snapshot below holds at least
    # everything in it.
    manifest, status = take_manifest(instance / "etc" / "zope-readonly.conf", to, site_id)
    before = repozo_points(repository)
    run(BIN / "repozo", "-B", "-z", "-r", repository, "-f", var / "filestorage" / "Data.fs")
    # The blobs after Data.fs: a blob newer than the snapshot is harmless, a missing one is not.
    copied = copy_blobs(var / "blobstorage", to / "blobs")
    new = repozo_points(repository) - before
    point = point_at(new or before)
    where = repository / f"manifest-{point}.json"
    if manifest is not None and (new or not where.exists()):
        where = keep_manifest(manifest, repository, point, to)
    elif not new:
        # Data.fs did not change since the last point: that point and its manifest stand.
        print(f"no changes since backup point {point}")
    print(f"backup point {point} in {to}: Data.fs (repozo), {copied} new blob files, {where.name}")
    return report(manifest, status, where)


def in_use(var):
    import zc.lockfile

    try:
        lock = zc.lockfile.LockFile(str(var / "filestorage" / "Data.fs.lock"))
    except zc.lockfile.LockError:
        return True
    lock.close()
    return False


def point_manifest(source, folder, points, date):
    """(point, its manifest file) to restore; SystemExit when there is none."""
    point = point_at(points, date)
    if point is None:
        when = f" at or before {date}" if date else ""
        raise SystemExit(f"{folder} holds no backup point{when}")
    manifest = folder / f"manifest-{point}.json"
    if manifest.exists():
        return point, manifest
    legacy = source / "manifest.json"  # a backup made before points had manifests of their own
    if date is None and legacy.exists() and "point" not in json.loads(legacy.read_text()):
        return point, legacy
    raise SystemExit(
        f"backup point {point} has no manifest ({manifest.name}; the inventory failed when it "
        "was taken), so a restore cannot be checked: restore an older point with --date, or "
        f"this one by hand from {folder} (repozo -R -D {point}, or pg_restore)"
    )


def move_aside(var):
    """The current Data.fs and blobs go to var/before-restore-<UTC time>/, not away."""
    aside = var / f"before-restore-{utc_stamp('%Y%m%dT%H%M%SZ')}"
    for n in itertools.count(2):  # two restores within a second
        if not aside.exists():
            break
        aside = aside.with_name(f"{aside.name.split('.')[0]}.{n}")
    storage = var / "filestorage"
    moved = [storage / f"Data.fs{suffix}" for suffix in ("", ".index", ".tmp")]
    moved = [path for path in [*moved, var / "blobstorage"] if path.exists()]
    for path in moved:
        aside.mkdir(parents=True, exist_ok=True)
        path.rename(aside / path.name)
    (storage / "Data.fs.lock").unlink(missing_ok=True)
    if moved:
        print(f"the current Data.fs and blobs are moved aside to {aside} (delete it when done)")
    return aside if moved else None


def fs_restore(instance, source, site_id, date=None):
    var = data_folder(instance / "etc" / "zope.conf")
    repository = source / "fs"
    point, manifest = point_manifest(source, repository, repozo_points(repository), date)
    if in_use(var):
        raise SystemExit(
            "Data.fs is in use: stop every Zope process of this instance before a restore "
            "(Data.fs is in gebruik: stop eerst de Zope-processen)."
        )
    (var / "filestorage").mkdir(parents=True, exist_ok=True)
    move_aside(var)
    dated = ["-D", point] if date else []
    run(BIN / "repozo", "-R", "-r", repository, *dated, "-o", var / "filestorage" / "Data.fs")
    copy_blobs(source / "blobs", var / "blobstorage")
    print(f"backup point {point} restored; checking it against {manifest.name}")
    return check(instance / "etc" / "zope.conf", manifest, site_id)


def check(conf, manifest, site_id):
    recorded = json.loads(manifest.read_text(encoding="utf-8")).get("problems") or []
    if recorded:
        print(f"note: the backup point recorded {len(recorded)} problems when it was taken")
    status = inventory(conf, "--check", manifest, site_id=site_id)
    print("restore checked against the manifest: " + ("OK" if status == 0 else "FAILED"))
    set_anchors_aside(data_folder(conf))
    return status


def anchor_file(var):
    """The journal anchor file, as the generated zope.conf sets it."""
    configured = os.environ.get("PROEVE_JOURNAL_ANCHORS")
    return Path(configured) if configured else var / "journal-anchors.log"


def set_anchors_aside(var):
    """After a restore the journal goes on from the backup: heads anchored after the backup
    would be reported as cut off from then on. The file stays, under a new name, as the
    record of what the restore took back."""
    path = anchor_file(var)
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


def pg_points(folder):
    return (
        {p.name.removesuffix(".dump") for p in folder.glob("*.dump")} if folder.is_dir() else set()
    )


def pg_backup(conf, dsn, to, site_id):
    folder = to / "pg"
    folder.mkdir(parents=True, exist_ok=True)
    point = utc_stamp()
    manifest, status = take_manifest(conf, to, site_id)
    # One transaction: a consistent snapshot of objects and blobs together.
    run(pg_tool("pg_dump"), "-Fc", "-d", dsn, "-f", folder / f"{point}.dump")
    where = folder / f"manifest-{point}.json"
    if manifest is not None:
        keep_manifest(manifest, folder, point, to)
    print(f"backup point {point} in {folder}: {point}.dump (pg_dump, blobs included), {where.name}")
    return report(manifest, status, where)


def psql_count(dsn, query):
    """The number a `select count(*)` answers in the database; ConnectionError when psql
    cannot ask it (no server, a wrong DSN)."""
    done = subprocess.run(
        [str(pg_tool("psql")), "-X", "-At", "-d", dsn, "-c", query],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise ConnectionError(done.stderr.strip() or f"psql exit {done.returncode}")
    return int(done.stdout.strip() or 0)


def connections_in_use(dsn):
    """How many other sessions use the database now (a process, a psql, a cron job)."""
    return psql_count(
        dsn,
        "select count(*) from pg_stat_activity "
        "where datname = current_database() and pid <> pg_backend_pid()",
    )


def caches_of(conf, dsn):
    """The blob caches of the processes whose configuration uses this database; those of
    processes on another database stay."""
    caches = []
    for other in conf.parent.glob("zope-relstorage-*.conf"):
        if f"dsn {dsn}" in other.read_text(encoding="utf-8"):
            port = other.stem.rsplit("-", 1)[1]
            caches.append(data_folder(other) / f"blobcache-{port}")
    return caches


def pg_restore(conf, dsn, source, site_id, date=None):
    folder = source / "pg"
    points = pg_points(folder)
    if not points and (source / "proeve.dump").exists():  # before backups had points
        folder, points = source, {"proeve"}
    point, manifest = point_manifest(source, folder, points, date)
    try:
        in_use = connections_in_use(dsn)
    except ConnectionError as error:
        print(
            f"REFUSED: the database cannot be reached ({error}); nothing was restored.",
            file=sys.stderr,
        )
        return 2
    if in_use:
        print(
            f"REFUSED: {in_use} other connection(s) use this database. Stop every Proeve "
            "process (and anything else connected) first; nothing was restored.",
            file=sys.stderr,
        )
        return 2
    # One transaction: the database is the backup point, or stays as it was.
    run(
        pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "-d",
        dsn,
        folder / f"{point}.dump",
    )
    # The blob caches of this database's processes may hold files of a later state.
    for cache in caches_of(conf, dsn):
        shutil.rmtree(cache, ignore_errors=True)
    print(f"backup point {point} restored; checking it against {manifest.name}")
    return check(conf, manifest, site_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["fs-backup", "fs-restore", "pg-backup", "pg-restore"])
    parser.add_argument("--instance", type=Path, default=ROOT / "instance", help="its etc/")
    parser.add_argument("--bin", type=Path, help="where repozo and zconsole are")
    parser.add_argument(
        "--buildout", type=Path, help="a buildout: --instance DIR/parts/instance --bin DIR/bin"
    )
    parser.add_argument("--conf", type=Path, help="zope.conf of a RelStorage process")
    parser.add_argument("--dsn", help="PostgreSQL connection string of the database")
    parser.add_argument("--to", type=Path, help="backup folder to write")
    parser.add_argument("--from", dest="source", type=Path, help="backup folder to restore")
    parser.add_argument(
        "--date",
        help="restore the newest point at or before this UTC time (yyyy-mm-dd[-hh[-mm[-ss]]])",
    )
    parser.add_argument("--site-id", default=os.environ.get("PROEVE_SITE_ID", "proeve"))
    args = parser.parse_args()
    kind, step = args.action.split("-")
    if kind == "pg" and not (args.conf and args.dsn):
        parser.error("pg-backup and pg-restore need --conf and --dsn")
    if (step == "backup" and not args.to) or (step == "restore" and not args.source):
        parser.error("a backup needs --to, a restore --from")
    if args.buildout:
        args.instance = args.buildout / "parts" / "instance"
        args.bin = args.bin or args.buildout / "bin"
    if args.bin:
        global BIN
        BIN = args.bin.resolve()
    instance = args.instance.resolve()
    if args.action == "fs-backup":
        return fs_backup(instance, args.to.resolve(), args.site_id)
    if args.action == "fs-restore":
        return fs_restore(instance, args.source.resolve(), args.site_id, args.date)
    if args.action == "pg-backup":
        return pg_backup(args.conf.resolve(), args.dsn, args.to.resolve(), args.site_id)
    return pg_restore(args.conf.resolve(), args.dsn, args.source.resolve(), args.site_id, args.date)


if __name__ == "__main__":
    sys.exit(main())
