"""Issue 22.4: chunks of resumable uploads that nginx received into files of its own.

nginx passes Zope the file's name, its length and a key (instance/templates/
nginx-front-body.conf.in); proeve.evidence.front_body takes such a file only when the key
matches the configuration's, the file lies in the configured folder, is a regular file and
has the length nginx received. Every other case is answered 400 and writes nothing. The
same upload through a real nginx is in tests/test_live_proxy.py.
"""

from proeve.demo.users import DEMO_PASSWORD
from proeve.evidence.front_body import front_body
from proeve.evidence.front_body import FrontBodyRefused
from urllib.parse import urlsplit
import base64
import functools
import hashlib
import os
import pytest
import requests
import threading


HTTP = requests.Session()
HTTP.request = functools.partial(HTTP.request, timeout=120)
ELINE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"  # in execution
KEY = "5f" * 32


@pytest.fixture
def front(tmp_path, monkeypatch):
    """The proxy's body folder, configured with KEY (as instance/generate.py writes it)."""
    folder = tmp_path / "bodies"
    folder.mkdir()
    monkeypatch.setenv("PROEVE_FRONT_BODY_DIR", str(folder))
    monkeypatch.setenv("PROEVE_FRONT_BODY_KEY", KEY)
    return folder


def received(folder, data, name="0000000001"):
    """A body as nginx leaves it: a file in its folder."""
    path = folder / name
    path.write_bytes(data)
    return path


class FakeRequest:
    def __init__(self, headers):
        self.environ = {
            "HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()
        }

    def getHeader(self, name, default=None):
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"), default)


def proxied(path, length=None, key=KEY):
    headers = {
        "X-Proeve-Body-File": str(path),
        "X-Proeve-Body-Length": str(os.path.getsize(path) if length is None else length),
    }
    if key is not None:
        headers["X-Proeve-Body-Key"] = key
    return FakeRequest(headers)


class TestTakingTheFile:
    def test_the_file_is_read_from_its_start_and_the_key_leaves_the_request(self, front):
        path = received(front, b"de bytes van een deel")
        request = proxied(path)
        with front_body(request) as body:
            assert body.read() == b"de bytes van een deel"
        assert request.getHeader("X-Proeve-Body-Key") is None  # not in an error log later

    def test_the_key_leaves_the_headers_when_publishing_starts(self, front):
        from proeve.evidence.front_body import keep_key_out_of_the_request

        path = received(front, b"deel")
        request = proxied(path)

        class Event:
            pass

        event = Event()
        event.request = request
        keep_key_out_of_the_request(event)
        assert request.getHeader("X-Proeve-Body-Key") is None
        assert "HTTP_X_PROEVE_BODY_KEY" not in request.environ
        with front_body(request) as body:  # taken from where it waits
            assert body.read() == b"deel"

    def test_that_step_runs_when_zope_starts_publishing(self, functional_portal):
        from proeve.evidence.front_body import keep_key_out_of_the_request
        from zope.component import getGlobalSiteManager
        from ZPublisher.interfaces import IPubStart

        handlers = [
            registration.handler
            for registration in getGlobalSiteManager().registeredHandlers()
            if IPubStart in registration.required
        ]
        assert keep_key_out_of_the_request in handlers

    def test_a_request_without_a_file_is_left_to_waitress(self, front):
        assert front_body(FakeRequest({})) is None

    def test_a_chunked_body_has_no_length_header_and_is_taken(self, front):
        path = received(front, b"x" * 10)
        request = FakeRequest({"X-Proeve-Body-File": str(path), "X-Proeve-Body-Key": KEY})
        with front_body(request) as body:
            assert body.read() == b"x" * 10


class TestRefusals:
    def test_without_the_setting_no_file_is_taken(self, front, monkeypatch):
        path = received(front, b"data")
        monkeypatch.delenv("PROEVE_FRONT_BODY_KEY")
        with pytest.raises(FrontBodyRefused, match="takes no body files"):
            front_body(proxied(path))
        monkeypatch.setenv("PROEVE_FRONT_BODY_KEY", KEY)
        monkeypatch.delenv("PROEVE_FRONT_BODY_DIR")
        with pytest.raises(FrontBodyRefused, match="takes no body files"):
            front_body(proxied(path))

    @pytest.mark.parametrize("key", [None, "", "5f" * 31 + "5e", KEY + "00"])
    def test_a_missing_or_wrong_key(self, front, key):
        path = received(front, b"data")
        with pytest.raises(FrontBodyRefused, match="key"):
            front_body(proxied(path, key=key))

    def test_a_file_outside_the_folder(self, front, tmp_path):
        secret = tmp_path / "Data.fs"
        secret.write_bytes(b"database")
        for name in (secret, front / ".." / "Data.fs"):
            with pytest.raises(FrontBodyRefused, match="not in the proxy's folder"):
                front_body(proxied(name))
        with pytest.raises(FrontBodyRefused, match="not in the proxy's folder"):
            front_body(proxied(front, length=0))

    def test_a_link_in_the_folder_to_a_file_outside(self, front, tmp_path):
        secret = tmp_path / "Data.fs"
        secret.write_bytes(b"database")
        (front / "0000000002").symlink_to(secret)
        with pytest.raises(FrontBodyRefused, match="not in the proxy's folder"):
            front_body(proxied(front / "0000000002", length=8))

    def test_not_a_regular_file(self, front):
        (front / "sub").mkdir()
        with pytest.raises(FrontBodyRefused, match="not a regular file"):
            front_body(proxied(front / "sub", length=os.path.getsize(front / "sub")))
        os.mkfifo(front / "fifo")
        with pytest.raises(FrontBodyRefused, match="cannot be opened|not a regular file"):
            # Opened without waiting for a writer: a FIFO must not hang the request.
            front_body(proxied(front / "fifo", length=0))

    @pytest.mark.parametrize("length", [3, 5, -1, "drie"])
    def test_a_length_other_than_received(self, front, length):
        path = received(front, b"data")
        with pytest.raises(FrontBodyRefused, match="length"):
            front_body(proxied(path, length=length))

    def test_a_missing_file(self, front):
        with pytest.raises(FrontBodyRefused, match="cannot be opened"):
            front_body(proxied(front / "0000000009", length=4))


