"""Small things on the group page and the PvB's edit form (issue 20, point 11): the same
person as first and second assessor is refused where it is entered, the bulk form knows the
rule and the texts to say it beside the field before it posts, and archiving a group is
confirmed first."""

from tests.process_helpers import Process
from tests.test_rules_people import GROUP
from tests.test_rules_people import html_client
from tests.test_rules_people import people
from tests.test_rules_people import post_form
from tests.test_rules_people import SANNE_PVB
import html
import json
import pytest
import re


SAME_ASSESSORS = "De tweede beoordelaar moet een ander zijn dan de eerste."


@pytest.fixture
def process(functional_portal, request_factory):
    return Process(request_factory)


def test_the_edit_form_refuses_the_first_assessor_as_the_second(process, functional_portal):
    before = people(process)
    assert before["assessor_1"] == "beoordelaar-1"
    session, base = html_client(functional_portal)
    response = post_form(
        session,
        f"{base}/{SANNE_PVB}/@@edit",
        "edit",
        {"form.widgets.assessor_2:list": "beoordelaar-1"},
    )
    assert response.status_code == 200
    # Beside the second assessor's field, not only at the top of its (perhaps hidden) tab.
    field = re.search(
        r'id="formfield-form-widgets-assessor_2".*?(?=<div class="mb-3 field|</fieldset>)',
        response.text,
        re.S,
    ).group(0)
    assert SAME_ASSESSORS in field
    assert people(process) == before


def test_the_bulk_form_knows_the_rule_and_says_it_beside_the_field(functional_portal):
    session, base = html_client(functional_portal)
    page = session.get(f"{base}/{GROUP}", timeout=60).text
    form = re.search(r'<form id="group-bulk"[^>]*>', page).group(0)
    rules = json.loads(html.unescape(re.search(r'data-people-rules="([^"]*)"', form).group(1)))
    assert rules["field"] == "assessor_2"
    assert rules["others"]["assessor_1"] == SAME_ASSESSORS
    # The new PvBs' phase, to show them in the table at once (no reload).
    texts = json.loads(html.unescape(re.search(r'data-messages="([^"]*)"', form).group(1)))
    assert texts["phase"] == "Voorbereiding"
    for name in ("assessor_1", "assessor_2"):
        assert f'name="{name}"' in page


def test_archiving_a_group_asks_for_a_confirmation_first(process, functional_portal):
    session, base = html_client(functional_portal, "beheer-vaart")
    page = session.get(f"{base}/{GROUP}", timeout=60).text
    link = re.search(r'id="group-archive-link"[^>]*href="([^"]+)"', page) or re.search(
        r'href="([^"]+)"[^>]*id="group-archive-link"', page
    )
    assert link is not None
    # The menu's link shows what archiving means, and archives nothing yet.
    confirmation = session.get(html.unescape(link.group(1)), timeout=60)
    assert confirmation.status_code == 200
    assert 'id="archive-confirm"' in confirmation.text
    assert "niets" in confirmation.text
    assert group_state(process) == "active"
    token = re.search(r'name="_authenticator" value="([^"]+)"', confirmation.text).group(1)
    session.post(
        f"{base}/{GROUP}/content_status_modify",
        data={"workflow_action": "archive", "confirmed": "1", "_authenticator": token},
        timeout=60,
    )
    assert group_state(process) == "archived"


def test_without_the_confirmation_a_post_archives_nothing(process, functional_portal):
    session, base = html_client(functional_portal, "beheer-vaart")
    page = session.get(f"{base}/{GROUP}", timeout=60).text
    token = re.search(r'name="_authenticator" value="([^"]+)"', page)
    token = token.group(1) if token else re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    response = session.post(
        f"{base}/{GROUP}/content_status_modify",
        data={"workflow_action": "archive", "_authenticator": token},
        timeout=60,
    )
    assert 'id="archive-confirm"' in response.text
    assert group_state(process) == "active"


def test_a_teacher_is_not_offered_archiving(functional_portal):
    session, base = html_client(functional_portal)
    page = session.get(f"{base}/{GROUP}", timeout=60).text
    assert 'id="group-archive-link"' not in page


def group_state(process):
    response = process.as_("beheer-vaart").get(f"{GROUP}/@workflow")
    assert response.status_code == 200, response.text
    return response.json()["state"]["id"]
