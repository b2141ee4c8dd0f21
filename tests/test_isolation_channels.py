"""Nobody sees a candidate who is not theirs: not through any channel of a live server."""

from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import add_attachment
from tests.security import PERSONAS
import pytest
import transaction


# Strings that identify each demo candidate (name, student code, e-mail).
PII = {
    "sanne": ("de Vries", "100231", "student-sanne@"),
    "mo": ("El Amrani", "100232", "student-mo@"),
    "lotte": ("Hoekstra", "N-5531", "student-lotte@"),
}
ALL = set(PII)
# persona -> the candidates they may see something of
ENTITLED = {
    "platform": ALL,
    "admin_a": {"sanne", "mo"},
    "supervisor_a": {"sanne", "mo"},
    "committee_a": {"sanne", "mo"},
    "candidate": {"sanne"},
    "other_candidate": {"mo"},
    "workplace": {"sanne", "lotte"},
    "assessor": {"sanne"},
    "establisher": {"sanne"},
    "admin_b": {"lotte"},
    "supervisor_b": {"lotte"},
    # The koppeling imports candidates and reads results through its own endpoints only.
    "integration_a": set(),
    "anonymous": set(),
}
SANNE = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001"
PVB = f"{SANNE}/pvb-demo"
EVIDENCE = f"{PVB}/foto"
# An attachment of the assignment: part of what the PvB's people approve.
ATTACHMENT = f"{PVB}/bijlage"
SANNE_VIEWERS = {"platform", "admin_a", "supervisor_a", "committee_a", "candidate"}
PVB_VIEWERS = SANNE_VIEWERS | {"workplace", "assessor", "establisher"}


@pytest.fixture
def site(functional_portal):
    pvb = functional_portal.unrestrictedTraverse(PVB)
    createContentInContainer(
        pvb,
        "Evidence",
        checkConstraints=False,
        id="foto",
        title="Foto meterkast",
        file=NamedBlobFile(b"JPEGDATA-of-sanne", filename="meterkast.jpg"),
    )
    add_attachment(pvb, "bijlage", "Tekening", b"PDFDATA-of-sanne", "tekening.pdf")
    transaction.commit()
    return functional_portal


@pytest.fixture
def session(site, request_factory):
    def make(persona, api=True):
        login = PERSONAS[persona]
        if login is None:
            return request_factory(role="Anonymous", api=api)
        return request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)

    return make


def leaks(persona, text):
    """The candidates of whom text shows something that persona may not see."""
    return {
        name
        for name, needles in PII.items()
        if name not in ENTITLED[persona] and any(n in text for n in needles)
    }


def shows(text, name):
    return any(n in text for n in PII[name])


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_object_urls(session, persona):
    api_session, page_session = session(persona), session(persona, api=False)
    for path, viewers in (
        (SANNE, SANNE_VIEWERS),
        (PVB, PVB_VIEWERS),
        (EVIDENCE, PVB_VIEWERS),
        (ATTACHMENT, PVB_VIEWERS),
    ):
        response = api_session.get(path)
        if persona in viewers:
            assert response.status_code == 200, (path, response.status_code)
        else:
            assert response.status_code in (401, 403), (path, response.status_code)
            assert leaks(persona, response.text) == set()
        page = page_session.get(path, allow_redirects=False, headers={"Accept": "text/html"})
        if persona in viewers:
            assert page.status_code == 200, (path, page.status_code)
        else:
            assert page.status_code in (302, 401, 403), (path, page.status_code)
            assert leaks(persona, page.text) == set()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_search_with_all_metadata_and_full_objects(session, persona):
    response = session(persona).get(
        "@search",
        params={"metadata_fields": "_all", "fullobjects": "1", "b_size": "500"},
    )
    assert response.status_code == 200
    assert leaks(persona, response.text) == set()
    for name in ENTITLED[persona]:
        assert shows(response.text, name), f"{persona} should find {name}"


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_querystring_search(session, persona):
    response = session(persona).post(
        "@querystring-search",
        json={
            "query": [
                {
                    "i": "portal_type",
                    "o": "plone.app.querystring.operation.selection.any",
                    "v": ["Candidate", "PvB", "Evidence"],
                }
            ],
            "metadata_fields": "_all",
            "fullobjects": True,
            "b_size": 500,
        },
    )
    assert response.status_code == 200
    assert leaks(persona, response.text) == set()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_navigation_and_breadcrumbs(session, persona):
    s = session(persona)
    nav = s.get("@navigation", params={"expand.navigation.depth": "6"})
    assert nav.status_code == 200
    assert leaks(persona, nav.text) == set()
    for endpoint in ("@breadcrumbs", "@navigation", "@history"):
        response = s.get(f"{PVB}/{endpoint}")
        if persona not in PVB_VIEWERS:
            assert response.status_code in (401, 403), (endpoint, response.status_code)
        assert leaks(persona, response.text) == set(), endpoint


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_user_and_sharing_searches(session, persona):
    s = session(persona)
    users = s.get("@users", params={"query": "student"})
    sharing = s.get("scholen/roc-de-vaart/@sharing", params={"search": "student"})
    other_user = s.get("@users/student-lotte")
    if persona == "platform":
        assert users.status_code == 200
        assert "student-lotte" in users.text
        assert sharing.status_code == 200
        assert other_user.status_code == 200
        return
    for response in (users, sharing, other_user):
        assert response.status_code in (401, 403), response.url
        assert leaks(persona, response.text) == set()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_file_download(session, persona):
    for path, data in ((EVIDENCE, b"JPEGDATA-of-sanne"), (ATTACHMENT, b"PDFDATA-of-sanne")):
        response = session(persona, api=False).get(f"{path}/@@download/file", allow_redirects=False)
        if persona in PVB_VIEWERS:
            assert response.status_code == 200, path
            assert response.content == data
        else:
            assert response.status_code in (302, 401, 403), path
            assert data not in response.content


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_transaction_log(session, persona):
    """Undo is off: @transactions lists nobody's work, to nobody."""
    response = session(persona).get("@transactions")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "undo_disabled"
    assert leaks(persona, response.text) == set()


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_webdav_propfind(session, site, persona):
    """WebDAV is off (docs/operations.md): PROPFIND lists no titles, of any school."""
    response = session(persona, api=False).request(
        "PROPFIND",
        f"{site.absolute_url()}/scholen",
        headers={"Depth": "infinity", "Accept": "text/xml"},
    )
    assert response.status_code == 405, response.status_code
    assert response.json()["error"]["code"] == "webdav_off"
    assert leaks(persona, response.text) == set()
    assert "Foto meterkast" not in response.text
