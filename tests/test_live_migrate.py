"""Issue 19.10: a FileStorage site moves to RelStorage on PostgreSQL (make migrate-to-pg).

A demo site on FileStorage with evidence uploaded over HTTP is migrated with
scripts/migrate_to_pg.py; a RelStorage server on the new database then serves the same PvB and
the same evidence bytes, the inventory is the same and the journal verifies. The migration
refuses a database that is not empty and a Data.fs in use by a running server.
Needs PostgreSQL as tests/test_live_storage.py does (PROEVE_REQUIRE_PG=1 makes it required).
"""

from pathlib import Path
from tests.live import Client
from tests.live import Instance
from tests.live import ROOT
from tests.test_live_storage import ELINE
from tests.test_live_storage import sha256
from tests.test_live_storage import tus_upload
import json
import os
import pytest
import shutil
import subprocess
import sys
import tempfile


pytestmark = pytest.mark.live
KiB = 1024


def migrate(instance, dsn):
    command = [sys.executable, ROOT / "scripts" / "migrate_to_pg.py", "--instance",
               instance.folder, "--dsn", dsn, "--port", "8099"]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True)


def served(client, pvb):
    """The PvB as the site serves it, and {evidence title: downloaded bytes}."""
    answer = client.get(f"++api++/{pvb}")
    assert answer.status_code == 200, answer.text
    data = answer.json()
    files = {}
    for item in data["items"]:
        if item["@type"] == "Evidence":
            download = client.get(f"{item['@id']}/@@download/file")
            assert download.status_code == 200, (item["@id"], download.status_code)
            files[item["title"]] = download.content
    page = {key: data.get(key) for key in ("UID", "@type", "review_state", "modified")}
    page["items"] = [(i["@id"].rsplit("/", 1)[1], i["title"]) for i in data["items"]]
    return page, files


def inventory_of(instance):
    code, output = instance.inventory()
    assert code == 0, output
    found = json.JSONDecoder().raw_decode(output)[0]
    return found["counts"], found["evidence"], found["journal"]["heads"]


@pytest.fixture
def folder():
    path = Path(tempfile.mkdtemp(prefix="proeve-migrate-"))
    yield path
    if not os.environ.get("PROEVE_KEEP_LIVE"):
        shutil.rmtree(path, ignore_errors=True)


def test_a_filestorage_site_moves_to_postgresql(postgresql, folder):
    site = Instance(folder)
    site.create_site()
    dsn = postgresql.createdb("migrate")
    uploads = {f"upload-{n}": os.urandom(300 * KiB + n) for n in range(2)}
    site.start()
    try:
        client = Client(site.url, "student-eline")
        for title, data in uploads.items():
            tus_upload(client, ELINE, data, title)
        before = served(Client(site.url, "examencie-vaart"), ELINE)
        # While the server holds the Data.fs: refused, nothing written.
        refused = migrate(site, dsn)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "Data.fs is in use" in refused.stderr
    finally:
        site.stop()
    assert {t: sha256(before[1][t]) for t in uploads} == {t: sha256(d) for t, d in uploads.items()}
    inventory_before = inventory_of(site)

    done = migrate(site, dsn)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "MIGRATION OK" in done.stdout
    assert "inventory OK" in done.stdout
    assert "journal OK" in done.stdout

    moved = Instance(folder, "relstorage", dsn=dsn)
    # Before it serves: every download below is journaled (evidence_downloaded).
    assert inventory_of(moved) == inventory_before
    moved.start()
    try:
        after = served(Client(moved.url, "examencie-vaart"), ELINE)
        assert after[0] == before[0]
        assert {t: sha256(d) for t, d in after[1].items()} == {
            t: sha256(d) for t, d in before[1].items()
        }
        verified = moved.zconsole(ROOT / "scripts" / "verify_journal.py", check=False)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "journal OK" in verified.stdout
        # The site goes on on PostgreSQL: a new upload is served as sent.
        extra = os.urandom(200 * KiB)
        tus_upload(Client(moved.url, "student-eline"), ELINE, extra, "after-migration")
        now = served(Client(moved.url, "examencie-vaart"), ELINE)[1]
        assert sha256(now["after-migration"]) == sha256(extra)
    finally:
        moved.stop()

    # Into a database that is not empty (this one now holds the site): refused, untouched.
    again = migrate(site, dsn)
    assert again.returncode == 2, again.stdout + again.stderr
    assert "the database is not empty" in again.stderr
    assert "zodbconvert" not in again.stdout + again.stderr
    assert inventory_of(moved)[0] == inventory_before[0] | {  # the upload above
        "Evidence": inventory_before[0]["Evidence"] + 1
    }


def test_refused_into_a_database_that_is_not_empty(postgresql, folder):
    import psycopg2

    site = Instance(folder)
    data_fs = folder / "var" / "filestorage" / "Data.fs"
    data_fs.write_bytes(b"FS21")
    dsn = postgresql.createdb("occupied")
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute("create table payroll (id integer)")
    done = migrate(site, dsn)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "REFUSED: the database is not empty: it holds 1 table(s)" in done.stderr
    assert "nothing was migrated" in done.stderr
    assert not list((folder / "var").glob("migrate-to-pg-*.json"))
    assert not (folder / "etc" / "zope-relstorage-8099.conf").exists()
    assert data_fs.read_bytes() == b"FS21"
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute("select tablename from pg_tables where schemaname = 'public'")
        assert cursor.fetchall() == [("payroll",)]
    # A database that cannot be reached: refused as well.
    done = migrate(site, f"{postgresql.admin_dsn} dbname=proeve_no_such_db")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "REFUSED: the database cannot be reached" in done.stderr
