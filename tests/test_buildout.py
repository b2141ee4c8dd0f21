"""buildout.cfg serves the site with `make run`'s configuration (issue 19, point 11).

plone.recipe.zope2instance wrote a zope.conf of its own: blobs in a `<blobstorage>` wrapper (which
loses blob files under parallel uploads, docs/operations.md), no conflict retries, no TMPDIR or
TUS folder. Now buildout.cfg's zope-conf part (proeve.buildout) renders instance/templates with
instance/generate.py for the buildout layout, and the instance part uses that file. These tests
run that part as buildout would (no network, no buildout run), compare its configuration with
`make run`'s setting by setting, and run backup, restore and the read-only configuration on a
buildout-layout folder: parts/instance/etc, var/filestorage/Data.fs, var/blobstorage."""

from configparser import ConfigParser
from pathlib import Path
from proeve.buildout import ZopeConf
from ZODB.blob import Blob
from ZODB.FileStorage import FileStorage
from Zope2.Startup.options import ZopeWSGIOptions
import importlib.util
import json
import os
import pytest
import re
import shutil
import subprocess
import sys
import transaction
import ZODB


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "instance"))

from generate import generate  # noqa: E402


def buildout_cfg():
    parser = ConfigParser(interpolation=None)
    parser.read(ROOT / "buildout.cfg", encoding="utf-8")
    return parser


def substitute(value, directory):
    """The few buildout substitutions buildout.cfg uses."""
    known = {
        "buildout:directory": str(directory),
        "buildout:parts-directory": str(directory / "parts"),
        "instance:location": str(directory / "parts" / "instance"),
    }
    return re.sub(r"\$\{([^}]+)\}", lambda m: known[m.group(1)], value)


def run_zope_conf_part(directory, update=False):
    """The zope-conf part of buildout.cfg, installed as buildout would install it."""
    section = buildout_cfg()["zope-conf"]
    options = {k: substitute(v, directory) for k, v in section.items() if k != "recipe"}
    options["generator"] = str(ROOT / "instance" / "generate.py")  # this checkout's templates
    buildout = {
        "buildout": {"directory": str(directory), "parts-directory": str(directory / "parts")}
    }
    part = ZopeConf(buildout, "zope-conf", options)
    assert (part.update if update else part.install)() == ()
    return options


@pytest.fixture
def buildout_dir(tmp_path):
    directory = tmp_path / "buildout"
    (directory / "parts" / "instance").mkdir(parents=True)
    # The instance part writes inituser (buildout.cfg's `user`) before this part runs.
    (directory / "parts" / "instance" / "inituser").write_text("admin:{SSHA}x\n")
    run_zope_conf_part(directory)
    return directory


def zope_settings(conf):
    options = ZopeWSGIOptions(str(conf))
    options.load_schema()
    options.load_configfile()
    return options.configroot


def settings(etc, instance, var):
    """Every setting the issue names, from zope.conf (as Zope reads it) and zope.ini, with the
    instance home and the data folder written as <instance> and <var>."""
    conf = zope_settings(etc / "zope.conf")
    [database] = conf.databases
    storage = database.config.storage
    ini = ConfigParser(interpolation=None)
    ini.read(etc / "zope.ini", encoding="utf-8")
    server = ini["server:main"]
    found = {
        "storage": type(storage).__name__,  # FileStorage, not BlobStorage around it
        "storage.path": storage.config.path,
        "storage.blob_dir": storage.config.blob_dir,
        "storage.read_only": storage.config.read_only,
        "cache_size": database.config.cache_size,
        "cache_size_bytes": database.config.cache_size_bytes,
        "mount_points": database.config.mount_points,
        "instancehome": conf.instancehome,
        "clienthome": conf.clienthome,
        "debug_mode": conf.debug_mode,
        "max_conflict_retries": conf.max_conflict_retries,
        "security_policy": conf.security_policy_implementation,
        "verbose_security": conf.verbose_security,
        "environment": conf.environment,
        "dos_protection": {
            key: getattr(conf.dos_protection, key)
            for key in ("form_memfile_limit", "form_memory_limit", "form_disk_limit")
        },
        "zope_conf": ini["app:zope"]["zope_conf"],
        "server": {
            key: server.get(key)
            for key in (
                "use",
                "threads",
                "inbuf_overflow",
                "recv_bytes",
                "max_request_body_size",
                "clear_untrusted_proxy_headers",
            )
        },
        "logs": [ini["handler_accesslog"]["args"], ini["handler_eventlog"]["args"]],
        "read_only_storage": zope_settings(etc / "zope-readonly.conf")
        .databases[0]
        .config.storage.config.read_only,
    }
    text = json.dumps(found, sort_keys=True, default=str)
    return json.loads(text.replace(str(var), "<var>").replace(str(instance), "<instance>"))


