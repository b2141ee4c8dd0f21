"""A refused upload leaves nothing: no transaction, no blob, no temporary file.

The Classic forms (evidence: add and edit; an attachment) and REST with a base64 file,
refused for a missing title, a file one byte over the limit, or who sends it (TUS:
tests/test_evidence_upload.py). The memory each path takes for a big file is measured in
benchmarks/refused_upload.py.
"""

from plone import api
from proeve.demo.users import DEMO_PASSWORD
from zope.annotation.interfaces import IAnnotations
import base64
import os
import pytest
import re
import requests
import tempfile
import transaction


ELINE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"  # in execution
LOGIN = ("student-eline", DEMO_PASSWORD)
LIMIT = 500_000


@pytest.fixture
def portal_url(functional_portal):
    api.portal.set_registry_record("proeve.evidence_max_bytes", LIMIT)
    transaction.commit()
    return functional_portal.absolute_url()


@pytest.fixture
def temp_dirs(functional_portal, tmp_path, monkeypatch):
    """The folders a request may leave temporary files in: Python's (multipart spools,
    blobs not yet in the database) and the blob storage's own; Python's is this test's."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    storage = functional_portal._p_jar.db().storage
    return [str(tmp_path), storage.temporaryDirectory()]


def files_in(folders):
    return {os.path.join(f, name) for f in folders for name in os.listdir(f)}


def last_transaction(portal):
    portal._p_jar.sync()
    return portal._p_jar.db().lastTransaction()


class Nothing:
    """Asserts that what happens inside the block stores nothing and leaves no file."""

    def __init__(self, portal, folders):
        self.portal, self.folders = portal, folders

    def __enter__(self):
        self.files = files_in(self.folders)
        self.tid = last_transaction(self.portal)
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            return False
        assert last_transaction(self.portal) == self.tid, "the refused upload was committed"
        assert files_in(self.folders) - self.files == set()
        return False


@pytest.fixture
def nothing_left(functional_portal, temp_dirs):
    return lambda: Nothing(functional_portal, temp_dirs)


def form_session(url, login=LOGIN):
    session = requests.Session()
    session.auth = login
    page = session.get(url, timeout=60)
    assert page.status_code == 200
    field = re.search(r'<input[^>]*name="_authenticator"[^>]*>', page.text).group(0)
    return session, re.search(r'value="([^"]+)"', field).group(1)


def post_form(session, token, url, title, data, **extra):
    return session.post(
        url,
        data={
            "form.widgets.IBasic.title": title,
            "form.buttons.save": "Opslaan",
            "_authenticator": token,
            **extra,
        },
        files={"form.widgets.file": ("video.mp4", data)},
        headers={"Accept": "text/html"},
        timeout=120,
    )


@pytest.fixture
def evidence_url(portal_url, functional_portal):
    response = requests.post(
        f"{portal_url}/++api++/{ELINE}",
        auth=LOGIN,
        json={
            "@type": "Evidence",
            "title": "Foto",
            "file": {"data": "eA==", "encoding": "base64", "filename": "x.jpg"},
        },
        headers={"Accept": "application/json"},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    return response.json()["@id"]


@pytest.mark.parametrize(
    ("title", "size", "message"),
    [("", 300_000, "verplicht"), ("Te groot", LIMIT + 1, "hoogstens")],
)
def test_a_refused_add_form_leaves_nothing(portal_url, nothing_left, title, size, message):
    url = f"{portal_url}/{ELINE}/++add++Evidence"
    session, token = form_session(url)
    with nothing_left():
        response = post_form(session, token, url, title, os.urandom(size))
        assert response.status_code == 200
        assert message in response.text
    # Chosen again: a refused form does not keep the file for the next try.
    assert "file_upload_id" not in response.text
    assert 'name="form.widgets.file"' in response.text


def test_an_edit_form_upload_is_refused_and_leaves_nothing(
    evidence_url, nothing_left, functional_portal
):
    """Evidence is never replaced; the edit form's file is refused before it is read."""
    session, token = form_session(f"{evidence_url}/../++add++Evidence")
    with nothing_left():
        response = post_form(
            session,
            token,
            f"{evidence_url}/@@edit",
            "Andere foto",
            os.urandom(300_000),
            **{"form.widgets.file.action": "replace"},
        )
        assert response.url.endswith("/insufficient-privileges")
    functional_portal._p_jar.sync()
    evidence = functional_portal.unrestrictedTraverse(evidence_url.split("/plone/", 1)[1])
    assert evidence.file.getSize() == 1


@pytest.mark.parametrize(
    ("title", "size", "status"),
    [("", 3000, 400), ("Te groot", LIMIT + 1, 400)],
)
def test_a_refused_rest_upload_leaves_nothing(
    portal_url, evidence_url, nothing_left, title, size, status
):
    file = {
        "data": base64.b64encode(os.urandom(size)).decode(),
        "encoding": "base64",
        "filename": "video.mp4",
    }
    with nothing_left():
        added = requests.post(
            f"{portal_url}/++api++/{ELINE}",
            auth=LOGIN,
            json={"@type": "Evidence", "title": title, "file": file},
            headers={"Accept": "application/json"},
            timeout=60,
        )
        assert added.status_code == status, added.text[:500]
        changed = requests.patch(
            evidence_url.replace("/plone/", "/plone/++api++/", 1),
            auth=LOGIN,
            json={"title": title, "file": file} if title else {"title": None, "file": file},
            headers={"Accept": "application/json"},
            timeout=60,
        )
        # Evidence is never changed: the PATCH is refused whatever its file.
        assert changed.status_code == 401, changed.text[:500]


SANNE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"


def test_a_refused_attachment_leaves_nothing(portal_url, nothing_left):
    """A candidate adds no attachments where the school does not allow it: refused by a
    subscriber after the form has read the file, and the file's temporary copy goes too."""
    url = f"{portal_url}/{SANNE}/++add++File"
    session, token = form_session(url, ("student-sanne", DEMO_PASSWORD))
    with nothing_left():
        response = post_form(session, token, url, "Bijlage", os.urandom(300_000))
        # The subscriber's refusal, on the Classic page: its own status and message.
        assert response.status_code == 403
        assert 'id="proeve-refusal"' in response.text


def test_upgrade_1010_removes_the_files_kept_from_refused_forms(portal):
    from persistent.mapping import PersistentMapping
    from plone.formwidget.namedfile.interfaces import IFileUploadTemporaryStorage

    kept = IFileUploadTemporaryStorage(portal).upload_map
    kept["abc"] = PersistentMapping(filename="video.mp4", data=b"x" * 1000)
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1009")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("proeve:default")
    assert setup.getLastVersionForProfile("proeve:default") == (
        setup.getVersionForProfile("proeve:default"),
    )
    assert "file_upload_map" not in IAnnotations(portal)
