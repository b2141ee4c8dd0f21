"""Issue 20 (points 4, 9, 10): the roster page, messages and dates in plain Dutch, names in
the group export."""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import UTC
from io import BytesIO
from openpyxl import load_workbook
from proeve.dates import format_date
from proeve.dates import format_datetime
from proeve.demo.users import DEMO_PASSWORD
import pytest
import re


SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"


@pytest.fixture
def as_user(request_factory):
    def session(login, api=False):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)
        if not api:
            session.headers.update({"Accept": "text/html", "Accept-Language": "nl"})
        return session

    return session


def test_group_export_lists_people_by_full_name(functional_portal, as_user):
    response = as_user("docent-vaart").get(f"{GROUP}/@@group-export")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    people = [row[header.index("Eerste beoordelaar")] for row in rows[1:]]
    assert "Bea Bakker" in people
    cells = {cell for row in rows[1:] for cell in row}
    assert not cells & {"beoordelaar-1", "beoordelaar-2", "docent-vaart", "praktijk-jansen"}


def test_roster_page_is_dutch_with_unique_ids(functional_portal, as_user):
    response = as_user("beheer-vaart").get(f"{SCHOOL}/team-roster")
    assert response.status_code == 200
    html = response.text
    assert "Rooster van ROC De Vaart" in html
    assert "Beoordelaars" in html
    assert "Medewerker toevoegen" in html
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    for english in ("Roster", "Add person to roster", "Assessors", "Admins", "Edit"):
        assert english not in text
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def token_of(html):
    return re.search(r'data-token="([0-9a-f]+)"', html).group(1)


def post_roster(session, **form):
    token = token_of(session.get(f"{SCHOOL}/team-roster").text)
    return session.post(f"{SCHOOL}/@@team-roster", data={"_authenticator": token, **form})


NEW_STAFF = {
    "action": "add",
    "username": "nora-nieuw",
    "fullname": "Nora Nieuw",
    "email": "nora@example.org",
    "groups:list": ["Assessors", "Establishers"],
}


def test_school_admin_creates_a_staff_login_on_the_roster_page(
    functional_portal, as_user, sent_mail
):
    admin = as_user("beheer-vaart")
    response = post_roster(admin, **NEW_STAFF)
    assert response.status_code == 200
    assert "Login nora-nieuw is aangemaakt" in response.text
    member = re.search(r'<li[^>]*data-userid="nora-nieuw".*?</li>', response.text, re.S).group(0)
    assert "Nora Nieuw" in member
    assert "Beoordelaars" in member
    assert "Vaststellers" in member
    roster = as_user("beheer-vaart", api=True).get(f"{SCHOOL}/@school-roster").json()
    entry = next(item for item in roster["items"] if item["userid"] == "nora-nieuw")
    assert entry["groups"] == ["Assessors", "Establishers"]
    assert entry["fullname"] == "Nora Nieuw"
    assert len(sent_mail) == 1
    assert b"nora@example.org" in sent_mail[0]


def test_roster_page_refuses_bad_input_in_dutch_and_writes_nothing(functional_portal, as_user):
    admin = as_user("beheer-vaart")
    response = post_roster(admin, **dict(NEW_STAFF, email="geen-adres"))
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in." in response.text
    assert 'value="nora-nieuw"' in response.text  # what was entered stays in the form
    no_groups = post_roster(admin, **dict(NEW_STAFF, **{"groups:list": []}))
    assert "Kies een of meer groepen." in no_groups.text
    roster = as_user("beheer-vaart", api=True).get(f"{SCHOOL}/@school-roster").json()
    assert "nora-nieuw" not in {item["userid"] for item in roster["items"]}


def test_only_the_school_admin_creates_logins_on_the_roster_page(functional_portal, as_user):
    supervisor = as_user("docent-vaart")
    page = supervisor.get(f"{SCHOOL}/team-roster")
    assert page.status_code == 200  # the ROC-begeleider reads the roster
    assert "roster-add-form" not in page.text
    refused = post_roster(supervisor, **NEW_STAFF)
    assert refused.url.endswith("/insufficient-privileges")
    roster = as_user("beheer-vaart", api=True).get(f"{SCHOOL}/@school-roster").json()
    assert "nora-nieuw" not in {item["userid"] for item in roster["items"]}


def test_school_admin_changes_groups_and_register_on_the_roster_page(functional_portal, as_user):
    admin = as_user("beheer-vaart")
    response = post_roster(
        admin,
        action="change",
        userid="beoordelaar-1",
        **{"groups:list": ["Assessors", "Establishers"]},
        register_number="R-123",
        register_expiry="2028-11-04",
    )
    assert "De gegevens van Bea Bakker zijn opgeslagen." in response.text
    member = re.search(r'<li[^>]*data-userid="beoordelaar-1".*?</li>', response.text, re.S).group(0)
    assert "04-11-2028" in member
    assert "4-11-28" not in member
    roster = as_user("beheer-vaart", api=True).get(f"{SCHOOL}/@school-roster").json()
    entry = next(item for item in roster["items"] if item["userid"] == "beoordelaar-1")
    assert entry["groups"] == ["Assessors", "Establishers"]
    assert entry["register_expiry"] == "2028-11-04"


CREBO_ERROR = (
    "Vul een crebo in (precies 5 cijfers, bijvoorbeeld 25451) of een keuzedeelcode (een K en "
    "4 cijfers, bijvoorbeeld K0080)."
)
COHORT_ERROR = "Vul het cohort in als jaartal tussen 2000 en 2100, bijvoorbeeld 2024."


