"""Seeing the assessment in a real browser (issue 20, points 6, 11 and 13): the assessor goes
from Beoordelen straight to the form, hears beside the criterion that an Onvoldoende needs a
justification, records, and is offered no Beoordelen after; the exam committee reads both
forms beside its decision and signs it in a dialog; the candidate then reads the forms and
the motivation. The vaststeller's send-back is its own part; the bulk form stops the first
assessor as the second before it posts, and shows the new PvBs in its table."""

from proeve.demo.users import DEMO_PASSWORD
from tests.process_helpers import Process
from tests.process_helpers import SANNE_PVB
import pytest


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SCHOOL_ASSIGNMENT = "scholen/roc-de-vaart/opdrachtenbank/meterkast-vervangen"
JUSTIFICATION = "Geen werkplanning gemaakt."
MOTIVATION = "Werkproces 1 onvoldoende uitgevoerd."


@pytest.fixture
def process(functional_portal, request_factory, sent_mail):
    return Process(request_factory)


def open_pvb(login, portal_url, userid):
    page = login(userid, DEMO_PASSWORD)
    page.goto(f"{portal_url}/{SANNE_PVB}")
    return page


def test_assess_read_and_establish_then_the_candidate_reads(login, page, portal_url, process):
    process.to_assessment()
    process.fill_form("beoordelaar-2")

    # The first assessor: Beoordelen opens the form itself.
    open_pvb(login, portal_url, "beoordelaar-1")
    page.click("#pvb-assess")
    page.wait_for_load_state()
    assert page.url.endswith("/@@assessment-form")
    assert page.locator("#assessment-form").count() == 1
    criteria = page.locator("fieldset.proeve-criterion")
    for n in range(criteria.count()):
        criteria.nth(n).locator("input[value=satisfied]").check()
    first = criteria.nth(0)
    first.locator("input[value=unsatisfactory]").check()
    # Past the browser's own check, the server says it beside the criterion too.
    first.locator("textarea").evaluate("el => { el.required = false; }")
    page.click("#assessment-save")
    page.wait_for_load_state()
    first = page.locator("fieldset.proeve-criterion").nth(0)
    assert first.locator(".proeve-justification-missing").is_visible()
    assert first.locator("input[value=unsatisfactory]").is_checked()
    first.locator("textarea").fill(JUSTIFICATION)
    page.click("#assessment-record")
    page.click("#assessment-record-confirm")
    page.wait_for_load_state()
    page.goto(f"{portal_url}/{SANNE_PVB}")
    assert page.locator("#pvb-assess").count() == 0
    assert "Er wacht hier nu niets op u." in page.locator(".proeve-actions").inner_text()
    page.context.clear_cookies()

    # The exam committee reads both forms beside its decision, and signs it.
    open_pvb(login, portal_url, "examencie-vaart")
    page.click("#pvb-result-open")
    page.wait_for_load_state()
    forms = page.locator("#result-forms")
    assert forms.locator(".proeve-form-read").count() == 2
    failed_row = forms.locator("tr[data-result=unsatisfactory]")
    assert JUSTIFICATION in failed_row.first.inner_text()
    assert "Onvoldoende" in failed_row.first.inner_text()
    page.click("#pvb-result-submit")  # no choice yet: the dialog waits for it
    assert not page.locator("#pvb-result-dialog").is_visible()
    page.check("#result-failed")
    page.fill("#result-motivation", MOTIVATION)
    page.click("#pvb-result-submit")
    dialog = page.locator("#pvb-result-dialog")
    assert dialog.is_visible()
    assert "handtekening" in dialog.inner_text()
    page.click("#pvb-result-confirm")
    page.wait_for_load_state()
    assert page.locator("#pvb-phases li[aria-current=step]").get_attribute("data-phase") == (
        "closed"
    )
    assert MOTIVATION in page.locator("#pvb-result").inner_text()
    page.context.clear_cookies()

    # The candidate reads the result, its motivation and the forms.
    open_pvb(login, portal_url, "student-sanne")
    result = page.locator("#pvb-result").inner_text()
    assert "Niet geslaagd" in result
    assert MOTIVATION in result
    assert page.locator(".proeve-form-read").count() == 2
    assert JUSTIFICATION in page.locator(".proeve-form-read").first.inner_text() + (
        page.locator(".proeve-form-read").last.inner_text()
    )


def test_the_vaststellers_send_back_stands_apart(login, page, portal_url, process):
    process.to_establishment()
    open_pvb(login, portal_url, "vaststeller-vaart")
    establish = page.locator("#pvb-transition-establish").bounding_box()
    send_back = page.locator("#pvb-reason-step-send_back")
    assert send_back.is_visible()
    # Below the vaststelling, with the reason inside it.
    assert send_back.bounding_box()["y"] > establish["y"] + establish["height"]
    assert send_back.locator("textarea[name=comment]").count() == 1


def test_the_bulk_form_stops_the_same_assessor_and_updates_its_table(
    login, page, portal_url, functional_portal
):
    uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{GROUP}")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    row = page.locator("#group-candidates tr[data-candidate=kandidaat-0002]")
    before = row.inner_text()
    page.check("#select-kandidaat-0002")
    page.select_option("#bulk-assignment", uid)
    for field in ("assessor_1", "assessor_2"):  # found by a search in the pool
        page.fill(f"#bulk-{field}-search", "Bea")
        page.select_option(f"#bulk-{field}", "beoordelaar-1")
    page.click("#bulk-submit")
    error = page.locator("#bulk-assessor_2-error")
    assert error.is_visible()
    assert "ander zijn dan de eerste" in error.inner_text()
    assert posts == []
    # Another second assessor: made, and the table above says so without a reload.
    page.select_option("#bulk-assessor_2", "")
    page.click("#bulk-submit")
    page.wait_for_selector("#group-bulk[data-state=done]")
    assert page.locator("#bulk-assessor_2-error").count() == 0
    after = row.inner_text()
    assert "Vervangen van een meterkast" not in before
    assert "Vervangen van een meterkast" in after
    assert "Voorbereiding" in after
    assert "Nog geen PvB" not in after


def test_the_edit_form_says_beside_the_field_why_it_is_not_saved(login, page, portal_url):
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{SANNE_PVB}/@@edit")
    page.click("#fieldsetlegend-people, a:has-text('Betrokkenen')")
    page.select_option("#form-widgets-assessor_2", "beoordelaar-1")
    page.click("#form-buttons-save")
    page.wait_for_load_state()
    page.click("a:has-text('Betrokkenen')")
    field = page.locator("#formfield-form-widgets-assessor_2")
    message = field.get_by_text("De tweede beoordelaar moet een ander zijn dan de eerste.")
    assert message.is_visible()
