"""Real servers on real storage: FileStorage, and RelStorage on PostgreSQL with two processes.

One instance per storage for this module (generated, site with demo data, started): the exam
process, a resumable upload, parallel approvals and uploads in one group, a backup restored
into a fresh instance, and SIGKILL during an upload and during a burst of approvals.

The PostgreSQL variant needs PostgreSQL (a throwaway cluster from /usr/lib/postgresql/*/bin,
or PROEVE_PG_DSN); without it, it is skipped, unless PROEVE_REQUIRE_PG=1 (CI), which fails.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from tests.live import Client
from tests.live import Instance
from tests.live import MailSink
from tests.live import ROOT
from tests.process_helpers import Process
from tusclient import client as tus
import base64
import hashlib
import itertools
import json
import os
import pytest
import re
import requests
import shutil
import subprocess
import sys
import tempfile
import threading


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
STUDENTS = {
    "kandidaat-0001": "student-sanne",
    "kandidaat-0002": "student-mo",
    "kandidaat-0003": "student-daan",
    "kandidaat-0004": "student-eline",
    "kandidaat-0005": "student-finn",
    "kandidaat-0006": "student-gijs",
}
ELINE = f"{GROUP}/kandidaat-0004/pvb-demo"  # in execution
BENCH = "scholen/roc-de-vaart/bench-0000"  # PvBs of benchmarks/generate.py, in preparation
KiB = 1024

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def mail():
    sink = MailSink()
    yield sink
    sink.shutdown()
    sink.server_close()


@pytest.fixture(scope="module", params=["filestorage", "postgresql"])
def live(request, mail):
    folder = Path(tempfile.mkdtemp(prefix="proeve-live-"))
    if request.param == "postgresql":
        cluster = request.getfixturevalue("postgresql")
        instance = Instance(folder, "relstorage", dsn=cluster.createdb(), processes=2)
        instance.cluster = cluster
    else:
        instance = Instance(folder)
    try:
        instance.create_site()
        instance.zconsole(
            ROOT / "tests" / "live_setup.py",
            env={"PROEVE_TEST_SMTP_PORT": str(mail.port), "PROEVE_TEST_BENCH_PVBS": "16"},
        )
        instance.start()
        yield instance
    finally:
        instance.stop()
        if not os.environ.get("PROEVE_KEEP_LIVE"):  # keep it to read its logs
            shutil.rmtree(folder, ignore_errors=True)


def factory(live):
    """Sessions for Process, each on the next process (round robin, as a load balancer)."""
    urls = itertools.cycle(live.urls)
    return lambda basic_auth: Client(next(urls), basic_auth[0])


def bench_pvbs(live):
    """The 16 PvBs tests/live_setup.py made in the group bench-0000."""
    client = Client(live.url, "platformbeheer")
    found = []
    for candidate in client.get(f"++api++/{BENCH}").json()["items"]:
        path = candidate["@id"].split(f"/{BENCH}/", 1)[1]
        items = client.get(f"++api++/{BENCH}/{path}").json()["items"]
        found += [f"{BENCH}/{path}/{i['@id'].rsplit('/', 1)[1]}" for i in items]
    assert len(found) == 16, found
    return found


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def evidence_by_title(live, pvb):
    """{title: sha256 of the downloaded file} of a PvB's evidence, read over HTTP."""
    client = Client(live.urls[-1], "examencie-vaart")
    items = client.get(f"++api++/{pvb}").json()["items"]
    found = {}
    for item in items:
        if item["@type"] != "Evidence":
            continue
        download = client.get(f"{item['@id']}/@@download/file")
        assert download.status_code == 200, (item["@id"], download.status_code)
        found.setdefault(item["title"], []).append(sha256(download.content))
    return found


def stray_blob_files(live):
    """Blob files without a committed record (None where blobs live in the database)."""
    code, output = live.inventory()
    found = re.search(r"stray blob files \(.*?\): (\d+)", output)
    return int(found.group(1)) if found else None


def assert_inventory_clean(live):
    code, output = live.inventory()
    assert code == 0, output
    assert "inventory OK" in output


# The TUS protocol by hand: every acknowledgement is seen and kept.
def tus_create(client, pvb, length, title):
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in (("filename", f"{title}.bin"), ("title", title))
    )
    response = client.post(
        f"{pvb}/@tus-upload",
        headers={"Tus-Resumable": "1.0.0", "Upload-Length": str(length), "Upload-Metadata": meta},
    )
    assert response.status_code == 201, response.text
    return response.headers["Location"]


