"""The PvB page shows what its people approve (FAQ 9, 10): the PvB's frozen copy of the
assignment (text, work processes, criteria with the crucial ones marked), the exam location,
the period and the attachments, which every person of the PvB can download and nobody else."""

from plone.app.textfield.value import RichTextValue
from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import add_attachment
import hashlib
import pytest
import re
import transaction


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"
ATTACHMENT = f"{PVB}/tekening"
DATA = b"PDFDATA-tekening-van-sanne"
ASSIGNMENT_TEXT = "Je legt een complete elektrotechnische installatie aan"
CRITERION = "Controleert de tekeningen en het materiaal op volledigheid"
# Everybody who may open Sanne's PvB: school staff, the candidate and the PvB's people.
PVB_PEOPLE = (
    "docent-vaart",
    "examencie-vaart",
    "student-sanne",
    "praktijk-jansen",
    "beoordelaar-1",
    "vaststeller-vaart",
)
# Another candidate of the same school, another school's candidate and teacher.
OUTSIDERS = ("student-mo", "student-lotte", "docent-noorder")


@pytest.fixture
def site(functional_portal):
    pvb = functional_portal.unrestrictedTraverse(PVB)
    add_attachment(pvb, "tekening", "Tekening meterkast", DATA, "tekening.pdf")
    transaction.commit()
    return functional_portal


@pytest.fixture
def page(site, request_factory):
    def get(login, path=PVB, **kwargs):
        session = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False)
        return session.get(path, headers={"Accept": "text/html", "Accept-Language": "nl"}, **kwargs)

    return get


@pytest.fixture
def rest(site, request_factory):
    def get(login, path):
        return request_factory(basic_auth=(login, DEMO_PASSWORD)).get(path)

    return get


def section(html):
    """The part of the PvB page that shows the approved content."""
    start = html.index('id="pvb-assignment"')
    return html[start : html.index('id="pvb-appointments-heading"', start)]


def test_the_candidate_reads_what_she_approves_and_downloads_the_attachment(page):
    response = page("student-sanne")
    assert response.status_code == 200
    shown = section(response.text)
    assert ASSIGNMENT_TEXT in shown
    assert CRITERION in shown
    assert shown.count('class="badge bg-secondary"') >= 3  # the crucial criteria
    assert "Installatiebedrijf Jansen, Zwolle" in shown  # the exam location
    assert "01-09-2026" in shown  # the period, written the one way pages write dates
    assert "31-01-2027" in shown
    links = re.findall(r'href="([^"]*/tekening/@@download/file)"', shown)
    assert links
    download = page("student-sanne", links[0])
    assert download.status_code == 200
    assert download.content == DATA


def test_the_approve_page_shows_the_same_content(page):
    shown = page("student-sanne", f"{PVB}/@@pvb-approve").text
    assert ASSIGNMENT_TEXT in shown
    assert CRITERION in shown
    assert "tekening/@@download/file" in shown


@pytest.mark.parametrize("login", PVB_PEOPLE)
def test_every_person_of_the_pvb_reads_it_and_downloads_the_attachment(page, login):
    shown = section(page(login).text)
    assert ASSIGNMENT_TEXT in shown
    assert "tekening/@@download/file" in shown
    download = page(login, f"{ATTACHMENT}/@@download/file")
    assert download.status_code == 200
    assert download.content == DATA


@pytest.mark.parametrize("login", OUTSIDERS)
def test_an_outsider_gets_nothing_of_the_pvb_or_its_attachment(page, rest, login):
    for path in (PVB, f"{PVB}/@@pvb-approve", ATTACHMENT, f"{ATTACHMENT}/@@download/file"):
        response = page(login, path, allow_redirects=False)
        assert response.status_code in (302, 401, 403), (path, response.status_code)
        assert DATA not in response.content
        assert CRITERION.encode() not in response.content
    for path in (f"{PVB}/@dossier", ATTACHMENT):
        response = rest(login, path)
        assert response.status_code in (401, 403), (path, response.status_code)
        assert DATA not in response.content
        assert b"tekening.pdf" not in response.content


def test_the_dossier_lists_the_attachments_that_are_approved(rest):
    dossier = rest("student-sanne", f"{PVB}/@dossier").json()
    assert dossier["assignment"]["text"].startswith("<p>" + ASSIGNMENT_TEXT)
    [attachment] = dossier["attachments"]
    assert attachment["title"] == "Tekening meterkast"
    assert attachment["filename"] == "tekening.pdf"
    assert attachment["size"] == len(DATA)
    assert attachment["sha256"] == hashlib.sha256(DATA).hexdigest()
    assert attachment["download"].endswith("/tekening/@@download/file")


def test_the_page_shows_the_frozen_copy_not_the_bank(site, page):
    bank = site.unrestrictedTraverse("examenbank/eerste-monteur-installatie-woning")
    bank.text = RichTextValue("<p>Een latere tekst in de bank</p>", "text/html", "text/x-html-safe")
    transaction.commit()
    shown = section(page("student-sanne").text)
    assert ASSIGNMENT_TEXT in shown
    assert "Een latere tekst in de bank" not in shown


def test_the_frozen_text_is_shown_as_safe_html(site, page):
    pvb = site.unrestrictedTraverse(PVB)
    pvb.assignment_snapshot = dict(
        pvb.assignment_snapshot,
        text='<p>Veilig</p><script>alert("x")</script><img src="x" onerror="alert(1)">',
    )
    transaction.commit()
    shown = section(page("student-sanne").text)
    assert "Veilig" in shown
    assert "<script>alert" not in shown
    assert "onerror" not in shown
