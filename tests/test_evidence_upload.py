"""Evidence at scale: resumable TUS uploads, limits on every path, safe downloads."""

from proeve.demo.users import DEMO_PASSWORD
from tusclient import client as tus
from tusclient.exceptions import TusCommunicationError
from tusclient.exceptions import TusUploadFailed
from urllib.parse import urlsplit
import base64
import functools
import hashlib
import os
import pytest
import re
import requests
import socket
import time
import transaction


# A session: connections are reused, and no call goes without the default timeout.
HTTP = requests.Session()
HTTP.request = functools.partial(HTTP.request, timeout=120)
ELINE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"  # in execution
FINN = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0005/pvb-demo"  # in assessment


def auth_header(login):
    token = base64.b64encode(f"{login}:{DEMO_PASSWORD}".encode()).decode()
    # plone.rest answers services to requests that accept JSON.
    return {"Authorization": f"Basic {token}", "Accept": "application/json"}


@pytest.fixture
def portal_url(functional_portal):
    return functional_portal.absolute_url()


@pytest.fixture
def source(tmp_path):
    """A file of 700 kB with varying bytes (so a misplaced chunk changes the digest)."""
    path = tmp_path / "video.mp4"
    path.write_bytes(os.urandom(700_000))
    return path


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def tus_headers(login):
    return {**auth_header(login), "Tus-Resumable": "1.0.0"}


def uploader(portal_url, path, login="student-eline", pvb=ELINE, url=None, **metadata):
    client = tus.TusClient(f"{portal_url}/{pvb}/@tus-upload", headers=auth_header(login))
    metadata = {"filename": path.name, "title": "Video van de installatie", **metadata}
    return client.uploader(str(path), chunk_size=128 * 1024, metadata=metadata, url=url)


def evidence_items(portal, pvb=ELINE):
    """Evidence added during this test (the demo PvBs bring some of their own)."""
    portal._p_jar.sync()
    return [
        o
        for o in portal.unrestrictedTraverse(pvb).objectValues()
        if o.portal_type == "Evidence" and o.getId() not in DEMO_EVIDENCE.get(pvb, ())
    ]


DEMO_EVIDENCE = {}


@pytest.fixture(autouse=True)
def _demo_evidence(functional_portal):
    for pvb in (ELINE, FINN):
        DEMO_EVIDENCE[pvb] = set(functional_portal.unrestrictedTraverse(pvb).objectIds())


def upload_files():
    from proeve.evidence.resumable import upload_folder

    return sorted(n for n in os.listdir(upload_folder()) if n.startswith("proeve_upload_"))


