"""Characters nobody sees are taken out of uploaded file names, on every upload path.

Issue 18, point 15: "\u202egpj.exe" (a right-to-left override) is shown by a browser or a
file manager as "exe.jpg" and survived the cleaning of file names.
"""

from proeve.demo.users import DEMO_PASSWORD
from proeve.evidence.filenames import safe_filename
from tusclient import client as tus
import base64
import pytest
import re
import requests
import transaction


EXECUTION = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"
CANDIDATE = "student-eline"
BIDI = "foto\u202egpj.exe"  # shown as "fotoexe.jpg"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("\u202egpj.exe", "gpj.exe"),
        ("a\u202bb\u202cc\u2066d\u2069.pdf", "abcd.pdf"),  # embeddings and isolates
        ("in\u200bvis\u200dible\ufeff.txt", "invisible.txt"),  # zero width, BOM
        ("soft\u00adhyphen.doc", "softhyphen.doc"),
        ("c1\x85\x9bcontrol.txt", "c1control.txt"),
        ("tab\there.txt", "tabhere.txt"),
        ("lone\ud800surrogate.txt", "lonesurrogate.txt"),
        ("\u202e\u200b", "bestand"),
        ("verslag stage.pdf", "verslag stage.pdf"),
        ("café ü.jpg", "café ü.jpg"),
    ],
)
def test_invisible_characters_are_removed(name, expected):
    assert safe_filename(name) == expected


def stored_names(portal, before):
    transaction.begin()
    pvb = portal.unrestrictedTraverse(EXECUTION)
    return [o.file.filename for o in pvb.objectValues() if o.getId() not in before]


@pytest.fixture
def existing(functional_portal):
    return set(functional_portal.unrestrictedTraverse(EXECUTION).objectIds())


def test_rest_upload(functional_portal, request_factory, existing):
    session = request_factory(basic_auth=(CANDIDATE, DEMO_PASSWORD))
    response = session.post(
        EXECUTION,
        json={
            "@type": "Evidence",
            "title": "Bewijs",
            "file": {
                "data": base64.b64encode(b"x").decode(),
                "encoding": "base64",
                "filename": BIDI,
            },
        },
    )
    assert response.status_code == 201, response.text[:300]
    assert stored_names(functional_portal, existing) == ["fotogpj.exe"]


def test_resumable_upload(functional_portal, existing, tmp_path):
    source = tmp_path / "bestand.bin"
    source.write_bytes(b"z" * 1000)
    token = base64.b64encode(f"{CANDIDATE}:{DEMO_PASSWORD}".encode()).decode()
    client = tus.TusClient(
        f"{functional_portal.absolute_url()}/{EXECUTION}/@tus-upload",
        headers={"Authorization": f"Basic {token}", "Accept": "application/json"},
    )
    client.uploader(str(source), metadata={"filename": BIDI, "title": "Bewijs"}).upload()
    assert stored_names(functional_portal, existing) == ["fotogpj.exe"]


def test_classic_add_form(functional_portal, existing):
    session = requests.Session()
    session.auth = (CANDIDATE, DEMO_PASSWORD)
    url = f"{functional_portal.absolute_url()}/{EXECUTION}/++add++Evidence"
    form = session.get(url, timeout=60)
    field = re.search(r'<input[^>]*name="_authenticator"[^>]*>', form.text).group(0)
    response = session.post(
        url,
        data={
            "form.widgets.IBasic.title": "Bewijs",
            "form.buttons.save": "Opslaan",
            "_authenticator": re.search(r'value="([^"]+)"', field).group(1),
        },
        files={"form.widgets.file": (BIDI, b"x")},
        timeout=60,
    )
    assert response.status_code == 200
    assert stored_names(functional_portal, existing) == ["fotogpj.exe"]