def test_buildout_gets_the_configuration_of_make_run(buildout_dir, tmp_path):
    """Issue 19.11: the same storage, blob handling, conflict retries, debug mode, environment,
    dos_protection, request body limit and TUS/TMP folders; only the places differ."""
    made = tmp_path / "made" / "instance"
    generate(instance=made)
    expected = settings(made / "etc", made, made / "var")
    instance = buildout_dir / "parts" / "instance"
    var = buildout_dir / "var"
    assert settings(instance / "etc", instance, var) == expected

    assert expected["storage"] == "FileStorage"
    assert expected["storage.path"] == "<var>/filestorage/Data.fs"
    assert expected["storage.blob_dir"] == "<var>/blobstorage"
    assert expected["debug_mode"] is False
    assert expected["max_conflict_retries"] == 10
    assert expected["environment"]["TMPDIR"] == "<var>/tmp"
    assert expected["environment"]["TUS_TMP_FILE_DIR"] == "<var>/tus-uploads"
    assert expected["dos_protection"]["form_disk_limit"] == 600 * 1024 * 1024
    assert expected["server"]["max_request_body_size"] == "629145600"
    assert expected["read_only_storage"] is True
    assert not re.search(r"^\s*<blobstorage", (instance / "etc" / "zope.conf").read_text(), re.M)
    for folder in ("filestorage", "blobstorage", "tmp", "tus-uploads", "log"):
        assert (var / folder).is_dir()
    assert not (instance / "var").exists()  # the instance part is emptied on reinstall


def test_buildout_cfg_serves_the_rendered_configuration():
    """The instance part runs Zope with the files the zope-conf part writes, not with a zope.conf
    of its own; the settings that only fed that zope.conf are gone, so nobody edits them in
    vain. The zope-conf part runs after the instance part (which empties parts/instance)."""
    cfg = buildout_cfg()
    instance = cfg["instance"]
    assert instance["recipe"] == "plone.recipe.zope2instance"
    assert instance["zope-conf"] == "${buildout:parts-directory}/instance/etc/zope.conf"
    assert instance["wsgi"] == "${buildout:parts-directory}/instance/etc/zope.ini"
    ignored = {
        "blob-storage",
        "file-storage",
        "environment-vars",
        "zope-conf-additional",
        "http-address",
        "max-request-body-size",
        "debug-mode",
        "zcml",
    }
    assert ignored.isdisjoint(instance)
    assert not any("${zope-conf:" in value for value in instance.values())
    parts = cfg["buildout"]["parts"].split()
    assert parts.index("instance") < parts.index("zope-conf")
    assert cfg["zope-conf"]["recipe"] == "proeve:zope-conf"
    assert "zope-conf = proeve.buildout:ZopeConf" in (ROOT / "setup.py").read_text()
    assert {"repozo", "zconsole"} <= set(cfg["tools"]["scripts"].split())
    assert {"${instance:eggs}", "Zope", "ZODB"} <= set(cfg["tools"]["eggs"].split())
    assert cfg["tools"]["interpreter"] == "zopepy"


def test_every_buildout_run_writes_the_configuration_again(buildout_dir):
    """A changed instance part is installed afresh (parts/instance emptied) while this part
    is only updated: the update writes the configuration as well."""
    etc = buildout_dir / "parts" / "instance" / "etc"
    shutil.rmtree(etc)
    run_zope_conf_part(buildout_dir, update=True)
    assert (etc / "zope.conf").exists()
    assert (etc / "zope-readonly.conf").exists()
    assert (etc / "zope.ini").exists()


# Backup, restore and the read-only configuration on the buildout layout.


def open_db(conf):
    """The database exactly as the configuration names it."""
    return zope_settings(conf).databases[0].config.storage.open()


def counter(conf):
    db = ZODB.DB(open_db(conf))
    try:
        root = db.open().root()
        return root["n"], root["file"].open().read()
    finally:
        db.close()


