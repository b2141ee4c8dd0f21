"""The evidence upload page in a real browser: progress, and resume after a dropped connection."""

from proeve.demo.users import DEMO_PASSWORD
import hashlib
import os


ELINE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"
FINN = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0005/pvb-demo"


def test_upload_survives_a_dropped_connection(login, portal_url, functional_portal, tmp_path):
    data = os.urandom(20 * 1024 * 1024)  # three chunks of at most 8 MiB
    source = tmp_path / "filmpje.mp4"
    source.write_bytes(data)
    before = set(functional_portal.unrestrictedTraverse(ELINE).objectIds())

    page = login("student-eline", DEMO_PASSWORD)
    patches = []

    def drop_the_second_chunk(route, request):
        if request.method == "PATCH":
            patches.append(request.headers.get("upload-offset"))
            if len(patches) == 2:
                route.abort("connectionreset")
                return
        route.continue_()

    page.route("**/@tus-upload/*", drop_the_second_chunk)
    page.goto(f"{portal_url}/{ELINE}/@@upload-evidence")
    assert page.locator("h1").inner_text() == "Bewijsstuk toevoegen"
    page.fill("#evidence-title", "Filmpje van de meterkast")
    page.set_input_files("#evidence-file", str(source))
    page.click("#proeve-evidence-upload button[type=submit]")
    page.wait_for_selector("#proeve-evidence-upload[data-state=done]", timeout=90_000)

    assert page.locator("#evidence-upload-status").inner_text() == "Het bewijsstuk is toegevoegd."
    assert page.locator("#evidence-upload-progress").get_attribute("aria-valuenow") == "100"
    # The dropped chunk was sent again from where the server stood, not from zero.
    assert patches[1] == patches[2] == str(8 * 1024 * 1024)
    functional_portal._p_jar.sync()
    pvb = functional_portal.unrestrictedTraverse(ELINE)
    (added,) = [pvb[i] for i in pvb.objectIds() if i not in before]
    assert added.Title() == "Filmpje van de meterkast"
    assert hashlib.sha256(added.file.data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_the_plain_form_is_offered_as_fallback(login, portal_url):
    page = login("student-eline", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{ELINE}/@@upload-evidence")
    page.click("#evidence-plain-form")
    page.wait_for_load_state()
    assert page.url.endswith("++add++Evidence")
    assert page.locator("input[type=file]").count() == 1


def test_no_upload_page_once_assessment_has_started(login, portal_url):
    page = login("student-finn", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{FINN}/@@upload-evidence")
    assert (
        "insufficient-privileges" in page.url
        or page.locator("#proeve-evidence-upload").count() == 0
    )


def test_an_unfinished_upload_is_continued_after_a_reload(login, portal_url, functional_portal):
    """Issue 20.12: choosing the same file again after a reload started from byte 0 although
    the server held part of it (the browser's own key for the file had changed). The page says
    that an upload waits, and the same file continues it from the server's offset."""
    import base64
    import requests

    data = b"x" * 1_000_000 + os.urandom(2_000_000)
    auth = ("student-eline", DEMO_PASSWORD)
    headers = {"Accept": "application/json", "Tus-Resumable": "1.0.0"}
    name = base64.b64encode(b"meterkast.mov").decode()
    created = requests.post(
        f"{portal_url}/{ELINE}/@tus-upload",
        auth=auth,
        headers={**headers, "Upload-Length": str(len(data)), "Upload-Metadata": f"filename {name}"},
        timeout=60,
    )
    requests.patch(
        created.headers["Location"],
        auth=auth,
        data=data[:1_000_000],
        headers={
            **headers,
            "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": "0",
        },
        timeout=60,
    ).raise_for_status()
    before = set(functional_portal.unrestrictedTraverse(ELINE).objectIds())

    page = login("student-eline", DEMO_PASSWORD)
    offsets = []
    page.on(
        "request",
        lambda request: (
            request.method == "PATCH" and offsets.append(request.headers.get("upload-offset"))
        ),
    )
    page.goto(f"{portal_url}/{ELINE}/@@upload-evidence")
    notice = page.locator("#evidence-unfinished")
    assert "meterkast.mov" in notice.inner_text()
    assert "(33%)" in notice.inner_text()
    page.reload()
    page.set_input_files(
        "#evidence-file",
        files=[{"name": "meterkast.mov", "mimeType": "video/quicktime", "buffer": data}],
    )
    page.click("#proeve-evidence-upload button[type=submit]")
    page.wait_for_selector("#proeve-evidence-upload[data-state=done]", timeout=90_000)
    assert offsets[0] == "1000000"
    assert not notice.is_visible()
    functional_portal._p_jar.sync()
    pvb = functional_portal.unrestrictedTraverse(ELINE)
    (added,) = [pvb[i] for i in pvb.objectIds() if i not in before]
    assert hashlib.sha256(added.file.data).hexdigest() == hashlib.sha256(data).hexdigest()
