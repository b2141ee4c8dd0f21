"""Classic UI pages of every type render (no errors) for the people who may use them."""

from proeve.demo.users import DEMO_PASSWORD
import pytest
import re


SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"
PVB = f"{GROUP}/kandidaat-0001/pvb-demo"

PAGES = [
    ("docent-vaart", "scholen"),
    ("docent-vaart", SCHOOL),
    ("beheer-vaart", f"{SCHOOL}/team-roster"),
    ("docent-vaart", "examenbank"),
    ("docent-vaart", "examenbank/eerste-monteur-installatie-woning"),
    ("docent-vaart", f"{SCHOOL}/opdrachtenbank/meterkast-vervangen"),
    ("docent-vaart", GROUP),
    ("docent-vaart", f"{GROUP}/kandidaat-0001"),
    ("praktijk-jansen", PVB),
    ("student-sanne", PVB),
    ("docent-vaart", f"{PVB}/edit"),
    ("beheer-vaart", f"{SCHOOL}/edit"),
    ("beheer-vaart", f"{SCHOOL}/++add++ExamGroup"),
    ("docent-vaart", f"{GROUP}/++add++Candidate"),
    ("docent-vaart", f"{GROUP}/kandidaat-0002/++add++PvB"),
    ("docent-vaart", f"{SCHOOL}/opdrachtenbank/++add++ExamAssignment"),
    ("platformbeheer", "scholen/++add++School"),
    ("platformbeheer", f"{SCHOOL}/@@sharing"),
]


@pytest.fixture
def page(request_factory):
    def get(login, path):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
        return session.get(path, headers={"Accept": "text/html", "Accept-Language": "nl"})

    return get


@pytest.mark.parametrize(("login", "path"), PAGES)
def test_page_renders(page, login, path):
    response = page(login, path)
    assert response.status_code == 200, (path, response.status_code)
    assert "<html" in response.text


def test_pvb_add_form_offers_only_the_roster_pool(page):
    html = page("docent-vaart", f"{GROUP}/kandidaat-0002/++add++PvB").text
    assert "Examenlocatie" in html
    assert "BPV-bedrijf" not in html
    assert "beoordelaar-1" in html
    assert "beheer-noorder" not in html


def test_cohort_is_explained(page):
    html = page("docent-vaart", f"{SCHOOL}/opdrachtenbank/++add++ExamAssignment").text
    assert "startjaar van het kwalificatiedossier" in html


def test_roster_page_is_closed_to_the_other_school(page):
    response = page("beheer-noorder", f"{SCHOOL}/team-roster")
    refused = response.status_code in (401, 403) or "insufficient-privileges" in response.url
    assert refused, (response.status_code, response.url)
    assert "beoordelaar-1" not in response.text


def test_pvb_page_and_dossier_show_the_content_checker_when_meaningful(page, request_factory):
    def people(html):
        return html.split('id="pvb-people"', 1)[1].split("</table>", 1)[0]

    supervisor = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    # A school without a content check and nobody filled in: not shown.
    assert "Inhoudelijk vaststeller" not in people(page("docent-vaart", PVB).text)
    assert "content_checker" not in supervisor.get(f"{PVB}/@dossier").json()["people"]
    # The school checks content: the empty place is shown, so it gets filled in.
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    assert admin.patch(SCHOOL, json={"content_check_required": True}).status_code == 204
    assert "Inhoudelijk vaststeller" in people(page("docent-vaart", PVB).text)
    assert supervisor.get(f"{PVB}/@dossier").json()["people"]["content_checker"] is None
    # Filled in: shown with their name, in the dossier too.
    changed = supervisor.patch(f"{PVB}/@people", json={"content_checker": "vaststeller-vaart"})
    assert changed.status_code == 204, changed.text
    shown = people(page("docent-vaart", PVB).text)
    assert re.search(r"Inhoudelijk vaststeller</th>\s*<td>Vera Vast</td>", shown), shown
    dossier = supervisor.get(f"{PVB}/@dossier").json()
    assert dossier["people"]["content_checker"] == {
        "userid": "vaststeller-vaart",
        "fullname": "Vera Vast",
    }


def checks(html):
    """The checks block of the PvB page ("" when it is not shown)."""
    if 'id="pvb-checks"' not in html:
        return ""
    return html.split('id="pvb-checks"', 1)[1].split("</div>", 1)[0]