def commit(var, n):
    storage = FileStorage(str(var / "filestorage" / "Data.fs"), blob_dir=str(var / "blobstorage"))
    db = ZODB.DB(storage)
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
def backup(monkeypatch, buildout_dir):
    """scripts/backup.py with its inventory stood in for by one that reads a counter through
    the configuration it is given (the real one is a zconsole run on a Plone site)."""
    spec = importlib.util.spec_from_file_location("proeve_backup", ROOT / "scripts" / "backup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.confs = []

    def inventory(conf, action, path, site_id):
        module.confs.append(Path(conf))
        n, _data = counter(conf)
        if action == "--write":
            Path(path).write_text(json.dumps({"counts": {"n": n}, "problems": []}))
            return 0
        return 0 if json.loads(Path(path).read_text())["counts"]["n"] == n else 1

    module.inventory = inventory
    monkeypatch.delenv("PROEVE_JOURNAL_ANCHORS", raising=False)
    bin_dir = buildout_dir / "bin"  # buildout's bin/repozo (the tools part)
    bin_dir.mkdir()
    (bin_dir / "repozo").symlink_to(Path(sys.executable).parent / "repozo")
    return module


def test_backup_and_restore_on_the_buildout_layout(backup, buildout_dir, tmp_path, monkeypatch):
    """`scripts/backup.py --buildout DIR` (`make backup|restore LAYOUT=buildout`): the manifest is
    read through parts/instance/etc/zope-readonly.conf, repozo from DIR/bin backs up
    var/filestorage/Data.fs and the blobs of var/blobstorage; the restore moves them aside into
    var/, brings the point back, checks it through parts/instance/etc/zope.conf and sets the
    anchor file var/journal-anchors.log aside."""
    etc = buildout_dir / "parts" / "instance" / "etc"
    var = buildout_dir / "var"
    commit(var, 1)
    to = tmp_path / "backups"

    def main(*args):
        monkeypatch.setattr(sys, "argv", ["backup.py", *args, "--buildout", str(buildout_dir)])
        return backup.main()

    assert main("fs-backup", "--to", str(to)) == 0
    assert buildout_dir / "bin" == backup.BIN  # repozo and zconsole of the buildout
    assert backup.confs == [etc / "zope-readonly.conf"]
    [manifest] = (to / "fs").glob("manifest-*.json")
    assert json.loads(manifest.read_text())["counts"] == {"n": 1}
    assert len(list((to / "blobs").rglob("*.blob"))) == 1

    commit(var, 2)
    (var / "journal-anchors.log").write_text("anchors of the site before the restore\n")
    assert main("fs-restore", "--from", str(to)) == 0
    assert backup.confs[-1] == etc / "zope.conf"
    assert counter(etc / "zope.conf") == (1, b"file 1")
    [aside] = var.glob("before-restore-*")
    assert {"Data.fs", "blobstorage"} <= {p.name for p in aside.iterdir()}
    assert not (var / "journal-anchors.log").exists()
    assert list(var.glob("journal-anchors.log.before-restore-*"))
    assert not (buildout_dir / "parts" / "instance" / "var").exists()


def test_a_restore_refuses_while_the_buildout_instance_runs(backup, buildout_dir, tmp_path):
    """The lock looked for is the buildout's Data.fs, not one in parts/instance."""
    var = buildout_dir / "var"
    commit(var, 1)
    instance = buildout_dir / "parts" / "instance"
    to = tmp_path / "backups"
    assert backup.fs_backup(instance, to, "proeve") == 0
    running = ZODB.DB(open_db(instance / "etc" / "zope.conf"))
    try:
        with pytest.raises(SystemExit, match="Data.fs is in use"):
            backup.fs_restore(instance, to, "proeve")
    finally:
        running.close()
    assert not list(var.glob("before-restore-*"))


def test_the_read_only_configuration_reads_beside_the_running_buildout_instance(buildout_dir):
    """verify-journal's configuration on the buildout layout: it opens var/filestorage/Data.fs
    read-only while the serving process holds it (no lock error) and sees its commits."""
    etc = buildout_dir / "parts" / "instance" / "etc"
    commit(buildout_dir / "var", 1)
    running = ZODB.DB(open_db(etc / "zope.conf"))
    try:
        with running.transaction() as connection:
            connection.root()["n"] = 2
        assert counter(etc / "zope-readonly.conf")[0] == 2
    finally:
        running.close()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("backup", "bin/zopepy scripts/backup.py fs-backup --buildout "),
        ("restore", "bin/zopepy scripts/backup.py fs-restore --buildout "),
        (
            "verify-journal",
            "bin/zconsole run parts/instance/etc/zope-readonly.conf scripts/verify_journal.py",
        ),
    ],
)
def test_make_targets_take_the_buildout_layout(target, expected, tmp_path):
    """`make ... LAYOUT=buildout` runs with buildout's bin/ and parts/instance/etc, and neither
    sets up .venv nor writes a configuration of its own (make -n: nothing is run)."""
    conf = tmp_path / "zope.conf"
    conf.write_text("# written by bin/buildout\n")
    venv = tmp_path / "venv"
    command = ["make", "-n", "-C", ROOT, target, "LAYOUT=buildout", f"VENV={venv}", f"CONF={conf}"]
    planned = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert expected in planned
    assert str(venv) not in planned
    assert "generate.py" not in planned
    conf.unlink()
    missing = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "run bin/buildout" in missing  # a missing configuration is buildout's to write
    assert "generate.py" not in missing


