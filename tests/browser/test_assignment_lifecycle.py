"""An assignment's life cycle through its page only: the platform admin makes a new version
of a vastgestelde national assignment, changes and establishes it (confirmed in a dialog);
the school admin withdraws a school assignment (confirmed), which the group page then no
longer offers."""

from proeve.demo.users import DEMO_PASSWORD


NATIONAL = "examenbank/eerste-monteur-installatie-woning"
SCHOOL_ASSIGNMENT = "scholen/roc-de-vaart/opdrachtenbank/meterkast-vervangen"
GROUP = "scholen/roc-de-vaart/mei-2024-25451"


def test_a_new_version_is_made_changed_and_established(login, page, portal_url):
    login("platformbeheer", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{NATIONAL}")
    page.click("#assignment-step-new_version")
    page.wait_for_load_state()
    assert not page.url.rstrip("/").endswith(NATIONAL)
    assert "nieuwe versie is gemaakt" in page.inner_text("#global_statusmessage")
    assert page.inner_text("#assignment-version-number") == "2"
    assert page.is_visible("#assignment-predecessor")
    draft = page.url.rstrip("/")
    page.goto(f"{draft}/edit")
    page.fill("#form-widgets-IBasic-title", "Installatie woning (versie 2)")
    page.click("#form-buttons-save")
    page.wait_for_load_state()
    page.click("#assignment-step-establish")
    assert page.is_visible("#assignment-step-establish-dialog")
    assert "niet meer worden gewijzigd" in page.inner_text("#assignment-step-establish-dialog")
    page.click("#assignment-step-establish-confirm")
    page.wait_for_load_state()
    assert "Vastgesteld" in page.inner_text("#assignment-facts")
    assert "Installatie woning (versie 2)" in page.inner_text("h1")


def test_a_withdrawn_assignment_is_no_longer_offered(login, page, portal_url):
    login("beheer-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{GROUP}")
    assert "Vervangen van een meterkast" in page.content()
    page.goto(f"{portal_url}/{SCHOOL_ASSIGNMENT}")
    page.click("#assignment-step-withdraw")
    assert page.is_visible("#assignment-step-withdraw-dialog")
    page.click("#assignment-step-withdraw-confirm")
    page.wait_for_load_state()
    assert page.is_visible("#assignment-withdrawn")
    assert "Ingetrokken" in page.inner_text("#assignment-facts")
    page.goto(f"{portal_url}/{GROUP}")
    assert "Vervangen van een meterkast" not in page.content()


def test_the_yearly_copy_for_a_new_cohort(login, page, portal_url):
    """The school admin copies a vastgestelde school assignment for next year's cohort: a draft
    in the same bank, the cohort changed; the original stays as it was."""
    login("beheer-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{SCHOOL_ASSIGNMENT}")
    cohort = int(page.inner_text("#assignment-cohort").replace(".", ""))
    page.fill("#assignment-copy-cohort", str(cohort + 1))
    page.click("#assignment-step-copy")
    page.wait_for_load_state()
    assert not page.url.rstrip("/").endswith(SCHOOL_ASSIGNMENT)
    assert "kopie voor het nieuwe cohort" in page.inner_text("#global_statusmessage")
    assert page.inner_text("#assignment-cohort").replace(".", "") == str(cohort + 1)
    assert "Concept" in page.inner_text("#assignment-facts")
    page.goto(f"{portal_url}/{SCHOOL_ASSIGNMENT}")
    assert page.inner_text("#assignment-cohort").replace(".", "") == str(cohort)
    assert "Vastgesteld" in page.inner_text("#assignment-facts")
