"""An assignment can be read in full before it is chosen for a group."""

from proeve.demo.users import DEMO_PASSWORD
import re
import requests


GROUP = "scholen/roc-de-vaart/mei-2024-25451"


def html(functional_portal, login, path):
    response = requests.get(
        f"{functional_portal.absolute_url()}/{path}",
        auth=(login, DEMO_PASSWORD),
        headers={"Accept": "text/html"},
        timeout=60,
    )
    assert response.status_code == 200, path
    return response


def test_the_group_page_links_every_assignment_to_its_full_text(functional_portal):
    page = html(functional_portal, "docent-vaart", GROUP).text
    links = re.findall(r'href="([^"]*/resolveuid/[0-9a-f]+)"', page)
    assert links
    assignment = requests.get(
        links[0], auth=("docent-vaart", DEMO_PASSWORD), headers={"Accept": "text/html"}, timeout=60
    )
    assert assignment.status_code == 200
    assert 'id="assignment-text"' in assignment.text
    assert "proeve-criteria" in assignment.text


def test_the_assignment_page_shows_text_criteria_and_crucial_ones(functional_portal):
    page = html(
        functional_portal, "docent-vaart", "examenbank/eerste-monteur-installatie-woning"
    ).text
    assert "Je legt een complete elektrotechnische installatie aan" in page
    assert "Controleert de tekeningen en het materiaal op volledigheid" in page
    assert page.count('class="badge bg-secondary"') >= 3  # the crucial criteria
    assert "Landelijk vastgesteld" in page
