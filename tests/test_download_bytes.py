"""Evidence bytes are the bytes: every path that serves them, for every type of file."""

from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from proeve.demo.users import DEMO_PASSWORD
from proeve.journal.store import chain_for
from tests.process_helpers import add_attachment
import os
import pytest
import requests
import transaction


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"
# A page with a form: what Plone's transforms rewrite (theme, DOCTYPE, CSRF token).
PAGE = b"<html><body><form method='post'><p>hallo</p></form></body></html>"
FILES = {
    "page.html": (PAGE, "text/html", "application/octet-stream"),
    "plaatje.svg": (
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>",
        "image/svg+xml",
        "application/octet-stream",
    ),  # noqa: E501
    "code.js": (b"alert(document.cookie)", "application/javascript", "application/octet-stream"),
    "foto.jpg": (b"\xff\xd8\xff\xe0" + os.urandom(3000), "image/jpeg", "image/jpeg"),
    "verslag.pdf": (b"%PDF-1.4\n" + os.urandom(2000), "application/pdf", "application/pdf"),
    "notitie.txt": ("Eén notitie\n".encode(), "text/plain", "text/plain"),
    "data.bin": (os.urandom(70_000), "application/octet-stream", "application/octet-stream"),
}
# Every way to a file's bytes (the REST serialisation links to @@download/file).
PATHS = (
    "{url}/@@download/file",
    "{url}/@@download/file/other-name.html",
    "{url}/@@display-file/file",
    "{url}/@@edit/++widget++form.widgets.file/@@download",
    "{api}/@@download/file",
)
LOGIN = ("docent-vaart", DEMO_PASSWORD)


@pytest.fixture
def files(functional_portal):
    """name -> (url, REST url) of evidence and of an attachment holding each file."""
    pvb = functional_portal.unrestrictedTraverse(PVB)
    for index, (name, (data, content_type, _served)) in enumerate(FILES.items()):
        createContentInContainer(
            pvb,
            "Evidence",
            checkConstraints=False,
            id=f"bewijs-{index}",
            title=name,
            file=NamedBlobFile(data, filename=name, contentType=content_type),
        )
        attachment = add_attachment(pvb, f"bijlage-{index}", name, data, name)
        attachment.file.contentType = content_type
    transaction.commit()
    portal_url = functional_portal.absolute_url()
    return {
        (kind, name): (f"{portal_url}/{PVB}/{kind}-{i}", f"{portal_url}/++api++/{PVB}/{kind}-{i}")
        for i, name in enumerate(FILES)
        for kind in ("bewijs", "bijlage")
    }


def journaled(portal):
    portal._p_jar.sync()
    chain = chain_for(portal.unrestrictedTraverse(PVB), create=False)
    return [e for e in chain if e["action"] in ("evidence_downloaded", "attachment_downloaded")]


@pytest.mark.parametrize("kind", ["bewijs", "bijlage"])
@pytest.mark.parametrize("path", PATHS)
def test_every_download_is_the_stored_bytes_with_safe_headers(functional_portal, files, kind, path):
    session = requests.Session()
    session.auth = LOGIN
    before = len(journaled(functional_portal))
    for name, (data, _stored_type, served_type) in FILES.items():
        url, api = files[kind, name]
        whole = session.get(path.format(url=url, api=api), timeout=60)
        assert whole.status_code == 200, (name, whole.text[:300])
        assert whole.content == data, name
        assert whole.headers["Content-Length"] == str(len(data)), name
        assert whole.headers["Content-Type"].split(";")[0] == served_type, name
        assert whole.headers["X-Content-Type-Options"] == "nosniff", name
        # Only a photo opened with @@display-file is shown in the browser.
        shown = served_type == "image/jpeg" and "display-file" in path
        disposition = "inline;" if shown else "attachment;"
        assert whole.headers["Content-Disposition"].startswith(disposition), name
        part = session.get(
            path.format(url=url, api=api), headers={"Range": "bytes=3-12"}, timeout=60
        )
        assert part.status_code == 206, name
        assert part.content == data[3:13], name
        assert part.headers["Content-Length"] == "10", name
        assert part.headers["Content-Range"] == f"bytes 3-12/{len(data)}", name
        past = session.get(
            path.format(url=url, api=api), headers={"Range": f"bytes={len(data)}-"}, timeout=60
        )
        assert past.status_code == 416, name
        assert past.headers["Content-Range"] == f"bytes */{len(data)}", name
        assert data[:10] not in past.content, name
    entries = journaled(functional_portal)[before:]
    # Each answer with bytes is journaled, by whom and which range; a refused range is not.
    assert len(entries) == 2 * len(FILES)
    assert {e["actor"] for e in entries} == {"docent-vaart"}
    expected = "evidence_downloaded" if kind == "bewijs" else "attachment_downloaded"
    assert {e["action"] for e in entries} == {expected}
    assert [e["details"]["range"] for e in entries[:2]] == [None, "bytes=3-12"]


@pytest.mark.parametrize("kind", ["bewijs", "bijlage"])
def test_image_scales_of_files_are_refused(functional_portal, files, kind):
    session = requests.Session()
    session.auth = LOGIN
    before = len(journaled(functional_portal))
    url, _api = files[kind, "foto.jpg"]
    uid = functional_portal.unrestrictedTraverse(url.split("/plone/", 1)[1]).UID()
    for path in ("@@images/file", "@@images/file/thumb", f"@@images/{uid}.jpeg"):
        response = session.get(f"{url}/{path}", timeout=60)
        assert response.status_code == 404, path
        assert FILES["foto.jpg"][0][:100] not in response.content
    assert len(journaled(functional_portal)) == before
