"""The school's own words (issue 21): a school calls the workplace supervisor
*praktijkopleider* or *praktijkbegeleider* (the default), and every page, mail and export of
that school uses its word; REST keeps its field names, its messages follow the school."""

from email import message_from_bytes
from email import message_from_string
from email import policy
from io import BytesIO
from openpyxl import load_workbook
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
import pytest
import zipfile


SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"
SANNE_PVB = f"{GROUP}/kandidaat-0001/pvb-demo"
MO = f"{GROUP}/kandidaat-0002"
ELINE_PVB = f"{GROUP}/kandidaat-0004/pvb-demo"
FINN_PVB = f"{GROUP}/kandidaat-0005/pvb-demo"
GIJS_PVB = f"{GROUP}/kandidaat-0006/pvb-demo"
BEGELEIDER = "praktijkbegeleider"
OPLEIDER = "praktijkopleider"

# (login, page, whether the page names the role): every page of the school's PvBs, as each
# role sees it.
WALK = [
    ("docent-vaart", SANNE_PVB, True),
    ("praktijk-jansen", SANNE_PVB, True),
    ("student-sanne", SANNE_PVB, True),
    ("beheer-vaart", SANNE_PVB, True),
    ("vaststeller-vaart", SANNE_PVB, True),
    ("examencie-vaart", SANNE_PVB, True),  # with the journal: "praktijk..." approved
    ("docent-vaart", f"{MO}/pvb-demo/edit", True),
    ("docent-vaart", f"{MO}/++add++PvB", True),
    ("beheer-vaart", f"{ELINE_PVB}/@@pvb-people", True),
    ("student-eline", ELINE_PVB, True),
    ("beoordelaar-1", FINN_PVB, True),
    ("beoordelaar-1", f"{FINN_PVB}/@@assessment-form", False),
    ("docent-vaart", f"{GROUP}/kandidaat-0001", False),
    ("examencie-vaart", f"{FINN_PVB}/@@pvb-result", False),
    ("examencie-vaart", GIJS_PVB, True),
    ("docent-vaart", "@@dashboard", False),
    ("praktijk-jansen", "@@dashboard", False),
    ("student-sanne", "@@dashboard", False),
    ("examencie-vaart", "@@dashboard", False),
    ("docent-vaart", GROUP, True),  # with the bulk form for the whole group
    ("beheer-vaart", f"{SCHOOL}/@@team-roster", True),
    ("beheer-vaart", SCHOOL, False),
    ("platformbeheer", f"{SANNE_PVB}/@@sharing", True),  # the roles' titles
]


@pytest.fixture(params=[OPLEIDER, BEGELEIDER])
def school_word(request, functional_portal, request_factory):
    """De Vaart says praktijkopleider (set over REST by its school admin), or says nothing
    and gets the default praktijkbegeleider."""
    word = request.param
    if word == OPLEIDER:
        admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
        response = admin.patch(SCHOOL, json={"workplace_supervisor_term": OPLEIDER})
        assert response.status_code == 204, response.text
    return word


def other(word):
    return BEGELEIDER if word == OPLEIDER else OPLEIDER


def html(request_factory, login, path, language="nl"):
    session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
    response = session.get(path, headers={"Accept": "text/html", "Accept-Language": language})
    assert response.status_code == 200, (login, path, response.status_code)
    return response.text


def assert_in_school_words(text, word, where, names_role=True):
    assert other(word) not in text.lower(), where
    if names_role:
        assert word in text.lower(), where


def mail_text(raw):
    parse = message_from_bytes if isinstance(raw, bytes) else message_from_string
    message = parse(raw, policy=policy.default)
    return f"{message['Subject']}\n{message.get_content()}"