def group_form(session, cohort, crebo):
    page = session.get(f"{SCHOOL}/++add++ExamGroup").text
    return session.post(
        f"{SCHOOL}/++add++ExamGroup",
        data={
            "_authenticator": token_of(page),
            "form.widgets.IBasic.title": "Mei 2026",
            "form.widgets.qualification_cohort": cohort,
            "form.widgets.crebo": crebo,
            "form.buttons.save": "Opslaan",
        },
    )


def visible(html):
    return re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)


@pytest.mark.parametrize("cohort", ["twintig", "1999"])
def test_group_form_says_in_dutch_what_is_wrong(functional_portal, as_user, cohort):
    text = visible(group_form(as_user("beheer-vaart"), cohort, "2545").text)
    assert CREBO_ERROR in text
    assert COHORT_ERROR in text
    for english in ("integer literal", "Aan voorwaarde wordt niet voldaan", "te klein"):
        assert english not in text


def test_group_form_ends_with_proeves_own_message(functional_portal, as_user):
    response = group_form(as_user("beheer-vaart"), "2024", "25451")
    assert response.status_code == 200
    text = visible(response.text)
    assert "Examengroep aangemaakt." in text
    assert "Item aangemaakt" not in text
    assert 'value="2.024"' not in as_user("beheer-vaart").get(f"{response.url}/edit").text


@pytest.mark.parametrize(
    ("cohort", "crebo"), [("twintig", "25451"), (1999, "25451"), (2024, "2545")]
)
def test_rest_says_in_dutch_what_is_wrong(functional_portal, as_user, cohort, crebo):
    response = as_user("beheer-vaart", api=True).post(
        SCHOOL,
        json={"@type": "ExamGroup", "title": "Mei", "qualification_cohort": cohort, "crebo": crebo},
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 400
    expected = COHORT_ERROR if crebo == "25451" else CREBO_ERROR
    assert expected in response.text, response.text


def test_bulk_form_says_in_dutch_what_is_wrong(functional_portal, as_user):
    response = as_user("docent-vaart", api=True).post(
        f"{GROUP}/@bulk-pvb",
        json={"assignment_uid": "onzin", "assessor_1": "beheer-noorder", "dry_run": True},
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "Examenopdracht: Kies een opdracht uit de examenbank van de school." in error["message"]
    assert error["fields"]["assessor_1"] == (
        "Kies iemand uit de juiste groep van het rooster van de school."
    )
    assert "Constraint" not in response.text
    assert "assignment_uid:" not in error["message"]


PVB = f"{GROUP}/kandidaat-0006/pvb-demo"  # closed: approvals, forms and a journal


def test_dates_are_written_one_way_in_amsterdam_time():
    assert format_date(date(2026, 9, 1)) == "01-09-2026"
    assert format_date("2026-09-01") == "01-09-2026"
    assert format_date(None) == ""
    # Summer and winter time: the journal's UTC times as Amsterdam's clock shows them.
    assert format_datetime("2026-09-01T12:05:00+00:00") == "01-09-2026 14:05"
    assert format_datetime(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "01-01-2027 00:30"
    assert format_datetime(DateTime("2026/09/01 12:05:00 UTC")) == "01-09-2026 14:05"
    # A time a person entered (an appointment) is kept as entered.
    assert format_datetime(datetime(2026, 9, 1, 9, 0)) == "01-09-2026 09:00"
    assert format_datetime("2026-09-01") == "01-09-2026"


def test_pvb_page_and_journal_show_no_iso_timestamps(functional_portal, as_user):
    response = as_user("docent-vaart").get(PVB)
    assert response.status_code == 200
    text = visible(response.text)
    assert "Logboek" in text or "Journaal" in text
    assert re.findall(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", text)  # the journal's times
    assert not re.findall(r"\d{4}-\d{2}-\d{2}", text)
    assert "(UTC)" not in text
    assert "SHA-256" not in text


def test_candidate_page_writes_dates_the_one_way(functional_portal, as_user):
    import transaction

    candidate = functional_portal.unrestrictedTraverse(f"{GROUP}/kandidaat-0001")
    candidate.diploma_date = date(2027, 2, 15)
    transaction.commit()
    text = visible(as_user("docent-vaart").get(f"{GROUP}/kandidaat-0001").text)
    assert "15-02-2027" in text
    assert "15-2-27" not in text


def test_school_page_leads_its_staff_to_the_roster(functional_portal, as_user):
    link = 'id="school-roster-link"'
    assert link in as_user("beheer-vaart").get(SCHOOL).text
    assert link in as_user("docent-vaart").get(SCHOOL).text
    assert link not in as_user("beoordelaar-1").get(SCHOOL).text


def test_exports_write_dates_as_days_in_the_one_format(functional_portal, as_user):
    group = as_user("docent-vaart").get(f"{GROUP}/@@group-export")
    sheet = load_workbook(BytesIO(group.content)).active
    header = [cell.value for cell in sheet[1]]
    starts = [row[header.index("startdatum")] for row in sheet.iter_rows(min_row=2)]
    dated = [cell for cell in starts if cell.value]
    assert dated
    assert all(cell.number_format == "DD-MM-YYYY" for cell in dated)
    results = as_user("examencie-vaart").get(f"{SCHOOL}/@@results-export")
    rows = list(load_workbook(BytesIO(results.content)).active.iter_rows())
    day = rows[1][7]
    assert isinstance(day.value, datetime)  # a date cell (openpyxl reads it as a datetime)
    assert day.number_format == "DD-MM-YYYY"