def tus_patch(client, url, offset, data):
    return client.patch(
        url,
        data=data,
        headers={
            "Tus-Resumable": "1.0.0",
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": str(offset),
        },
    )


def tus_offset(client, url):
    response = client.head(url, headers={"Tus-Resumable": "1.0.0"})
    assert response.status_code in (200, 204), response.status_code
    return int(response.headers["Upload-Offset"])


def tus_upload(client, pvb, data, title, chunk=128 * KiB):
    url = tus_create(client, pvb, len(data), title)
    for offset in range(0, len(data), chunk):
        response = tus_patch(client, url, offset, data[offset : offset + chunk])
        assert response.status_code == 204, response.text
    return url


def test_exam_process_walk_to_the_result(live):
    process = Process(factory(live))
    process.to_closed()
    actions = process.actions()
    assert actions.count("approved") == 3
    assert process.journal()["verified"] is True
    # Every process sees the result (RelStorage: the other process's cache is invalidated).
    for url in live.urls:
        dossier = Client(url, "examencie-vaart").get(f"{process.path}/@dossier").json()
        assert dossier["phase"] == "closed"


def test_resumable_upload_with_tuspy(live, tmp_path):
    source = tmp_path / "video.mp4"
    source.write_bytes(os.urandom(900 * KiB))
    headers = {
        "Authorization": "Basic " + base64.b64encode(b"student-eline:proeve-demo").decode(),
        "Accept": "application/json",
    }
    uploader = tus.TusClient(f"{live.urls[-1]}/{ELINE}/@tus-upload", headers=headers).uploader(
        str(source), chunk_size=256 * KiB, metadata={"filename": "video.mp4", "title": "tuspy"}
    )
    uploader.upload(stop_at=256 * KiB)
    # The rest through the other process (RelStorage) after a "reconnect".
    headers_url = f"{live.url}/{ELINE}/@tus-upload"
    resumed = tus.TusClient(headers_url, headers=headers).uploader(
        str(source), chunk_size=256 * KiB, url=uploader.url.replace(live.urls[-1], live.url)
    )
    assert resumed.offset == 256 * KiB
    resumed.upload()
    assert evidence_by_title(live, ELINE)["tuspy"] == [sha256(source.read_bytes())]
    assert_inventory_clean(live)