def test_generate_keeps_the_make_layout_by_default(tmp_path):
    """Without --var the data stays in INSTANCE/var, as `make run` has it."""
    conf, _ini = generate(instance=tmp_path / "instance")
    assert zope_settings(conf).databases[0].config.storage.config.path == os.fspath(
        tmp_path / "instance" / "var" / "filestorage" / "Data.fs"
    )


def waitress_threads(ini):
    parser = ConfigParser(interpolation=None)
    parser.read(ini)
    return parser["server:main"]["threads"]


def test_two_waitress_threads_by_default_and_another_count_when_asked(tmp_path, monkeypatch):
    """Issue 22.5: on two cores two threads answered the soak sooner (p95 130 against 200 ms)
    and with about 80 MiB less than four, each thread being a connection with its own cache."""
    monkeypatch.delenv("ZOPE_THREADS", raising=False)
    _conf, ini = generate(instance=tmp_path / "default")
    assert waitress_threads(ini) == "2"
    _conf, ini = generate(instance=tmp_path / "argument", threads=6)
    assert waitress_threads(ini) == "6"
    monkeypatch.setenv("ZOPE_THREADS", "3")
    _conf, ini = generate(instance=tmp_path / "environment")
    assert waitress_threads(ini) == "3"


@pytest.mark.parametrize("threads", ["0", "65", "four", "2.5"])
def test_a_thread_count_that_is_not_one_to_64_writes_nothing(threads, tmp_path):
    with pytest.raises(SystemExit, match="1 to 64"):
        generate(instance=tmp_path / "instance", threads=threads)
    assert not (tmp_path / "instance" / "etc" / "zope.ini").exists()


@pytest.mark.parametrize("storage", ["filestorage", "relstorage"])
def test_each_connections_object_cache_is_bounded_in_bytes(storage, tmp_path):
    """Issue 22.5: ZODB's object cache per connection (one per waitress thread) holds at most
    64 MB of pickles besides 50,000 objects: a count alone lets a cache of large objects (a
    PvB is 7 KB of pickle) grow to gigabytes. docs/operations.md "Memory" has the figures."""
    conf, _ini = generate(storage, dsn="dbname=proeve", instance=tmp_path / "instance")
    [database] = zope_settings(conf).databases
    assert database.config.cache_size == 50000
    assert database.config.cache_size_bytes == 64 * 1024 * 1024


def environment_of(conf):
    return zope_settings(conf).environment


def test_front_body_settings_keep_their_key_and_are_off_by_default(tmp_path, monkeypatch):
    """Issue 22.4: with a front-body folder zope.conf names it and a key that nginx's
    configuration copies (etc/front-body.key, 0600); writing it again keeps the key."""
    monkeypatch.delenv("PROEVE_FRONT_BODY_DIR", raising=False)
    conf, _ini = generate(instance=tmp_path / "plain")
    assert "PROEVE_FRONT_BODY_DIR" not in environment_of(conf)
    assert not (tmp_path / "plain" / "etc" / "front-body.key").exists()

    bodies = tmp_path / "bodies"
    conf, _ini = generate(instance=tmp_path / "front", front_body_dir=bodies)
    key_file = tmp_path / "front" / "etc" / "front-body.key"
    key = key_file.read_text().strip()
    assert len(key) == 64
    assert key_file.stat().st_mode & 0o777 == 0o600
    environment = environment_of(conf)
    assert environment["PROEVE_FRONT_BODY_DIR"] == str(bodies.resolve())
    assert environment["PROEVE_FRONT_BODY_KEY"] == key
    assert bodies.is_dir()
    conf, _ini = generate(instance=tmp_path / "front", front_body_dir=bodies)
    assert environment_of(conf)["PROEVE_FRONT_BODY_KEY"] == key


def test_the_buildout_part_passes_threads_and_front_body_dir(tmp_path):
    directory = tmp_path / "buildout"
    (directory / "parts" / "instance").mkdir(parents=True)
    (directory / "parts" / "instance" / "inituser").write_text("admin:{SSHA}x\n")
    buildout = {
        "buildout": {"directory": str(directory), "parts-directory": str(directory / "parts")}
    }
    options = {"threads": "3", "front-body-dir": str(tmp_path / "bodies")}
    options["generator"] = str(ROOT / "instance" / "generate.py")
    ZopeConf(buildout, "zope-conf", options).install()
    etc = directory / "parts" / "instance" / "etc"
    assert environment_of(etc / "zope.conf")["PROEVE_FRONT_BODY_DIR"] == str(tmp_path / "bodies")
    parser = ConfigParser(interpolation=None)
    parser.read(etc / "zope.ini")
    assert parser["server:main"]["threads"] == "3"
