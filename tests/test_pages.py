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