def test_pvb_page_shows_the_checks_to_the_schools_staff(page, request_factory):
    from tests.process_helpers import Process

    process = Process(request_factory)
    process.to_establishment()
    supervisor = process.as_("docent-vaart")
    removed = supervisor.patch(f"{PVB}/@people", json={"assessor_2": None})
    assert removed.status_code == 204, removed.text
    # The same messages as the dossier's checks, in plain Dutch.
    dossier = process.dossier()["checks"]
    for login in ("docent-vaart", "beheer-vaart", "vaststeller-vaart"):
        shown = checks(page(login, PVB).text)
        assert "Tweede beoordelaar: nog niet ingevuld." in shown, login
        # The demo roster has no register entries: the first assessor's is unknown.
        assert "Eerste beoordelaar" in shown, login
        assert "(beoordelaar-1)" in shown, login
        assert "Register gekwalificeerde beoordelaars is verlopen of onbekend" in shown, login
        for message in dossier["people"] + dossier["warnings"]:
            assert message in shown, (login, message)
    # Not for those who cannot act on them.
    for login in ("student-sanne", "praktijk-jansen", "beoordelaar-1"):
        assert checks(page(login, PVB).text) == "", login
    # A register entry that has not expired ends its warning.
    admin = process.as_("beheer-vaart")
    roster = f"{SCHOOL}/@school-roster"
    entry = admin.patch(roster, json={"userid": "beoordelaar-1", "register_expiry": "2099-12-31"})
    assert entry.status_code < 300, entry.text
    shown = checks(page("docent-vaart", PVB).text)
    assert "(beoordelaar-1)" not in shown
    assert "Tweede beoordelaar: nog niet ingevuld." in shown


def test_the_checks_speak_english(request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    html = session.get(PVB, headers={"Accept": "text/html", "Accept-Language": "en"}).text
    assert "First assessor" in checks(html)
    assert "Register of qualified assessors has expired or is unknown" in checks(html)


CONTACT = {
    "contact_name": "Karin Kontakt",
    "contact_email": "examens@rocdevaart.example",
    "contact_phone": "030-123 45 67",
}


def test_the_schools_contact_person_is_shown_to_its_users_only(page, request_factory):
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    assert "Karin Kontakt" not in page("student-sanne", "@@dashboard").text
    assert admin.patch(SCHOOL, json=CONTACT).status_code == 204
    for login, path in (
        ("student-sanne", "@@dashboard"),
        ("student-sanne", PVB),
        ("praktijk-jansen", PVB),
        ("docent-vaart", "@@dashboard"),
    ):
        html = page(login, path).text
        contact = html.split('id="proeve-contact"', 1)[1].split("</footer>", 1)[0]
        assert "Neem contact op met" in contact, (login, path)
        assert "Karin Kontakt" in contact
        assert "mailto:examens@rocdevaart.example" in contact
        assert "tel:0301234567" in contact
    # Users of the other school see nobody of De Vaart.
    for login in ("student-lotte", "beheer-noorder", "docent-noorder"):
        assert "Karin Kontakt" not in page(login, "@@dashboard").text, login
    # Without a name: the school, and how to reach it.
    assert admin.patch(SCHOOL, json={"contact_name": None}).status_code == 204
    html = page("student-sanne", "@@dashboard").text
    contact = html.split('id="proeve-contact"', 1)[1].split("</footer>", 1)[0]
    assert "Neem contact op met" in contact
    assert "ROC De Vaart" in contact
    assert "mailto:examens@rocdevaart.example" in contact


@pytest.mark.parametrize(
    ("field", "value"),
    [("contact_email", "geen-adres"), ("contact_phone", "bel maar")],
)
def test_a_wrong_contact_is_refused_and_changes_nothing(request_factory, field, value):
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    admin.headers["Accept-Language"] = "nl"
    response = admin.patch(SCHOOL, json={"contact_name": "Karin Kontakt", field: value})
    assert response.status_code == 400, response.text
    assert "Vul een" in response.text
    assert admin.get(SCHOOL).json().get("contact_name") in (None, "")


def test_group_and_assignment_pages_name_the_cohort_in_full(page):
    lead = page("docent-vaart", GROUP).text.split('class="lead"', 1)[1].split("</p>", 1)[0]
    assert "Cohort (kwalificatiedossier)" in lead
    assert "2024" in lead
    facts = page("docent-vaart", f"{SCHOOL}/opdrachtenbank/meterkast-vervangen").text
    facts = facts.split('id="assignment-facts"', 1)[1].split("</dl>", 1)[0]
    assert "Cohort (kwalificatiedossier)" in facts