# Through the TUS service of a served site.


@pytest.fixture
def portal_url(functional_portal):
    return functional_portal.absolute_url()


def tus_headers(login="student-eline"):
    token = base64.b64encode(f"{login}:{DEMO_PASSWORD}".encode()).decode()
    return {
        "Authorization": f"Basic {token}",
        "Accept": "application/json",
        "Tus-Resumable": "1.0.0",
    }


def create(portal_url, length, title):
    encoded = base64.b64encode(title.encode()).decode()
    response = HTTP.post(
        f"{portal_url}/{ELINE}/@tus-upload",
        headers={
            **tus_headers(),
            "Upload-Length": str(length),
            "Upload-Metadata": f"filename {base64.b64encode(b'film.mp4').decode()},title {encoded}",
        },
    )
    assert response.status_code == 201, response.text
    return response.headers["Location"]


def patch(location, offset, path=None, key=KEY, data=b""):
    headers = {
        **tus_headers(),
        "Content-Type": "application/offset+octet-stream",
        "Upload-Offset": str(offset),
    }
    if path is not None:
        headers["X-Proeve-Body-File"] = str(path)
        headers["X-Proeve-Body-Length"] = str(os.path.getsize(path))
        headers["X-Proeve-Body-Key"] = key
    return HTTP.patch(location, data=data, headers=headers)


def offset_of(location):
    response = HTTP.head(location, headers=tus_headers())
    assert response.status_code in (200, 204)
    return int(response.headers["Upload-Offset"])


def upload_file(location):
    from proeve.evidence.resumable import ResumableUpload

    return ResumableUpload(urlsplit(location).path.rsplit("/", 1)[1]).path


def evidence_titled(portal, title):
    portal._p_jar.sync()
    return [
        o
        for o in portal.unrestrictedTraverse(ELINE).objectValues()
        if o.portal_type == "Evidence" and o.Title() == title
    ]


class TestThroughTheService:
    def test_chunks_from_the_proxys_files_become_the_exact_evidence(
        self, functional_portal, portal_url, front
    ):
        data = os.urandom(300_000)
        location = create(portal_url, len(data), "Via nginx")
        first = received(front, data[:200_000], "0000000001")
        response = patch(location, 0, first)
        assert response.status_code == 204, response.text
        assert int(response.headers["Upload-Offset"]) == 200_000
        second = received(front, data[200_000:], "0000000002")
        response = patch(location, 200_000, second)
        assert response.status_code == 204, response.text
        (evidence,) = evidence_titled(functional_portal, "Via nginx")
        assert evidence.file.data == data
        journal = HTTP.get(
            f"{portal_url}/{ELINE}/@journal",
            auth=("examencie-vaart", DEMO_PASSWORD),
            headers={"Accept": "application/json"},
        ).json()["items"]
        uploaded = [e for e in journal if e["action"] == "evidence_uploaded"][-1]
        assert uploaded["details"]["sha256"] == hashlib.sha256(data).hexdigest()
        # nginx removes its own files; Zope leaves them alone.
        assert first.exists()
        assert second.exists()

    @pytest.mark.parametrize("how", ["wrong key", "outside the folder", "wrong length"])
    def test_a_refused_file_is_answered_400_and_writes_nothing(
        self, functional_portal, portal_url, front, tmp_path, how
    ):
        data = b"geheim" * 1000
        location = create(portal_url, len(data), f"Geweigerd {how}")
        path = received(front, data)
        key = KEY
        if how == "wrong key":
            key = "00" * 32
        elif how == "outside the folder":
            path = received(tmp_path, data, "elders")
        headers = {
            **tus_headers(),
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": "0",
            "X-Proeve-Body-File": str(path),
            "X-Proeve-Body-Length": str(len(data) + (how == "wrong length")),
            "X-Proeve-Body-Key": key,
        }
        response = HTTP.patch(location, data=b"", headers=headers)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_body"
        assert "niet goed ontvangen" in response.json()["error"]["message"]
        assert offset_of(location) == 0
        assert os.path.getsize(upload_file(location)) == 0
        assert evidence_titled(functional_portal, f"Geweigerd {how}") == []

    def test_a_body_sent_to_zope_itself_still_works_with_the_setting_on(
        self, functional_portal, portal_url, front
    ):
        data = os.urandom(5000)
        location = create(portal_url, len(data), "Rechtstreeks")
        response = patch(location, 0, data=data)
        assert response.status_code == 204, response.text
        (evidence,) = evidence_titled(functional_portal, "Rechtstreeks")
        assert evidence.file.data == data


