"""Getting in, in a real browser: a candidate the school imported activates an account from
the login page, gets the mail, chooses a password, logs in and sees their own PvB."""

from email import message_from_bytes
import re


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
PASSWORD = "een-Sterk-wachtwoord-2026"


def imported_candidate_with_pvb(portal):
    """What an import leaves: a candidate with a student code and an address, no login; the
    ROC-begeleider has prepared a PvB for them."""
    from plone.dexterity.utils import createContentInContainer
    from proeve.content.snapshot import freeze_assignment
    import transaction

    group = portal.unrestrictedTraverse(GROUP)
    assignment = portal["examenbank"]["eerste-monteur-installatie-woning"]
    candidate = createContentInContainer(
        group,
        "Candidate",
        checkConstraints=False,
        student_code="100297",
        first_name="Noor",
        last_name="Nieuw",
        email="noor@example.org",
    )
    createContentInContainer(
        candidate,
        "PvB",
        checkConstraints=False,
        assignment_uid=assignment.UID(),
        assignment_snapshot=freeze_assignment(assignment.UID()),
        school_supervisor="docent-vaart",
    )
    transaction.commit()
    return candidate


def the_link(sent_mail):
    # (Making the PvB mailed its people; the candidate had no login then.)
    [mail] = [m for m in map(message_from_bytes, sent_mail) if m["To"] == "noor@example.org"]
    body = (mail.get_payload(0) if mail.is_multipart() else mail).get_payload(decode=True)
    text = body.decode("utf-8")
    return re.search(r"(http\S*/passwordreset/[0-9a-f]+)", text).group(1), text


def test_imported_candidate_registers_and_logs_in(
    page, portal_url, functional_portal, sent_mail, login
):
    imported_candidate_with_pvb(functional_portal)
    page.goto(f"{portal_url}/login")
    page.get_by_role("link", name="Nog geen account? Account activeren met je studentcode").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Account activeren"
    page.get_by_label("Studentcode").fill("100297")
    page.get_by_label("E-mailadres").fill("noor@example.org")
    page.get_by_role("button", name="Account activeren").click()
    page.wait_for_load_state()
    assert "e-mail gestuurd" in page.locator("#account-help-answer").inner_text()

    link, text = the_link(sent_mail)
    assert "noor" in text  # the user name is in the mail
    page.goto(link)
    page.fill("#userid", "noor")
    page.fill("#password", PASSWORD)
    page.fill("#password2", PASSWORD)
    page.locator("form[name=pwreset_action] [type=submit]").first.click()
    page.wait_for_load_state()

    login("noor", PASSWORD)
    assert page.url.endswith("/@@dashboard")
    assert page.locator("#dashboard-pvbs-heading").inner_text() == "Mijn PvB"
    assert page.locator("#dashboard-table tbody th").all_inner_texts() == ["Noor Nieuw"]


def test_unknown_code_gets_the_same_answer_on_a_phone(page, portal_url, sent_mail):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{portal_url}/@@account-activation")
    page.get_by_label("Studentcode").fill("999999")
    page.get_by_label("E-mailadres").fill("iemand@example.org")
    page.get_by_role("button", name="Account activeren").click()
    page.wait_for_load_state()
    assert "e-mail gestuurd" in page.locator("#account-help-answer").inner_text()
    assert sent_mail == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_forgotten_user_name_from_the_login_page(page, portal_url, sent_mail):
    page.goto(f"{portal_url}/login")
    page.get_by_role("link", name="Gebruikersnaam vergeten").click()
    page.wait_for_load_state()
    page.get_by_label("E-mailadres").fill("student-sanne@demo.proeve.invalid")
    page.get_by_role("button", name="Stuur mijn gebruikersnaam").click()
    page.wait_for_load_state()
    assert page.locator("#account-help-answer").count() == 1
    [mail] = [message_from_bytes(m) for m in sent_mail]
    assert "student-sanne" in mail.get_payload(decode=True).decode("utf-8")
