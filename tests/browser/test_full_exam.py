"""The full exam of a candidate in a real browser, with the demo users, through the Classic UI:
prepare (approve by three), establish, upload evidence, assess by two assessors (one
Onvoldoende that needs a justification), record, establish the result; on a desktop and on a
phone (390 px). And a user of another school reaches none of it."""

from proeve.demo.users import DEMO_PASSWORD
import os
import pytest


PVB = "scholen/roc-de-vaart/mei-2024-25451/kandidaat-0001/pvb-demo"  # Sanne, in preparation


def as_user(login, portal_url, userid):
    page = login(userid, DEMO_PASSWORD)
    page.goto(f"{portal_url}/{PVB}")
    return page


def phase(page):
    return page.locator("#pvb-phases li[aria-current=step]").get_attribute("data-phase")


def message(page):
    return page.locator(".portalMessage, .statusmessage, .alert").first.inner_text()


def log_out(page, portal_url):
    page.context.clear_cookies()


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_full_exam_of_a_candidate(login, page, portal_url, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    # Preparation: three approvals, each through the dialog that says what it means.
    for userid in ("student-sanne", "docent-vaart", "praktijk-jansen"):
        as_user(login, portal_url, userid)
        assert phase(page) == "preparation"
        page.click("#pvb-approve")
        dialog = page.locator("#pvb-approve-dialog")
        assert dialog.is_visible()
        assert "vingerafdruk van precies deze inhoud" in dialog.inner_text()
        assert "SHA-256" not in dialog.inner_text()  # plain words; the hash is in the journal
        page.click("#pvb-approve-confirm")
        page.wait_for_load_state()
        assert "akkoord is vastgelegd" in page.content()
        log_out(page, portal_url)
    as_user(login, portal_url, "vaststeller-vaart")
    assert phase(page) == "establishment"
    approvals = page.locator("#pvb-approvals").inner_text()
    assert "Sanne" in approvals
    assert "Dirk Docent" in approvals

    # Vaststelling: a signature, through the dialog that says what it declares.
    page.click("#pvb-transition-establish")
    dialog = page.locator("#pvb-transition-establish-dialog")
    assert dialog.is_visible()
    assert "geschikt zijn voor het examen" in dialog.inner_text()
    page.click("#pvb-transition-establish-confirm")
    page.wait_for_load_state()
    assert phase(page) == "execution"
    log_out(page, portal_url)

    # Execution: the candidate uploads evidence.
    as_user(login, portal_url, "student-sanne")
    page.click("#pvb-upload")
    source = tmp_path / "meterkast.jpg"
    source.write_bytes(os.urandom(300_000))
    page.fill("#evidence-title", "Foto van de meterkast")
    page.set_input_files("#evidence-file", str(source))
    page.click("#proeve-evidence-upload button[type=submit]")
    page.wait_for_selector("#proeve-evidence-upload[data-state=done]")
    page.goto(f"{portal_url}/{PVB}")
    assert "Foto van de meterkast" in page.locator("#pvb-evidence").inner_text()
    log_out(page, portal_url)

    # The ROC-begeleider starts the assessment, after a warning that evidence then closes.
    as_user(login, portal_url, "docent-vaart")
    page.click("#pvb-transition-start_assessment")
    dialog = page.locator("#pvb-transition-start_assessment-dialog")
    assert dialog.is_visible()
    assert "geen bewijsstukken meer" in dialog.inner_text()
    page.click("#pvb-transition-start_assessment-confirm")
    page.wait_for_load_state()
    assert phase(page) == "assessment"
    log_out(page, portal_url)

    # First assessor: one Onvoldoende, which needs a justification.
    as_user(login, portal_url, "beoordelaar-1")
    page.click("#pvb-assess")  # straight to the form
    page.wait_for_load_state()
    criteria = page.locator("fieldset.proeve-criterion")
    count = criteria.count()
    assert count > 3
    for n in range(count):
        criteria.nth(n).locator("input[value=satisfied]").check()
    first = criteria.nth(0)
    first.locator("input[value=unsatisfactory]").check()
    reason = first.locator("textarea")
    assert reason.get_attribute("required") is not None
    page.click("#assessment-save")
    # The browser does not send the form: the justification is missing.
    assert reason.evaluate("el => el.validity.valueMissing")
    reason.fill("Geen werkplanning gemaakt.")
    page.click("#assessment-save")
    page.wait_for_load_state()
    assert "opgeslagen" in message(page)
    page.click("#assessment-record")
    assert page.locator("#assessment-record-dialog").is_visible()
    page.click("#assessment-record-confirm")
    page.wait_for_load_state()
    assert "vastgelegd" in message(page)
    page.goto(f"{portal_url}/{PVB}/@@assessment-form")
    assert page.locator("#assessment-recorded").count() == 1
    assert page.locator("#assessment-save").count() == 0
    log_out(page, portal_url)

    # Second assessor leaves one criterion open: recording it asks for the confirmation.
    as_user(login, portal_url, "beoordelaar-2")
    page.click("#pvb-assess")  # straight to the form
    page.wait_for_load_state()
    criteria = page.locator("fieldset.proeve-criterion")
    for n in range(1, criteria.count()):
        criteria.nth(n).locator("input[value=satisfied]").check()
    page.click("#assessment-record")
    page.check("#confirm-incomplete")
    page.click("#assessment-record-confirm")
    page.wait_for_load_state()
    assert "vastgelegd" in message(page)
    log_out(page, portal_url)

    # The exam committee establishes the result; the PvB is closed.
    as_user(login, portal_url, "examencie-vaart")
    page.click("#pvb-result-open")  # the forms beside the decision
    page.wait_for_load_state()
    page.check("#result-failed")
    page.fill("#result-motivation", "Werkproces 1 onvoldoende")
    page.click("#pvb-result-submit")
    page.click("#pvb-result-confirm")  # the signature's dialog
    page.wait_for_load_state()
    assert phase(page) == "closed"
    assert "Niet geslaagd" in page.locator("#pvb-result").inner_text()
    assert page.locator("#pvb-journal tr").count() > 10
    log_out(page, portal_url)

    # A user of another school reaches none of it.
    page = login("beheer-noorder", DEMO_PASSWORD)
    for path in ("", "/@@assessment-form", "/@@upload-evidence", "/@@pvb-approve"):
        response = page.goto(f"{portal_url}/{PVB}{path}")
        assert "Sanne" not in page.content()
        assert response.status in (401, 403, 404) or "insufficient-privileges" in page.url
