"""Backups you can restore from (issue 19, points 4, 6, 7, 8): scripts/backup.py on a real
FileStorage with blobs and real repozo; the inventory (a zconsole run on a Plone site, covered
by tests/test_live_storage.py and tests/test_record_hashes.py) is stood in for by one that
reads a counter from the same Data.fs, so the manifest of each point says what it holds."""

from pathlib import Path
from ZODB.blob import Blob
from ZODB.FileStorage import FileStorage
import importlib.util
import json
import pytest
import shutil
import subprocess
import time
import transaction
import ZODB


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def backup(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("proeve_backup", ROOT / "scripts" / "backup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.checked = []
    module.problems = []
    module.inventory = lambda conf, *args, site_id: stand_in(module, conf, *args)
    monkeypatch.setenv("PROEVE_JOURNAL_ANCHORS", str(tmp_path / "journal-anchors.log"))
    return module


def open_db(instance, read_only=False):
    var = instance / "var"
    (var / "filestorage").mkdir(parents=True, exist_ok=True)
    storage = FileStorage(
        str(var / "filestorage" / "Data.fs"),
        blob_dir=str(var / "blobstorage"),
        read_only=read_only,
    )
    return ZODB.DB(storage)


def counter(instance):
    db = open_db(instance, read_only=True)
    try:
        root = db.open().root()
        return root["n"], root["file"].open().read()
    finally:
        db.close()


def stand_in(module, conf, action, path):
    """scripts/inventory.py --write / --check, on the counter: exit 1 on a problem."""
    n, _data = counter(Path(conf).parent.parent)
    if action == "--write":
        found = {"counts": {"n": n}, "problems": list(module.problems)}
        Path(path).write_text(json.dumps(found))
        return 1 if module.problems else 0
    module.checked.append(Path(path))
    return 0 if json.loads(Path(path).read_text())["counts"]["n"] == n else 1


def commit(instance, n):
    db = open_db(instance)
    try:
        connection = db.open()
        root = connection.root()
        root["n"] = n
        root["file"] = Blob(f"file {n}".encode())
        transaction.commit()
        connection.close()
    finally:
        db.close()


@pytest.fixture
def instance(tmp_path):
    folder = tmp_path / "instance"
    commit(folder, 1)
    return folder


def test_restore_moves_the_current_data_aside(backup, instance, tmp_path, capsys):
    """Issue 19.4: the Data.fs and blobs a restore replaces are kept, and it says where."""
    to = tmp_path / "backups"
    assert backup.fs_backup(instance, to, "proeve") == 0
    commit(instance, 2)
    assert backup.fs_restore(instance, to, "proeve") == 0
    assert counter(instance) == (1, b"file 1")
    [aside] = (instance / "var").glob("before-restore-*")
    assert f"moved aside to {aside}" in capsys.readouterr().out
    assert {"Data.fs", "Data.fs.index", "blobstorage"} <= {p.name for p in aside.iterdir()}
    shutil.move(aside / "Data.fs", instance / "var" / "filestorage" / "Data.fs")
    (instance / "var" / "filestorage" / "Data.fs.index").unlink()
    shutil.rmtree(instance / "var" / "blobstorage")
    shutil.move(aside / "blobstorage", instance / "var" / "blobstorage")
    assert counter(instance) == (2, b"file 2")


def test_every_point_has_its_manifest_and_an_older_point_is_checked_on_its_own(
    backup, instance, tmp_path
):
    """Issue 19.6: each backup point keeps its manifest; a restore of an older point (repozo's
    -D) is checked against that point's manifest, not the newest."""
    to = tmp_path / "backups"
    assert backup.fs_backup(instance, to, "proeve") == 0
    time.sleep(1.1)  # repozo names its files by the second
    commit(instance, 2)
    assert backup.fs_backup(instance, to, "proeve") == 0
    manifests = sorted((to / "fs").glob("manifest-*.json"))
    assert [json.loads(m.read_text())["counts"]["n"] for m in manifests] == [1, 2]
    first, second = (json.loads(m.read_text())["point"] for m in manifests)
    assert json.loads((to / "manifest.json").read_text())["point"] == second
    assert {p.name.split(".")[0] for p in (to / "fs").glob("*.*fsz")} == {first, second}

    assert backup.fs_restore(instance, to, "proeve", date=first) == 0
    assert counter(instance)[0] == 1
    assert backup.checked == [to / "fs" / f"manifest-{first}.json"]
    assert backup.fs_restore(instance, to, "proeve") == 0
    assert counter(instance)[0] == 2
    assert backup.checked[-1] == to / "fs" / f"manifest-{second}.json"


def test_a_journal_problem_does_not_block_the_backup(backup, instance, tmp_path, capsys):
    """Issue 19.7: the backup is taken; the problem is on stderr and in the point's manifest,
    and the exit code says so (3)."""
    backup.problems = ["journal: pvb-demo: entry 1 differs from what was journaled"]
    to = tmp_path / "backups"
    assert backup.fs_backup(instance, to, "proeve") == backup.PROBLEMS_RECORDED == 3
    err = capsys.readouterr().err
    assert "BACKUP TAKEN, BUT THE SITE DOES NOT CHECK OUT" in err
    assert f"PROBLEM {backup.problems[0]}" in err
    [manifest] = (to / "fs").glob("manifest-*.json")
    assert json.loads(manifest.read_text())["problems"] == backup.problems
    assert list((to / "fs").glob("*.fsz"))
    commit(instance, 2)
    assert backup.fs_restore(instance, to, "proeve") == 0
    assert counter(instance)[0] == 1


@pytest.mark.parametrize("target", ["backup", "restore"])
def test_backup_and_restore_leave_the_serving_configuration_alone(target, tmp_path):
    """Issue 19.8: without PORT, `make backup` rewrote instance/etc for port 8080. With a
    configuration present, the targets do not write one (make -n: nothing is run)."""
    conf = tmp_path / "zope.conf"
    conf.write_text("# serving on port 8081\n")
    command = ["make", "-n", "-C", ROOT, target, f"VENV={tmp_path / 'venv'}", f"CONF={conf}"]
    planned = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "backup.py" in planned
    assert "generate.py" not in planned
    conf.unlink()
    planned = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "generate.py" in planned  # only a missing configuration is written


def test_postgresql_points_have_their_manifests_too(backup, instance, tmp_path, monkeypatch):
    """Issue 19.6 and 19.7 for pg-backup (the same script): a point per dump with its own
    manifest, a site with problems still backed up; pg-restore --date takes that point's dump
    and checks it on that point's manifest. pg_dump/pg_restore stand in (no PostgreSQL here)."""
    commands = []

    def run(*command, **kwargs):
        commands.append([str(c) for c in command])
        if "-f" in command:  # pg_dump -f FILE
            Path(command[command.index("-f") + 1]).write_text("dump")

    monkeypatch.setattr(backup, "run", run)
    monkeypatch.setattr(backup, "connections_in_use", lambda dsn: 0)
    stamps = iter(["2026-05-01-10-00-00", "2026-05-02-10-00-00"])
    monkeypatch.setattr(backup, "utc_stamp", lambda *a: next(stamps))
    conf = instance / "etc" / "zope-relstorage-8081.conf"
    to = tmp_path / "backups"
    backup.problems = ["journal: a changed entry"]
    assert backup.pg_backup(conf, "dbname=x", to, "proeve") == 3
    backup.problems = []
    commit(instance, 2)
    assert backup.pg_backup(conf, "dbname=x", to, "proeve") == 0
    first = json.loads((to / "pg" / "manifest-2026-05-01-10-00-00.json").read_text())
    assert (first["counts"]["n"], first["problems"]) == (1, ["journal: a changed entry"])
    assert json.loads((to / "manifest.json").read_text())["point"] == "2026-05-02-10-00-00"

    commit(instance, 1)  # what pg_restore of the first dump would bring back
    assert backup.pg_restore(conf, "dbname=x", to, "proeve", date="2026-05-01-23") == 0
    assert commands[-1][-1] == str(to / "pg" / "2026-05-01-10-00-00.dump")
    assert backup.checked == [to / "pg" / "manifest-2026-05-01-10-00-00.json"]
    assert "--single-transaction" in commands[-1]  # all or nothing


def test_a_postgresql_restore_refuses_a_database_in_use(backup, instance, tmp_path, monkeypatch):
    """Issue 19.5: pg_restore rolled the database back under running processes. A restore
    refuses while any other connection uses the database, and touches nothing."""
    commands = []

    def run(*command, **kwargs):
        commands.append([str(c) for c in command])
        if "-f" in command:
            Path(command[command.index("-f") + 1]).write_text("dump")

    monkeypatch.setattr(backup, "run", run)
    conf = instance / "etc" / "zope-relstorage-8081.conf"
    to = tmp_path / "backups"
    assert backup.pg_backup(conf, "dbname=x", to, "proeve") == 0
    dumps = len(commands)
    monkeypatch.setattr(backup, "connections_in_use", lambda dsn: 3)
    assert backup.pg_restore(conf, "dbname=x", to, "proeve") == 2
    assert len(commands) == dumps  # no pg_restore ran


def test_a_restore_removes_only_the_blob_caches_of_its_database(backup, tmp_path):
    """Issue 19.5: restoring into another database deleted the blob caches of every running
    process; only the processes of the restored database lose theirs."""
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "zope-relstorage-8081.conf").write_text("  dsn dbname=proeve host=db\n")
    (etc / "zope-relstorage-8091.conf").write_text("  dsn dbname=restore host=db\n")
    caches = backup.caches_of(etc / "zope-relstorage-8091.conf", "dbname=restore host=db")
    assert caches == [tmp_path / "var" / "blobcache-8091"]


@pytest.mark.parametrize(
    ("dsn", "conf"),
    [(None, "instance/etc/zope-readonly.conf"), ("dbname=x", "zope-relstorage-8099.conf")],
)
def test_verify_journal_reads_only_beside_the_running_site(tmp_path, dsn, conf):
    """Issue 19.9: `make verify-journal` opened the serving zope.conf, whose FileStorage the
    running server holds locked. It runs with the read-only configuration (RelStorage: its
    own configuration for a port no process serves), so cron can run it beside the site."""
    command = ["make", "-n", "-C", ROOT, "verify-journal", f"VENV={tmp_path / 'venv'}"]
    if dsn:
        command.append(f"DSN={dsn}")
    planned = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    run = next(line for line in planned.splitlines() if "verify_journal.py" in line)
    assert conf in run
    assert "zope.conf " not in run
