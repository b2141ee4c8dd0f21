"""The roster page of a school on a phone: Dutch, no horizontal scroll, a staff login added."""

from proeve.demo.users import DEMO_PASSWORD


ROSTER = "scholen/roc-de-vaart/team-roster"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_roster_page_fits_a_phone_and_adds_a_staff_login(page, login, portal_url):
    page.set_viewport_size({"width": 390, "height": 844})
    login("beheer-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{ROSTER}")
    assert page.locator("#roster-heading").inner_text() == "Rooster van ROC De Vaart"
    assert page.evaluate(OVERFLOW) <= 0
    # The change form of a member, opened, still fits.
    page.locator("#roster-member-0 summary").click()
    assert page.evaluate(OVERFLOW) <= 0
    page.locator("#roster-add-heading").click()
    assert page.evaluate(OVERFLOW) <= 0
    page.fill("#roster-add-username", "nora-nieuw")
    page.fill("#roster-add-fullname", "Nora Nieuw")
    page.fill("#roster-add-email", "nora@example.org")
    page.check("#roster-add-group-Assessors")
    page.click("#roster-add-submit")
    page.wait_for_load_state()
    assert "Login nora-nieuw is aangemaakt" in page.locator("body").inner_text()
    member = page.locator('li[data-userid="nora-nieuw"]')
    assert "Nora Nieuw" in member.inner_text()
    assert "Beoordelaars" in member.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