def test_every_page_mail_and_export_uses_the_schools_word(school_word, request_factory, sent_mail):
    # The journal gets the praktijk...'s approval, and the vaststeller a mail naming them.
    Process(request_factory).to_establishment()
    mails = [mail_text(m) for m in sent_mail]
    assert mails, "no mail was sent"
    for text in mails:
        assert_in_school_words(text, school_word, "mail")

    for login, path, names_role in WALK:
        text = html(request_factory, login, path)
        assert_in_school_words(text, school_word, (login, path), names_role)

    supervisor = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    sheet = supervisor.get(f"{GROUP}/@@group-export")
    assert sheet.status_code == 200
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert school_word.capitalize() in rows[0]
    assert_in_school_words(repr(rows), school_word, "group export")
    committee = request_factory(basic_auth=("examencie-vaart", DEMO_PASSWORD), api=False)
    results = committee.get(f"{SCHOOL}/@@results-export")
    assert results.status_code == 200
    rows = list(load_workbook(BytesIO(results.content)).active.iter_rows(values_only=True))
    assert_in_school_words(repr(rows), school_word, "results export", names_role=False)

    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD), api=False)
    export = admin.get(f"{GROUP}/@@dossier-export")
    assert export.status_code == 200
    archive = zipfile.ZipFile(BytesIO(export.content))
    for name in archive.namelist():
        if name.endswith((".json", ".html")):
            text = archive.read(name).decode("utf-8")
            names_role = name.endswith("kandidaat-0001/pvb-demo/summary.html")
            assert_in_school_words(text, school_word, name, names_role)


def test_the_school_admin_chooses_the_word_on_the_schools_edit_form(
    functional_portal, request_factory
):
    form = html(request_factory, "beheer-vaart", f"{SCHOOL}/edit")
    assert 'name="form.widgets.workplace_supervisor_term' in form
    assert "Naam van de begeleider in het bedrijf" in form
    assert OPLEIDER in form
    assert BEGELEIDER in form


def test_english_pages_use_the_english_word(school_word, request_factory):
    english = {OPLEIDER: "workplace trainer", BEGELEIDER: "workplace supervisor"}
    for login, path in [("docent-vaart", SANNE_PVB), ("beheer-vaart", f"{SCHOOL}/@@team-roster")]:
        text = html(request_factory, login, path, language="en").lower()
        assert english[school_word] in text, path
        assert english[other(school_word)] not in text, path


def test_rest_keeps_its_field_names_and_its_messages_follow_the_school(
    school_word, request_factory
):
    process = Process(request_factory)
    process.to_establishment()
    admin = process.as_("beheer-vaart")
    school = admin.get(SCHOOL).json()
    assert school["workplace_supervisor_term"]["token"] == school_word
    # Field names and role codes stay; the role's title is the school's word.
    assert "workplace_supervisor" in process.dossier()["people"]
    approved = [e for e in process.journal()["items"] if e["action"] == "approved"]
    jansen = [e for e in approved if e["actor"] == "praktijk-jansen"]
    assert [(e["role"], e["role_title"]) for e in jansen] == [("workplace_supervisor", school_word)]
    # A refusal and a check say the school's word.
    response = admin.patch(
        f"{SCHOOL}/@school-roster",
        json={"userid": "praktijk-jansen", "groups": ["WorkplaceSupervisors", "Assessors"]},
    )
    assert response.status_code == 204, response.text
    refused = admin.patch(f"{SANNE_PVB}/@people", json={"assessor_2": "praktijk-jansen"})
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["field"] == "assessor_2"
    assert_in_school_words(refused.json()["error"]["message"], school_word, "@people")
    checks = admin.get(f"{MO}/pvb-demo/@dossier").json()["checks"]["people"]
    assert f"{school_word.capitalize()}: nog niet ingevuld." in checks
    assert_in_school_words(" ".join(checks), school_word, "@dossier checks")


def test_who_serves_two_schools_is_called_by_each_schools_word(functional_portal, request_factory):
    """Joop Jansen is on a PvB of each demo school: Noorderlicht says praktijkopleider, De
    Vaart the default praktijkbegeleider."""
    lotte = "scholen/noorderlicht-college/koude-2023-25462/kandidaat-0001/pvb-demo"
    for path, word in ((lotte, OPLEIDER), (SANNE_PVB, BEGELEIDER)):
        text = html(request_factory, "praktijk-jansen", path)
        assert_in_school_words(text, word, path)