def test_backup_restores_into_a_fresh_instance(live):
    """scripts/backup.py against the running site; the restore is checked on its manifest."""
    backup = Path(tempfile.mkdtemp(prefix="proeve-backup-"))
    fresh = Path(tempfile.mkdtemp(prefix="proeve-restore-"))
    script = [sys.executable, ROOT / "scripts" / "backup.py"]
    try:
        if live.storage == "filestorage":
            subprocess.run(
                [*script, "fs-backup", "--instance", live.folder, "--to", backup],
                check=True, capture_output=True,
            )  # fmt: skip
            target = Instance(fresh)
            restore = [*script, "fs-restore", "--instance", fresh, "--from", backup]
        else:
            dsn = live.confs[0].read_text().split("dsn ", 1)[1].splitlines()[0]
            subprocess.run(
                [*script, "pg-backup", "--conf", live.confs[0], "--dsn", dsn, "--to", backup],
                check=True, capture_output=True,
            )  # fmt: skip
            fresh_dsn = live.cluster.createdb("restore")
            target = Instance(fresh, "relstorage", dsn=fresh_dsn)
            restore = [*script, "pg-restore", "--conf", target.confs[0], "--dsn", fresh_dsn,
                       "--from", backup]  # fmt: skip
        manifest = json.loads((backup / "manifest.json").read_text())
        # The manifest holds the file uploaded with tuspy, byte for byte.
        uploaded = evidence_by_title(live, ELINE)["tuspy"][0]
        assert uploaded in {e["sha256"] for e in manifest["evidence"].values()}
        assert manifest["counts"]["PvB"] == 8 + 6 + 16  # 8 in the demo (one a keuzedeel exam)
        done = subprocess.run(restore, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "restore checked against the manifest: OK" in done.stdout
        if live.storage == "postgresql":
            # Into the live database, under its running processes: refused, nothing touched.
            into_live = [*script, "pg-restore", "--conf", live.confs[0], "--dsn", dsn,
                         "--from", backup]  # fmt: skip
            refused = subprocess.run(into_live, capture_output=True, text=True)
            assert refused.returncode == 2, refused.stdout + refused.stderr
            assert "REFUSED" in refused.stderr
            assert "pg_restore" not in refused.stdout
            assert live.clients("student-sanne")[0].get(ELINE).status_code == 200
        code, output = target.inventory("--check", backup / "manifest.json", "--exact")
        assert code == 0, output

        # A damaged backup is caught: one evidence file changed after the manifest.
        manifest["evidence"][next(iter(manifest["evidence"]))]["sha256"] = "0" * 64
        (backup / "manifest.json").write_text(json.dumps(manifest))
        code, output = target.inventory("--check", backup / "manifest.json")
        assert code == 1
        assert "differs from the manifest" in output
    finally:
        shutil.rmtree(backup, ignore_errors=True)
        shutil.rmtree(fresh, ignore_errors=True)


def test_the_journal_is_verified_beside_the_running_site(live):
    """Issue 19.9: the check that cron runs reads the live database while the site serves
    (FileStorage opened read-only, RelStorage as a further reader)."""
    done = live.zconsole(
        ROOT / "scripts" / "verify_journal.py",
        read_only=live.storage == "filestorage",
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "journal OK" in done.stdout


def test_sigkill_during_an_upload_loses_nothing_acknowledged(live):
    client = Client(live.urls[-1], "student-eline")
    chunk = 128 * KiB
    files = [os.urandom(2 * 1024 * KiB + n) for n in range(6)]
    acknowledged = {}  # title -> (url, offset acknowledged, finished)
    midway = threading.Event()

    def upload_all():
        try:
            for n, data in enumerate(files):
                title = f"crash-{live.starts}-{n}"
                url = tus_create(client, ELINE, len(data), title)
                acknowledged[title] = (url, 0, False)
                for offset in range(0, len(data), chunk):
                    response = tus_patch(client, url, offset, data[offset : offset + chunk])
                    assert response.status_code == 204, response.text
                    end = offset + len(data[offset : offset + chunk])
                    acknowledged[title] = (url, end, end == len(data))
                    if n == 2 and end >= 3 * chunk:
                        midway.set()
        except (requests.RequestException, AssertionError):
            return  # the server is gone
        finally:
            midway.set()

    uploader = threading.Thread(target=upload_all)
    uploader.start()
    midway.wait(300)
    live.kill()
    uploader.join(120)
    live.start()

    titles = {title: n for n, title in enumerate(f"crash-{live.starts - 1}-{n}" for n in range(6))}
    finished = [t for t, (_, _, done) in acknowledged.items() if done]
    unfinished = [t for t, (_, _, done) in acknowledged.items() if not done]
    assert len(finished) >= 2, acknowledged
    assert unfinished, acknowledged
    found = evidence_by_title(live, ELINE)
    for title in finished:
        assert found[title] == [sha256(files[titles[title]])]
    for title in unfinished:
        url, offset, _ = acknowledged[title]
        data = files[titles[title]]
        if title in found:  # its last chunk was committed, the answer lost: the file is whole
            assert found[title] == [sha256(data)]
            continue
        # Every acknowledged byte is still there; the upload goes on where it stopped.
        position = tus_offset(client, url)
        assert offset <= position <= len(data)
        while position < len(data):
            response = tus_patch(client, url, position, data[position : position + chunk])
            assert response.status_code == 204, response.text
            position = int(response.headers["Upload-Offset"])
    found = evidence_by_title(live, ELINE)
    for title in acknowledged:
        assert found[title] == [sha256(files[titles[title]])]
    # No evidence of this run without a file, half a file or its journal entry.
    assert set(found) >= set(acknowledged)
    assert_inventory_clean(live)


def test_sigkill_during_a_burst_of_approvals(live):
    clients = {login: live.clients(login) for login in ("docent-vaart", "praktijk-jansen")}
    acknowledged = set()
    lock = threading.Lock()
    enough = threading.Event()

    def approve(job):
        n, (pvb, login) = job
        client = clients[login][n % len(clients[login])]
        try:
            content_hash = client.get(f"{pvb}/@dossier").json()["content_hash"]
            response = client.post(f"{pvb}/@approve", json={"content_hash": content_hash})
        except (requests.RequestException, ValueError):
            return
        if response.status_code == 201:
            with lock:
                acknowledged.add((pvb, login))
                if len(acknowledged) >= 8:
                    enough.set()

    pvbs = bench_pvbs(live)
    jobs = list(enumerate((pvb, login) for pvb in pvbs for login in clients))
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(approve, job) for job in jobs]
        enough.wait(300)
        live.kill()
    for future in futures:
        future.result()
    assert 8 <= len(acknowledged) < len(jobs)
    live.start()

    make = factory(live)
    for pvb in pvbs:
        process = Process(make, pvb)
        signed = {a["userid"] for a in process.dossier("platformbeheer")["approvals"]}
        journaled = [e for e in process.journal()["items"] if e["action"] == "approved"]
        # Acknowledged is kept; a signature and its journal entry go together or not at all.
        assert {login for p, login in acknowledged if p == pvb} <= signed
        assert sorted(e["actor"] for e in journaled) == sorted(signed)
    assert_inventory_clean(live)
    # The approvals that got no answer can simply be given again.
    for pvb, login in (job for _, job in jobs):
        if (pvb, login) not in acknowledged:
            client = make((login, None))
            content_hash = client.get(f"{pvb}/@dossier").json()["content_hash"]
            response = client.post(f"{pvb}/@approve", json={"content_hash": content_hash})
            assert response.status_code in (201, 409), response.text


def test_parallel_approvals_and_uploads_in_one_group(live, mail):
    """Different PvBs of one group at once: every request succeeds, mail and journal once.

    The uploads conflict on the journal and are retried; every committed evidence keeps its
    blob file (on FileStorage this lost files until the configuration dropped ZODB's
    <blobstorage> wrapper, see tests/test_blob_storage.py).
    """
    pvbs = {f"{GROUP}/{c}/pvb-extra": student for c, student in STUDENTS.items()}
    make = factory(live)
    sent_before = len(mail.received())
    stray_before = stray_blob_files(live)

    def approve(pvb, login):
        client = make((login, None))
        content_hash = client.get(f"{pvb}/@dossier").json()["content_hash"]
        return client.post(f"{pvb}/@approve", json={"content_hash": content_hash})

    jobs = [
        (pvb, login)
        for pvb, student in pvbs.items()
        for login in (student, "docent-vaart", "praktijk-jansen")
    ]
    with ThreadPoolExecutor(9) as pool:
        answers = list(pool.map(lambda job: approve(*job), jobs))
    assert [a.status_code for a in answers] == [201] * len(jobs), [a.text for a in answers]

    # Each PvB went to establishment once, and its vaststeller got one message about it.
    messages = mail.received()[sent_before:]
    for pvb in pvbs:
        process = Process(make, pvb)
        assert process.phase() == "establishment"
        actions = process.actions()
        assert actions.count("approved") == 3, actions
        assert actions.count("transition") == 1, actions
        about = [m for m in messages if f"/proeve/{pvb}" in m.get_content()]
        assert [m["To"] for m in about] == ["vaststeller-vaart@demo.proeve.invalid"]

    with ThreadPoolExecutor(6) as pool:
        answers = list(
            pool.map(
                lambda pvb: make(("vaststeller-vaart", None)).post(f"{pvb}/@workflow/establish"),
                pvbs,
            )
        )
    assert [a.status_code for a in answers] == [200] * len(pvbs), [a.text for a in answers]

    # Every candidate uploads at the same time, to their own PvB, in chunks; twice.
    files = {(pvb, n): os.urandom(300 * KiB + n) for pvb in pvbs for n in range(2)}
    for n in range(2):
        with ThreadPoolExecutor(6) as pool:
            list(
                pool.map(
                    lambda pvb, n=n: tus_upload(
                        make((pvbs[pvb], None)), pvb, files[(pvb, n)], f"parallel-{n}"
                    ),
                    pvbs,
                )
            )
    for pvb in pvbs:
        found = evidence_by_title(live, pvb)
        assert found == {f"parallel-{n}": [sha256(files[(pvb, n)])] for n in range(2)}
        assert Process(make, pvb).actions().count("evidence_uploaded") == 2
    assert_inventory_clean(live)
    # Uploads retried after a conflict left none of their blob files behind.
    assert stray_blob_files(live) == stray_before
