"""Nobody sees a candidate who is not theirs: not through any channel of a live server."""

from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from proeve.demo.users import DEMO_PASSWORD
from proeve.journal.store import chain_for
from tests.process_helpers import add_attachment
from tests.security import PERSONAS
import pytest
import re
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
# Every path that serves a file's bytes, Classic and REST (REST links to @@download/file).
DOWNLOAD_PATHS = (
    ("page", "@@download/file"),
    ("page", "@@display-file/file"),
    # The edit form's link to its file: served to whoever may view it, as @@download.
    ("page", "@@edit/++widget++form.widgets.file/@@download"),
    ("api", "@@download/file"),
)


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


def downloads_journaled(portal):
    portal._p_jar.sync()
    chain = chain_for(portal.unrestrictedTraverse(PVB), create=False) or ()
    return sum(e["action"] in ("evidence_downloaded", "attachment_downloaded") for e in chain)


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
def test_file_download(site, session, persona):
    """Every path to a file's bytes: the stored bytes with safe headers and a journal entry,
    or refused; nobody outside the PvB gets a byte."""
    before = downloads_journaled(site)
    served = 0
    for path, data in ((EVIDENCE, b"JPEGDATA-of-sanne"), (ATTACHMENT, b"PDFDATA-of-sanne")):
        for channel, view in DOWNLOAD_PATHS:
            response = session(persona, api=channel == "api").get(
                f"{path}/{view}", allow_redirects=False
            )
            if persona in PVB_VIEWERS:
                assert response.status_code == 200, (path, view)
                assert response.content == data, (path, view)
                assert response.headers["X-Content-Type-Options"] == "nosniff", (path, view)
                served += 1
            else:
                assert response.status_code in (302, 401, 403, 404), (path, view)
                assert data not in response.content, (path, view)
        images = session(persona, api=False).get(f"{path}/@@images/file", allow_redirects=False)
        assert images.status_code in (302, 401, 403, 404), path
        assert data not in images.content, path
    assert downloads_journaled(site) - before == served


# Staff of one school, named in the user directory only to the people they work with.
STAFF = {
    "Nina Noorder": {"platform", "admin_b", "supervisor_b"},
    "Bram Beheer": {"platform", "admin_a", "supervisor_a", "committee_a"},
    # An assessor of school A, on Sanne's PvB but not on Mo's.
    "Bea Bakker": {
        "platform",
        "admin_a",
        "supervisor_a",
        "committee_a",
        "candidate",
        "workplace",
        "assessor",
        "establisher",
    },
}


def directory_leaks(persona, text):
    """Candidates and staff whom text names although persona does not work with them."""
    staff = {name for name, seers in STAFF.items() if persona not in seers and name in text}
    return leaks(persona, text) | staff


# Helper views of Plone: their methods are for templates, not URLs.
HELPER_VIEW_METHODS = (
    "@@plone_context_state/object_title",
    "@@plone_context_state/workflow_state",
    "@@plone_context_state/current_page_url",
    "@@breadcrumbs_view/breadcrumbs",
    "@@plone_portal_state/navigation_root_title",
    "@@plone_tools/catalog",
    "@@plone_layout/bodyClass",
    "@@plone_interface_info/provides?dotted_name=proeve.interfaces.IPvB",
    "@@plone/pretty_title_or_id",
    "@@plone_lock_info/lock_info",
)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_helper_views_are_no_urls(session, persona):
    for api in (True, False):
        s = session(persona, api=api)
        for method in HELPER_VIEW_METHODS:
            response = s.get(f"{PVB}/{method}", allow_redirects=False)
            assert response.status_code in (302, 401, 403, 404), (method, api)
            assert leaks(persona, response.text) == set(), (method, api)
            assert "preparation" not in response.text, (method, api)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_uid_redirects(site, session, persona):
    uid = site.unrestrictedTraverse(PVB).UID()
    for api in (True, False):
        s = session(persona, api=api)
        for view in ("resolveuid", "@@redirect-to-uuid"):
            response = s.get(f"{view}/{uid}", allow_redirects=False)
            unknown = s.get(f"{view}/{'0' * 32}", allow_redirects=False)
            assert unknown.status_code == 404, (view, api)
            if persona in PVB_VIEWERS:
                assert response.status_code in (301, 302), (view, api)
                assert response.headers["Location"].endswith(PVB)
                continue
            # The same answer as for an unknown uid: nothing tells the uid exists.
            assert response.status_code == 404, (view, api)
            assert "kandidaat-0001" not in response.headers.get("Location", "") + response.text


