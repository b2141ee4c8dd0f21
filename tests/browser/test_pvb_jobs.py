"""Jobs on a PvB in execution, through the pages only: the school admin changes an assessor
with a reason that the journal shows, and the candidate adds an appointment from the PvB page
and is back on it."""

from proeve.demo.users import DEMO_PASSWORD


ELINE_PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0004/pvb-demo"  # in execution
REASON = "Eerste beoordelaar langdurig ziek"


def test_school_admin_changes_an_assessor_during_execution(login, page, portal_url):
    login("beheer-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{ELINE_PVB}")
    page.click("#pvb-change-people")
    page.select_option("#people-assessor_1", "beoordelaar-2")
    page.select_option("#people-assessor_2", "beoordelaar-1")
    page.fill("#people-reason", REASON)
    page.click("#pvb-people-save")
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(ELINE_PVB)
    assert "De betrokkenen zijn gewijzigd." in page.inner_text("#global_statusmessage")
    people = page.inner_text("#pvb-people")
    assert "Eerste beoordelaar\tBen Visser" in people
    newest = page.locator("#pvb-journal tbody tr").first.inner_text()
    assert "betrokkenen gewijzigd" in newest
    assert f"Reden: {REASON}" in newest


def test_an_appointment_is_added_from_the_pvb_page(login, page, portal_url):
    login("student-eline", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{ELINE_PVB}")
    page.click("#pvb-add-appointment")
    assert "Afspraak toevoegen" in page.inner_text("h1")
    page.fill("#form-widgets-IBasic-title", "Eindgesprek met de praktijkbegeleider")
    page.fill("#form-widgets-start", "2027-03-02T09:30")
    page.fill("#form-widgets-location", "Zwolle")
    page.click("#form-buttons-save")
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(ELINE_PVB)
    assert "De afspraak is toegevoegd." in page.inner_text("#global_statusmessage")
    assert "Eindgesprek met de praktijkbegeleider" in page.inner_text("#pvb-appointments")