def drop_connection_mid_chunk(url, login, offset, data):
    """Send a PATCH whose body stops halfway, then hang up (a dropped school uplink)."""
    parts = urlsplit(url)
    head = (
        f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Authorization: {auth_header(login)['Authorization']}\r\nAccept: application/json\r\n"
        "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Upload-Offset: {offset}\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(head.encode() + data[: len(data) // 2])
    time.sleep(0.3)


class TestResumableUpload:
    def test_upload_with_a_standard_client_stores_the_exact_file(
        self, functional_portal, portal_url, source, request_factory
    ):
        before = upload_files()
        upload = uploader(portal_url, source, criteria='["1.1", "1.2"]')
        upload.upload()
        (evidence,) = evidence_items(functional_portal)
        stored = evidence.file
        assert stored.filename == "video.mp4"
        assert evidence.criteria == ["1.1", "1.2"]
        assert sha256(stored.data) == sha256(source.read_bytes())
        # The bytes on disk are gone once the evidence is committed.
        assert upload_files() == before
        journal = request_factory(basic_auth=("examencie-vaart", DEMO_PASSWORD)).get(
            f"{ELINE}/@journal"
        )
        uploaded = [e for e in journal.json()["items"] if e["action"] == "evidence_uploaded"]
        assert uploaded[-1]["details"]["sha256"] == sha256(source.read_bytes())
        assert uploaded[-1]["details"]["size"] == 700_000

    def test_an_interrupted_upload_resumes_where_it_stopped(
        self, functional_portal, portal_url, source
    ):
        first = uploader(portal_url, source)
        first.upload(stop_at=256 * 1024)
        assert first.offset == 256 * 1024
        data = source.read_bytes()
        drop_connection_mid_chunk(first.url, "student-eline", first.offset, data[first.offset :])
        # A new client (say, after a reboot) asks the server where to go on.
        second = uploader(portal_url, source, url=first.url)
        assert second.offset == 256 * 1024
        second.upload()
        (evidence,) = evidence_items(functional_portal)
        assert sha256(evidence.file.data) == sha256(data)

    def test_a_wrong_offset_is_refused_with_the_right_one(self, portal_url, source):
        upload = uploader(portal_url, source)
        upload.upload(stop_at=128 * 1024)
        response = HTTP.patch(
            upload.url,
            data=b"x" * 10,
            headers={
                **auth_header("student-eline"),
                "Tus-Resumable": "1.0.0",
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": "5",
            },
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "offset_mismatch"
        assert response.headers["Upload-Offset"] == str(128 * 1024)

    def test_only_the_uploader_can_continue_or_see_an_upload(self, portal_url, source):
        upload = uploader(portal_url, source)
        upload.upload(stop_at=128 * 1024)
        with pytest.raises(TusCommunicationError):
            uploader(portal_url, source, login="docent-vaart", url=upload.url)

    def test_a_write_conflict_on_the_last_chunk_loses_nothing(
        self, functional_portal, portal_url, source, monkeypatch
    ):
        from proeve.services.evidence_upload.tus import EvidenceUploadChunk
        from ZODB.POSException import ConflictError

        original = EvidenceUploadChunk.finish
        attempts = []

        def finish_then_conflict(self, upload):
            evidence = original(self, upload)
            attempts.append(self.request.retry_count)
            if len(attempts) == 1:

                def conflict():
                    raise ConflictError("simulated conflict at commit")

                transaction.get().addBeforeCommitHook(conflict)
            return evidence

        monkeypatch.setattr(EvidenceUploadChunk, "finish", finish_then_conflict)
        uploader(portal_url, source).upload()
        assert attempts == [0, 1]
        (evidence,) = evidence_items(functional_portal)
        assert sha256(evidence.file.data) == sha256(source.read_bytes())
        from proeve.journal.store import chain_for

        chain = chain_for(functional_portal.unrestrictedTraverse(ELINE))
        uploads = [e for e in chain if e["action"] == "evidence_uploaded"]
        mine = [e for e in uploads if e["object"].rsplit("/", 1)[1] == evidence.getId()]
        assert len(mine) == 1
        assert mine[0]["details"]["sha256"] == sha256(source.read_bytes())

    def test_a_crash_between_the_last_write_and_the_commit_loses_nothing(
        self, functional_portal, portal_url, source, monkeypatch
    ):
        """All bytes on disk, no evidence: the server reports the last byte as missing, so
        the client resumes and its last chunk makes the evidence after all."""
        from proeve.services.evidence_upload.tus import EvidenceUploadChunk

        original = EvidenceUploadChunk.finish

        def crash(self, upload):
            raise RuntimeError("the server stops here")

        monkeypatch.setattr(EvidenceUploadChunk, "finish", crash)
        first = uploader(portal_url, source)
        with pytest.raises(TusUploadFailed):
            first.upload()
        assert evidence_items(functional_portal) == []
        monkeypatch.setattr(EvidenceUploadChunk, "finish", original)
        second = uploader(portal_url, source, url=first.url)
        assert second.offset == 700_000 - 1
        second.upload()
        (evidence,) = evidence_items(functional_portal)
        assert sha256(evidence.file.data) == sha256(source.read_bytes())
        # Done is done: the upload is gone, and asking again says so.
        assert HTTP.head(first.url, headers=tus_headers("student-eline")).status_code == 404

    def test_an_unfinished_upload_lasts_at_least_a_day(self, portal_url, source):
        from proeve.evidence.resumable import ResumableUpload

        upload = uploader(portal_url, source)
        upload.upload(stop_at=128 * 1024)
        stored = ResumableUpload.find(upload.url.rsplit("/", 1)[1])
        day_ago = time.time() - 25 * 3600
        for path in (stored.path, stored.meta_path):
            os.utime(path, (day_ago, day_ago))
        assert uploader(portal_url, source, url=upload.url).offset == 128 * 1024
        three_days_ago = time.time() - 72 * 3600
        for path in (stored.path, stored.meta_path):
            os.utime(path, (three_days_ago, three_days_ago))
        with pytest.raises(TusCommunicationError):
            uploader(portal_url, source, url=upload.url)


class TestLimitsOnEveryPath:
    @pytest.fixture
    def small_limit(self, functional_portal):
        from plone import api

        api.portal.set_registry_record("proeve.evidence_max_bytes", 500_000)
        transaction.commit()

    def test_tus_refuses_a_declared_length_over_the_limit(
        self, small_limit, functional_portal, portal_url, source
    ):
        before = upload_files()
        with pytest.raises(TusCommunicationError) as refused:
            uploader(portal_url, source).upload()
        assert refused.value.status_code == 413
        assert b"hoogstens 0.5 MB; dit bestand is 0.7 MB" in refused.value.response_content
        assert upload_files() == before
        assert evidence_items(functional_portal) == []

    def test_tus_refuses_more_bytes_than_declared(self, functional_portal, portal_url, tmp_path):
        created = HTTP.post(
            f"{portal_url}/{ELINE}/@tus-upload",
            headers={
                **auth_header("student-eline"),
                "Tus-Resumable": "1.0.0",
                "Upload-Length": "100",
            },
        )
        assert created.status_code == 201
        response = HTTP.patch(
            created.headers["Location"],
            data=iter([b"x" * 80, b"y" * 80]),  # chunked: no Content-Length to check up front
            headers={
                **auth_header("student-eline"),
                "Tus-Resumable": "1.0.0",
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": "0",
            },
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "evidence_too_big"
        assert created.headers["Location"].rsplit("/", 1)[1] not in "".join(upload_files())
        assert evidence_items(functional_portal) == []

    def test_a_form_upload_over_the_limit_is_refused_and_leaves_nothing(
        self, small_limit, functional_portal, portal_url
    ):
        session = requests.Session()
        session.auth = ("student-eline", DEMO_PASSWORD)
        form = session.get(f"{portal_url}/{ELINE}/++add++Evidence")
        assert form.status_code == 200

        field = re.search(r'<input[^>]*name="_authenticator"[^>]*>', form.text).group(0)
        token = re.search(r'value="([^"]+)"', field).group(1)
        response = session.post(
            f"{portal_url}/{ELINE}/++add++Evidence",
            data={
                "form.widgets.IBasic.title": "Te groot",
                "form.buttons.save": "Opslaan",
                "_authenticator": token,
            },
            files={"form.widgets.file": ("groot.bin", b"x" * 600_000)},
        )
        assert response.status_code == 200
        assert "hoogstens" in response.text
        assert evidence_items(functional_portal) == []

    def test_a_body_over_the_limit_is_refused_before_it_is_read(
        self, small_limit, functional_portal, portal_url
    ):
        response = HTTP.post(
            f"{portal_url}/{ELINE}/++add++Evidence",
            auth=("student-eline", DEMO_PASSWORD),
            files={"form.widgets.file": ("groot.bin", b"x" * 1_700_000)},
        )
        assert response.status_code == 413, response.text[:3000]
        assert "te groot" in response.text
        assert evidence_items(functional_portal) == []

    def test_a_json_body_over_32_mib_is_refused_before_it_is_read(
        self, functional_portal, portal_url
    ):
        body = b'{"@type": "Evidence", "title": "te groot", "file": {"data": "' + b"A" * (33 << 20)
        response = HTTP.post(
            f"{portal_url}/++api++/{ELINE}",
            auth=("student-eline", DEMO_PASSWORD),
            data=body + b'"}}',
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "body_too_big"
        assert "@tus-upload" in response.json()["error"]["message"]
        assert evidence_items(functional_portal) == []

    def test_no_evidence_after_assessment_has_started(self, functional_portal, portal_url, source):
        response = HTTP.post(
            f"{portal_url}/{FINN}/@tus-upload",
            headers={
                **auth_header("student-finn"),
                "Tus-Resumable": "1.0.0",
                "Upload-Length": "10",
            },
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "evidence_closed"
        rest = HTTP.post(
            f"{portal_url}/++api++/{FINN}",
            auth=("student-finn", DEMO_PASSWORD),
            json={
                "@type": "Evidence",
                "title": "Te laat",
                "file": {"data": "eA==", "encoding": "base64", "filename": "x.txt"},
            },
        )
        assert rest.status_code in (401, 403)
        form = HTTP.get(
            f"{portal_url}/{FINN}/++add++Evidence", auth=("student-finn", DEMO_PASSWORD)
        )
        assert form.status_code in (401, 403) or "insufficient-privileges" in form.url
        assert evidence_items(functional_portal, FINN) == []

    def test_an_upload_started_in_execution_cannot_finish_in_assessment(
        self, functional_portal, portal_url, source
    ):
        upload = uploader(portal_url, source)
        upload.upload(stop_at=128 * 1024)
        started = HTTP.post(
            f"{portal_url}/++api++/{ELINE}/@workflow/start_assessment",
            auth=("docent-vaart", DEMO_PASSWORD),
        )
        assert started.status_code == 200, started.text
        with pytest.raises(TusUploadFailed) as refused:
            uploader(portal_url, source, url=upload.url).upload()
        assert getattr(refused.value, "status_code", None) == 409
        assert evidence_items(functional_portal) == []


class TestSafeDownloads:
    def add(self, request_factory, filename, data, content_type):
        response = request_factory(basic_auth=("student-eline", DEMO_PASSWORD)).post(
            ELINE,
            json={
                "@type": "Evidence",
                "title": "Bewijs",
                "file": {
                    "data": base64.b64encode(data).decode(),
                    "encoding": "base64",
                    "filename": filename,
                    "content-type": content_type,
                },
            },
        )
        assert response.status_code == 201, response.text
        return response.json()["@id"].split("/plone/", 1)[1]

    def test_a_file_sent_as_json_is_on_disk_before_the_answer(
        self, request_factory, functional_portal, monkeypatch
    ):
        from proeve.evidence import durability

        synced = []
        real_fsync = os.fsync
        monkeypatch.setattr(
            durability.os, "fsync", lambda fd: synced.append(os.fstat(fd).st_ino) or real_fsync(fd)
        )
        path = self.add(request_factory, "foto.jpg", os.urandom(5000), "image/jpeg")
        functional_portal._p_jar.sync()
        stored = functional_portal.unrestrictedTraverse(path).file._blob.committed()
        assert synced == [os.stat(stored).st_ino]

    def test_a_hostile_file_name_is_made_safe(self, request_factory, functional_portal):
        path = self.add(request_factory, '..\\..\\evil";x=1 <script>.html', b"<p>", "text/html")
        portal_url = functional_portal.absolute_url()
        response = HTTP.get(
            f"{portal_url}/{path}/@@download/file", auth=("docent-vaart", DEMO_PASSWORD)
        )
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment")
        functional_portal._p_jar.sync()
        stored = functional_portal.unrestrictedTraverse(path).file.filename
        assert stored == "evil_x=1 _script.html"
        assert disposition == "attachment; filename*=UTF-8''evil_x%3D1%20_script.html"

    @pytest.mark.parametrize(
        ("filename", "content_type"),
        [
            ("page.html", "text/html"),
            ("plaatje.svg", "image/svg+xml"),
            ("code.js", "application/javascript"),
        ],
    )
    def test_files_that_could_run_in_a_browser_are_never_shown_inline(
        self, request_factory, functional_portal, filename, content_type
    ):
        path = self.add(request_factory, filename, b"<script>alert(1)</script>", content_type)
        url = f"{functional_portal.absolute_url()}/{path}/@@display-file/file"
        response = HTTP.get(url, auth=("docent-vaart", DEMO_PASSWORD))
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    def test_a_range_request_returns_exactly_those_bytes(self, request_factory, functional_portal):
        data = os.urandom(100_000)
        path = self.add(request_factory, "film.mp4", data, "video/mp4")
        url = f"{functional_portal.absolute_url()}/{path}/@@download/file"
        response = HTTP.get(
            url, auth=("docent-vaart", DEMO_PASSWORD), headers={"Range": "bytes=5000-5999"}
        )
        assert response.status_code == 206
        assert response.content == data[5000:6000]
        assert response.headers["Content-Range"] == "bytes 5000-5999/100000"
        tail = HTTP.get(url, auth=("docent-vaart", DEMO_PASSWORD), headers={"Range": "bytes=-10"})
        assert tail.content == data[-10:]
        journal = request_factory(basic_auth=("examencie-vaart", DEMO_PASSWORD)).get(
            f"{ELINE}/@journal"
        )
        downloads = [e for e in journal.json()["items"] if e["action"] == "evidence_downloaded"]
        assert downloads[-2]["actor"] == "docent-vaart"
        assert downloads[-2]["details"]["range"] == "bytes=5000-5999"
        assert downloads[-2]["details"]["sha256"] == sha256(data)

    def test_a_whole_download_is_the_blob_file_itself(self, request_factory, functional_portal):
        """Handed to waitress as a file (sent from it), not as an iterator it buffers."""
        from plone.namedfile.utils import filestream_range_iterator
        from proeve.browser.download import as_file
        from ZPublisher.Iterators import filestream_iterator

        data = os.urandom(3_000_000)
        path = self.add(request_factory, "film.mp4", data, "video/mp4")
        url = f"{functional_portal.absolute_url()}/{path}/@@download/file"
        response = HTTP.get(url, auth=("docent-vaart", DEMO_PASSWORD))
        assert response.status_code == 200
        assert response.content == data
        functional_portal._p_jar.sync()
        committed = functional_portal.unrestrictedTraverse(path).file._blob.committed()
        whole = as_file(filestream_range_iterator(committed, "rb"))
        with whole:
            assert isinstance(whole, filestream_iterator)
            assert whole.read() == data
        part = filestream_range_iterator(committed, "rb", start=10, end=20)
        assert as_file(part) is part
        part.close()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\foto.JPG", "foto.JPG"),
        ("  .verborgen.txt ", "verborgen.txt"),
        ('a"b<c>d|e?.pdf', "a_b_c_d_e.pdf"),
        ("CON.txt", "_CON.txt"),
        ("\x00\x1f", "bestand"),
        ("", "bestand"),
        ("é" * 300 + ".mov", "é" * 116 + ".mov"),
    ],
)
def test_safe_filename(name, expected):
    from proeve.evidence.filenames import safe_filename

    assert safe_filename(name) == expected


class TestFormUpload:
    @pytest.mark.parametrize("size", [300_000, 2_000])
    def test_the_form_streams_the_file_into_the_blob(
        self, functional_portal, portal_url, request_factory, monkeypatch, size
    ):
        """Never the whole file as bytes in memory, and never through Python in 64 KiB
        blocks: a spooled part is copied by the kernel and hashed beside the copy (a small
        part that multipart keeps in memory goes block by block); the journal gets the
        hash of that pass."""
        from plone.namedfile import storages
        from proeve.evidence import converter

        stored_as = []
        for name in ("BytesStorable", "Zope2FileUploadStorable", "FileUploadStorable"):
            storable = getattr(storages, name)
            original = storable.store

            def spy(self, data, blob, original=original, name=name):
                stored_as.append((name, len(data) if isinstance(data, bytes) else None))
                return original(self, data, blob)

            monkeypatch.setattr(storable, "store", spy)
        kernel_copies = []
        original_copy = converter.copy_from_file

        def copy_spy(*args):
            kernel_copies.append(original_copy(*args))
            return kernel_copies[-1]

        monkeypatch.setattr(converter, "copy_from_file", copy_spy)
        synced = []
        real_fsync = os.fsync
        monkeypatch.setattr(
            converter.os, "fsync", lambda fd: synced.append(os.fstat(fd).st_ino) or real_fsync(fd)
        )
        session = requests.Session()
        session.auth = ("student-eline", DEMO_PASSWORD)
        form = session.get(f"{portal_url}/{ELINE}/++add++Evidence", timeout=60)
        field = re.search(r'<input[^>]*name="_authenticator"[^>]*>', form.text).group(0)
        data = os.urandom(size)
        response = session.post(
            f"{portal_url}/{ELINE}/++add++Evidence",
            data={
                "form.widgets.IBasic.title": "Foto's",
                "form.buttons.save": "Opslaan",
                "_authenticator": re.search(r'value="([^"]+)"', field).group(1),
            },
            files={"form.widgets.file": ("../foto's:1.jpg", data)},
            timeout=60,
        )
        assert response.status_code == 200
        (evidence,) = evidence_items(functional_portal)
        assert sha256(evidence.file.data) == sha256(data)
        assert evidence.file.filename == "1.jpg"
        assert evidence.file.contentType == "image/jpeg"
        # Only the empty start of the blob goes through plone.namedfile's storables.
        assert stored_as == [("BytesStorable", 0)]
        assert kernel_copies == ([size] if size > 100_000 else [None])
        # The blob's bytes were synced to disk before the answer.
        assert os.stat(evidence.file._blob.committed()).st_ino in synced
        journal = request_factory(basic_auth=("examencie-vaart", DEMO_PASSWORD)).get(
            f"{ELINE}/@journal"
        )
        uploaded = [e for e in journal.json()["items"] if e["action"] == "evidence_uploaded"]
        assert uploaded[-1]["details"]["sha256"] == sha256(data)
        assert uploaded[-1]["details"]["size"] == size


def write_in_three_chunks(upload, data, tmp_path, spooled, start=0, count=3):
    """Write data in three chunks of 1,000,000 bytes (or `count` of them from `start`), each
    from a spool file on disk (as waitress hands a body over) or from memory."""
    import io

    for offset in range(start, start + count * 1_000_000, 1_000_000):
        chunk = data[offset : offset + 1_000_000]
        if spooled:
            stream = open(tmp_path / f"body-{offset}", "w+b")  # noqa: SIM115
            stream.write(chunk)
            stream.seek(0)
        else:
            stream = io.BytesIO(chunk)
        with stream:
            assert upload.write(stream, offset) == offset + 1_000_000


class TestChunkWriting:
    """Both ways a chunk reaches the upload file: from waitress' spool file through the kernel,
    and block by block from a stream in memory. Same bytes, same digest, same limits."""

    @pytest.fixture
    def upload(self, tmp_path, monkeypatch):
        from proeve.evidence.resumable import ResumableUpload

        monkeypatch.setenv("TUS_TMP_FILE_DIR", str(tmp_path / "uploads"))
        return ResumableUpload.create({"length": 3_000_000})

    @pytest.mark.parametrize("spooled", [True, False])
    def test_chunks_in_order_give_the_file_and_its_digest(self, upload, tmp_path, spooled):

        data = os.urandom(3_000_000)
        write_in_three_chunks(upload, data, tmp_path, spooled)
        with open(upload.path, "rb") as f:
            assert f.read() == data
        assert upload.sha256() == sha256(data)

    @pytest.mark.parametrize("spooled", [True, False])
    def test_more_than_declared_is_refused(self, upload, tmp_path, spooled):
        from proeve.evidence.resumable import TooMuchData
        import io

        body = os.urandom(3_000_001)
        if spooled:
            stream = open(tmp_path / "body", "w+b")  # noqa: SIM115
            stream.write(body)
            stream.seek(0)
        else:
            stream = io.BytesIO(body)
        with stream, pytest.raises(TooMuchData):
            upload.write(stream, 0)
        assert upload.offset == 0

    def test_a_complete_file_is_never_written_again(self, upload, tmp_path):
        """It is (or becomes) the evidence's blob through a hard link: a late or duplicate
        chunk must not change the bytes of committed evidence."""
        from proeve.evidence.resumable import UploadComplete
        import io

        data = os.urandom(3_000_000)
        upload.write(io.BytesIO(data), 0)
        link = upload.durable_link()
        for offset in (0, 2_000_000, 2_999_999):
            with pytest.raises(UploadComplete):
                upload.write(io.BytesIO(b"x" * (3_000_000 - offset)), offset)
        with open(link, "rb") as f:
            assert f.read() == data
        assert os.stat(link).st_ino == os.stat(upload.path).st_ino

    @pytest.mark.parametrize("spooled", [True, False])
    def test_a_chunk_is_answered_before_its_hash_is_done(
        self, upload, tmp_path, monkeypatch, spooled
    ):
        """Hashing runs behind the writes, in order; the finish waits for it."""
        from proeve.evidence import resumable
        import threading

        release = threading.Event()
        hashed = []
        real_hash = resumable.hash_mapped

        def slow_hash(digest, fd, start, end):
            release.wait(timeout=30)
            hashed.append((start, end))
            real_hash(digest, fd, start, end)

        monkeypatch.setattr(resumable, "hash_mapped", slow_hash)
        data = os.urandom(3_000_000)
        if spooled:
            # Every chunk but the last was answered while no byte was hashed yet; the last,
            # from its spool file, is hashed while it is copied (the next test).
            write_in_three_chunks(upload, data[:2_000_000], tmp_path, spooled, count=2)
            assert hashed == []
            release.set()
            write_in_three_chunks(upload, data, tmp_path, spooled, start=2_000_000, count=1)
            last = (0, 1_000_000)  # bytes 0..1,000,000 of the last chunk's spool file
        else:
            write_in_three_chunks(upload, data, tmp_path, spooled)
            # Every chunk was answered while no byte was hashed yet.
            assert hashed == []
            release.set()
            last = (2_000_000, 3_000_000)
        assert upload.sha256() == sha256(data)
        assert hashed == [(0, 1_000_000), (1_000_000, 2_000_000), last]

    def test_the_last_chunk_is_hashed_beside_its_copy_and_synced_before_the_answer(
        self, upload, tmp_path, monkeypatch
    ):
        """The finish needs the digest of every byte and the bytes on disk: the last chunk
        is hashed from the spooled body while the kernel copies it and synced in its own
        request, so the finish waits for no thread."""
        from proeve.evidence import resumable
        import threading
        import time

        real_hash = resumable.hash_mapped

        def slow_hash(digest, fd, start, end):
            time.sleep(0.2)
            real_hash(digest, fd, start, end)

        synced = []
        real_fdatasync = os.fdatasync

        def fdatasync(fd):
            synced.append((os.fstat(fd).st_ino, threading.current_thread()))
            real_fdatasync(fd)

        monkeypatch.setattr(resumable, "hash_mapped", slow_hash)
        monkeypatch.setattr(resumable.os, "fdatasync", fdatasync)
        data = os.urandom(3_000_000)
        write_in_three_chunks(upload, data, tmp_path, spooled=True)
        running = resumable._digests[upload.uid]
        assert running.digest.copy().hexdigest() == sha256(data)
        assert (os.stat(upload.path).st_ino, threading.current_thread()) in synced
        assert upload.sha256() == sha256(data)
        with open(upload.path, "rb") as f:
            assert f.read() == data

    def test_synced_chunks_leave_the_page_cache(self, upload, tmp_path, monkeypatch):
        """Each chunk's bytes are dropped from the page cache once they are on disk, and
        only then: an upload of 512 MiB would push out the pages every request reads."""
        from proeve.evidence import resumable

        calls = []
        real_fdatasync = os.fdatasync
        real_fadvise = os.posix_fadvise

        def fdatasync(fd):
            real_fdatasync(fd)
            calls.append(("synced", os.fstat(fd).st_ino, os.fstat(fd).st_size))

        def fadvise(fd, offset, length, advice):
            real_fadvise(fd, offset, length, advice)
            if advice == os.POSIX_FADV_DONTNEED:
                calls.append(("dropped", os.fstat(fd).st_ino, offset, offset + length))

        monkeypatch.setattr(resumable.os, "fdatasync", fdatasync)
        monkeypatch.setattr(resumable.os, "posix_fadvise", fadvise)
        data = os.urandom(3_000_000)
        write_in_three_chunks(upload, data, tmp_path, spooled=True)
        upload.sha256()  # waits for every chunk's thread
        inode = os.stat(upload.path).st_ino
        dropped = sorted(c[2:] for c in calls if c[0] == "dropped" and c[1] == inode)
        assert dropped == [(0, 1_000_000), (1_000_000, 2_000_000), (2_000_000, 3_000_000)]
        for kind, ino, start, end in (c for c in calls if c[0] == "dropped"):
            synced_before = calls[: calls.index((kind, ino, start, end))]
            assert any(c[0] == "synced" and c[1] == ino and c[2] >= end for c in synced_before)
        with open(upload.path, "rb") as f:
            assert f.read() == data

    def test_a_chunks_blocks_are_allocated_before_it_is_copied(self, upload, tmp_path, monkeypatch):
        """The copy the client waits for only fills blocks the file system already gave the
        chunk; the file's size, which is the upload's offset, grows with the copy only."""
        from proeve.evidence import resumable

        seen = []
        real_copy = resumable.copy_range

        def copy_range(source, target, length, source_offset, target_offset):
            status = os.fstat(target)
            seen.append((target_offset, length, status.st_size, status.st_blocks * 512))
            return real_copy(source, target, length, source_offset, target_offset)

        monkeypatch.setattr(resumable, "copy_range", copy_range)
        data = os.urandom(3_000_000)
        write_in_three_chunks(upload, data, tmp_path, spooled=True)
        upload.sha256()
        assert [(offset, length) for offset, length, _, _ in seen] == [
            (0, 1_000_000),
            (1_000_000, 1_000_000),
            (2_000_000, 1_000_000),
        ]
        for offset, length, size, allocated in seen:
            assert size == offset  # not a byte more before the copy
            assert allocated >= offset + length
        with open(upload.path, "rb") as f:
            assert f.read() == data

    def test_a_chunk_is_hashed_while_the_one_before_is_still_syncing(
        self, upload, tmp_path, monkeypatch
    ):
        """The disk and the CPU work at once: the hash of the next chunk (and the last
        chunk's own work) does not wait for the sync of the one before."""
        from proeve.evidence import resumable
        import threading

        gate = threading.Event()
        real_fdatasync = os.fdatasync

        def slow_disk(fd):
            if threading.current_thread().name == "proeve-upload-hash":
                gate.wait(timeout=30)
            real_fdatasync(fd)

        monkeypatch.setattr(resumable.os, "fdatasync", slow_disk)
        data = os.urandom(3_000_000)
        write_in_three_chunks(upload, data, tmp_path, spooled=True, count=2)
        running = resumable._digests[upload.uid]
        done = threading.Thread(target=running.wait_hashed)
        done.start()
        done.join(timeout=10)
        assert not done.is_alive()  # both chunks hashed while neither is synced
        assert running.digest.copy().hexdigest() == sha256(data[:2_000_000])
        finishing = threading.Thread(
            target=write_in_three_chunks,
            args=(upload, data, tmp_path, True, 2_000_000, 1),
        )
        finishing.start()
        finishing.join(timeout=10)
        assert not finishing.is_alive()  # the last chunk went in without those syncs
        gate.set()
        assert upload.sha256() == sha256(data)

    def test_the_last_chunk_is_synced_while_it_is_still_being_hashed(
        self, upload, tmp_path, monkeypatch
    ):
        """The disk writes the last chunk while its hash goes on: the finish waits for the
        longer of the two, not for both one after the other."""
        from proeve.evidence import resumable
        import threading

        synced = threading.Event()
        hash_saw_the_sync = []
        real_hash = resumable.hash_mapped
        real_fdatasync = os.fdatasync

        def hash_until_synced(digest, fd, start, end):
            if os.readlink(f"/proc/self/fd/{fd}").endswith("body-2000000"):
                # The last chunk's hash, from its spool file: it ends only after the sync.
                hash_saw_the_sync.append(synced.wait(timeout=5))
            real_hash(digest, fd, start, end)

        def fdatasync(fd):
            real_fdatasync(fd)
            if threading.current_thread() is threading.main_thread():
                synced.set()

        monkeypatch.setattr(resumable, "hash_mapped", hash_until_synced)
        monkeypatch.setattr(resumable.os, "fdatasync", fdatasync)
        data = os.urandom(3_000_000)
        write_in_three_chunks(upload, data, tmp_path, spooled=True, count=2)
        resumable._digests[upload.uid].wait()
        write_in_three_chunks(upload, data, tmp_path, spooled=True, start=2_000_000, count=1)
        assert hash_saw_the_sync == [True]
        assert upload.sha256() == sha256(data)

    def test_a_failed_background_hash_gives_no_digest(self, upload, monkeypatch):
        """The finish then hashes the stored file itself (file_sha256) instead of trusting
        a digest that missed bytes."""
        from proeve.evidence import resumable
        import io

        calls = []

        def failing(digest, fd, start, end):
            calls.append(start)
            if start == 1_000_000:
                raise OSError("read error")
            digest.update(os.pread(fd, end - start, start))

        monkeypatch.setattr(resumable, "hash_mapped", failing)
        data = os.urandom(3_000_000)
        for offset in (0, 1_000_000, 2_000_000):
            upload.write(io.BytesIO(data[offset : offset + 1_000_000]), offset)
        assert upload.sha256() is None
        assert calls == [0, 1_000_000]

    def test_the_finished_file_is_on_disk_before_it_becomes_a_blob(self, upload, monkeypatch):
        from proeve.evidence import resumable
        import io

        synced = []
        real_fsync = os.fsync
        monkeypatch.setattr(
            resumable.os, "fsync", lambda fd: synced.append(os.fstat(fd).st_ino) or real_fsync(fd)
        )
        upload.write(io.BytesIO(os.urandom(1_000_000)), 0)
        with pytest.raises(OSError, match="not complete"):
            upload.durable_link()
        upload.write(io.BytesIO(os.urandom(2_000_000)), 1_000_000)
        link = upload.durable_link()
        assert synced == [os.stat(upload.path).st_ino]
        assert os.stat(link).st_nlink == 2

    def test_a_link_no_blob_took_is_removed_when_it_expires(self, upload):
        from proeve.evidence.resumable import EXPIRES_AFTER
        from proeve.evidence.resumable import remove_expired
        import io

        upload.write(io.BytesIO(os.urandom(3_000_000)), 0)
        link = upload.durable_link()
        remove_expired()
        assert os.path.exists(link)
        remove_expired(now=time.time() + EXPIRES_AFTER + 60)
        assert not os.path.exists(link)


class TestUnfinishedUploads:
    """Issue 20.12: the server tells which uploads wait to be continued, so a reloaded page or
    the same file chosen again goes on from where the server stands."""

    def start(self, portal_url, login="student-eline", name="film van mij.mp4", sent=1000):
        created = HTTP.post(
            f"{portal_url}/{ELINE}/@tus-upload",
            headers={
                **tus_headers(login),
                "Upload-Length": "4000",
                "Upload-Metadata": "filename "
                + base64.b64encode(name.encode()).decode()
                + ",title "
                + base64.b64encode(b"Film").decode(),
            },
        )
        assert created.status_code == 201
        url = created.headers["Location"]
        patched = HTTP.patch(
            url,
            data=b"x" * sent,
            headers={
                **tus_headers(login),
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": "0",
            },
        )
        assert patched.status_code == 204
        return url

    def test_get_lists_only_my_unfinished_uploads_into_this_pvb(self, portal_url):
        mine = self.start(portal_url)
        listed = HTTP.get(f"{portal_url}/{ELINE}/@tus-upload", headers=tus_headers("student-eline"))
        assert listed.status_code == 200
        (item,) = [i for i in listed.json()["items"] if i["@id"] == mine]
        assert item["client_filename"] == "film van mij.mp4"
        assert (item["length"], item["offset"]) == (4000, 1000)
        # Someone else who may add evidence here sees none of them.
        other = HTTP.get(f"{portal_url}/{ELINE}/@tus-upload", headers=tus_headers("docent-vaart"))
        assert mine not in str(other.json())

    def test_the_upload_page_says_an_upload_waits(self, functional_portal, portal_url):
        self.start(portal_url, sent=2000)
        session = requests.Session()
        session.auth = ("student-eline", DEMO_PASSWORD)
        page = session.get(f"{portal_url}/{ELINE}/@@upload-evidence").text
        notice = page[page.index('id="evidence-unfinished"') :]
        notice = notice[: notice.index("</div>")]
        assert "Er staat een onafgemaakte upload klaar" in notice
        assert "film van mij.mp4" in notice
        assert "(50%)" in notice
        assert "&quot;client_filename&quot;: &quot;film van mij.mp4&quot;" in page