# Channels that list users, with their full names.
DIRECTORY_CHANNELS = (
    (True, "@vocabularies/plone.app.vocabularies.Users"),
    (True, "@vocabularies/plone.app.vocabularies.Users?title=e"),
    (True, "@vocabularies/plone.app.vocabularies.Users?token=student-lotte"),
    (True, "@vocabularies/plone.app.vocabularies.Users?token=student-mo"),
    (True, "@vocabularies/plone.app.vocabularies.Users?token=beheer-noorder"),
    (True, "@vocabularies/plone.app.vocabularies.Principals"),
    (True, "@vocabularies/plone.app.vocabularies.Groups"),
    (True, "@vocabularies/plone.app.vocabularies.Keywords"),
    (True, "@vocabularies/plone.app.vocabularies.Creators"),
    (True, "@querystring"),
    (True, "@principals?search=e"),
    (True, "@groups"),
    (False, "@@getVocabulary?name=plone.app.vocabularies.Users"),
    (False, "@@getVocabulary?name=plone.app.vocabularies.Users&query=e"),
    (False, "@@getVocabulary?name=plone.app.vocabularies.Principals&query=e"),
    (False, "@@getVocabulary?name=plone.app.vocabularies.Groups"),
    (False, "@@qsOptions"),
    (False, "portal_membership/searchMembers?search_param=fullname&search_term="),
    (False, "portal_membership/searchMembers?search_param=email&search_term=demo"),
    (False, "portal_membership/searchForMembers?name=e"),
    (False, "portal_memberdata/searchMemberData?search_param=fullname&search_value=e"),
    (False, "@@usergroup-userprefs"),
    (False, "@@user-information?userid=student-lotte"),
    (False, "portal_memberdata"),
    (False, "mail_password_form"),
)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_user_directory(session, persona):
    for api, path in DIRECTORY_CHANNELS:
        response = session(persona, api=api).get(path, allow_redirects=False)
        assert response.status_code < 500, path
        assert directory_leaks(persona, response.text) == set(), path
        if persona != "platform":
            # No e-mail address of anyone else.
            own = f"{PERSONAS[persona]}@"
            addresses = set(re.findall(r"[\w.-]+@demo\.proeve\.invalid", response.text))
            assert {a for a in addresses if not a.startswith(own)} == set(), path


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_user_vocabulary_names_the_people_one_works_with(session, persona):
    response = session(persona).get("@vocabularies/plone.app.vocabularies.Users")
    if persona == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    for name in ENTITLED[persona]:
        assert shows(response.text, name), f"{persona} should find {name}"
    for name, seers in STAFF.items():
        assert (name in response.text) == (persona in seers), name


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_author_pages_and_others_accounts(session, sent_mail, persona):
    for api in (True, False):
        s = session(persona, api=api)
        for path, userid in (
            ("author/student-lotte", "student-lotte"),
            ("@@author/student-mo", "student-mo"),
            ("author/student-sanne", "student-sanne"),
            ("@@personal-information?userid=student-lotte", "student-lotte"),
            ("@@personal-preferences?userid=student-mo", "student-mo"),
            ("@@change-password?userid=student-sanne", "student-sanne"),
        ):
            response = s.get(path, allow_redirects=False)
            if persona == "platform" or (userid == PERSONAS[persona] and "userid" in path):
                assert response.status_code == 200, (path, api)
                continue
            assert response.status_code in (302, 401, 403, 404), (path, api)
            assert directory_leaks(persona, response.text) == set(), (path, api)
    if persona == "platform":
        return
    # The author page's form mails the person: not for anyone but the platform admin.
    session(persona, api=False).post(
        "author/student-lotte",
        data={
            "form.widgets.subject": "Hallo",
            "form.widgets.message": "Een bericht",
            "form.widgets.sender_from_address": "x@example.org",
            "form.buttons.feedback_send": "Verzenden",
        },
    )
    assert sent_mail == []


ROSTER_POOLS = ("Supervisors", "WorkplaceSupervisors", "Assessors", "Establishers")


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_roster_pools(site, session, persona):
    """The pools a PvB's people are chosen from name only the people one works with."""
    catalog = site.portal_catalog
    (mo_pvb,) = catalog.unrestrictedSearchResults(pvb_people="candidate:student-mo")
    site_path = "/".join(site.getPhysicalPath())
    contexts = (PVB, mo_pvb.getPath()[len(site_path) + 1 :], "scholen/roc-de-vaart")
    s = session(persona)
    for context in contexts:
        for pool in ROSTER_POOLS:
            response = s.get(f"{context}/@vocabularies/proeve.roster.{pool}")
            assert response.status_code < 500, (context, pool)
            assert directory_leaks(persona, response.text) == set(), (context, pool)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_pages_name_only_the_people_one_works_with(session, persona):
    """Bylines, listings and the page head name creators only to those who may see them;
    the byline and the head link to no author page (the platform admin's only)."""
    s = session(persona, api=False)
    for path in ("examenbank", "scholen/roc-de-vaart", "scholen/noorderlicht-college", PVB):
        page = s.get(path, allow_redirects=False, headers={"Accept": "text/html"})
        if page.status_code != 200:
            continue
        assert directory_leaks(persona, page.text) == set(), path
        if persona != "platform":
            assert 'rel="author"' not in page.text, path
            assert not re.search(r'<a class="badge[^"]*"\s+href="[^"]*/author/', page.text), path


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