# The upload takes a received chunk by a hard link (a part), not a copy.


class TestReceivedChunksAsParts:
    @pytest.fixture
    def upload(self, tmp_path, monkeypatch):
        from proeve.evidence.resumable import ResumableUpload

        monkeypatch.setenv("TUS_TMP_FILE_DIR", str(tmp_path / "uploads"))
        return ResumableUpload.create({"length": 3_000_000})

    def received_body(self, folder, data, name):
        from proeve.evidence.front_body import ReceivedBody

        path = received(folder, data, name)
        return ReceivedBody(os.open(path, os.O_RDONLY), str(path)), path

    def test_a_chunk_is_linked_not_copied_and_the_offset_counts_it_at_once(
        self, upload, front, monkeypatch
    ):
        from proeve.evidence import resumable

        data = os.urandom(3_000_000)
        copies = []
        real_copy_range = resumable.copy_range
        gate = threading.Event()

        def copy_range(*args):
            gate.wait(30)  # a part stays a part until the test lets the copy go
            copies.append(args[2])
            return real_copy_range(*args)

        monkeypatch.setattr(resumable, "copy_range", copy_range)
        body, first = self.received_body(front, data[:1_000_000], "0000000001")
        with body:
            assert upload.write(body, 0) == 1_000_000
        resumable._digests[upload.uid].wait_absorbed()
        # The first chunk becomes the upload file itself: nginx's file under a new name.
        assert os.stat(upload.path).st_ino == os.stat(first).st_ino
        assert copies == []
        body, second = self.received_body(front, data[1_000_000:2_000_000], "0000000002")
        with body:
            assert upload.write(body, 1_000_000) == 2_000_000
        # Answered before any copy: the proxy's file is the part (one inode, two names).
        ((start, part),) = upload.parts()
        assert start == 1_000_000
        assert os.stat(part).st_ino == os.stat(second).st_ino
        assert os.path.getsize(upload.path) == 1_000_000
        assert upload.offset == 2_000_000
        assert not upload.finished
        first.unlink()  # nginx removes its names once Zope has answered; the bytes stay
        second.unlink()
        gate.set()
        body, _path = self.received_body(front, data[2_000_000:], "0000000003")
        with body:
            assert upload.write(body, 2_000_000) == 3_000_000  # the last: copied, not a part
        assert upload.finished
        assert upload.parts() == []
        with open(upload.path, "rb") as f:
            assert f.read() == data
        assert upload.sha256() == hashlib.sha256(data).hexdigest()
        assert copies == [1_000_000, 1_000_000]

    def test_a_part_left_by_a_stopped_process_is_counted_and_copied_in_by_the_next_chunk(
        self, upload, front
    ):
        from proeve.evidence.resumable import ResumableUpload

        data = os.urandom(3_000_000)
        first = received(front, data[:1_000_000], "0000000001")
        os.link(first, upload.path + ".part-0")  # taken, then the process stopped
        again = ResumableUpload.find(upload.uid)
        assert again.offset == 1_000_000
        body, _path = self.received_body(front, data[1_000_000:2_000_000], "0000000002")
        with body:
            assert again.write(body, 1_000_000) == 2_000_000
        # Copied in first, then this chunk copied too: without the running hash of the
        # chunks before, a chunk is not taken as a part.
        assert again.parts() == []
        assert os.path.getsize(again.path) == 2_000_000
        body, _path = self.received_body(front, data[2_000_000:], "0000000003")
        with body:
            assert again.write(body, 2_000_000) == 3_000_000
        with open(again.path, "rb") as f:
            assert f.read() == data
        # This process did not see the first chunk arrive: the finish reads the file.
        assert again.sha256() is None

    def test_a_removed_upload_takes_its_parts_with_it(self, upload, front):
        body, _path = self.received_body(front, b"x" * 1000, "0000000001")
        with body:
            upload.write(body, 0)
        upload.remove()
        assert upload.parts() == []
        assert sorted(os.listdir(os.path.dirname(upload.path))) == []

    def test_a_chunk_from_waitress_is_copied_as_before(self, upload, tmp_path):
        spool = tmp_path / "spool"
        spool.write_bytes(b"y" * 1000)
        with open(spool, "rb") as body:
            assert upload.write(body, 0) == 1000
        assert upload.parts() == []
        assert os.path.getsize(upload.path) == 1000
