"""The group page in a real browser: PvBs for ticked candidates with a report, and the
import wizard: dry run, import with progress, and a file with errors that changes nothing."""

from proeve.bulk.sheets import write_xlsx
from proeve.demo.users import DEMO_PASSWORD


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
SCHOOL_ASSIGNMENT = "scholen/roc-de-vaart/opdrachtenbank/meterkast-vervangen"

# Records the progress bar's states, so a test sees it went through them.
WATCH_BAR = """(id) => {
  window.barStates = [];
  const bar = document.getElementById(id);
  new MutationObserver(() => {
    window.barStates.push(bar.classList.contains("progress-bar-animated")
      ? "busy" : bar.getAttribute("aria-valuenow"));
  }).observe(bar, {attributes: true});
}"""


def choose_person(page, field, text, userid):
    """A people field of the bulk form: search the pool by name, then choose from what is
    found (select_option waits for the option the search brings)."""
    page.fill(f"#bulk-{field}-search", text)
    page.select_option(f"#bulk-{field}", userid)


def pvbs_of(portal, assignment_uid):
    portal._p_jar.sync()
    group = portal.unrestrictedTraverse(GROUP)
    return sorted(
        candidate.getId()
        for candidate in group.objectValues()
        for pvb in candidate.objectValues()
        if pvb.portal_type == "PvB" and pvb.assignment_uid == assignment_uid
    )


def test_bulk_pvb_for_ticked_candidates_with_report(login, portal_url, functional_portal):
    uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{GROUP}")
    page.evaluate(WATCH_BAR, "bulk-progress")
    page.check("#select-all")
    assert page.locator(".candidate-select:checked").count() == 6
    page.uncheck("#select-kandidaat-0002")  # Mo not this time
    assert page.eval_on_selector("#select-all", "el => el.indeterminate")
    page.select_option("#bulk-assignment", uid)
    page.fill("#bulk-start-date", "2027-02-01")
    page.fill("#bulk-end-date", "2027-06-30")
    # The pools are not on the page: each field searches its own.
    assert page.locator("#bulk-school_supervisor option").count() == 1  # (niemand)
    choose_person(page, "school_supervisor", "dirk", "docent-vaart")
    assert page.locator("#bulk-school_supervisor-found").inner_text() == (
        "1 gevonden: kies hieronder."
    )
    choose_person(page, "workplace_supervisor", "Joop", "praktijk-jansen")
    # Another search keeps who is chosen.
    page.fill("#bulk-school_supervisor-search", "niemand-heet-zo")
    page.wait_for_function(
        "document.getElementById('bulk-school_supervisor-found').textContent.startsWith('Niemand')"
    )
    assert page.input_value("#bulk-school_supervisor") == "docent-vaart"
    page.click("#bulk-submit")
    page.wait_for_selector("#group-bulk[data-state=done]")

    assert page.locator("#bulk-status").inner_text() == (
        "Klaar: 5 PvB('s) aangemaakt, 0 overgeslagen."
    )
    assert page.locator("#bulk-report tbody tr[data-action=created]").count() == 5
    assert page.locator("#bulk-progress").get_attribute("aria-valuenow") == "100"
    assert page.evaluate("window.barStates").count("100") >= 1
    assert pvbs_of(functional_portal, uid) == [
        "kandidaat-0001",
        "kandidaat-0003",
        "kandidaat-0004",
        "kandidaat-0005",
        "kandidaat-0006",
    ]
    pvb = functional_portal.unrestrictedTraverse(GROUP)["kandidaat-0001"]
    made = [p for p in pvb.objectValues() if p.assignment_uid == uid][0]
    assert made.workplace_supervisor == "praktijk-jansen"
    assert str(made.start_date) == "2027-02-01"

    # Again for all: the five are skipped with the reason, Mo gets his.
    page.reload()
    page.check("#select-all")
    page.select_option("#bulk-assignment", uid)
    page.click("#bulk-submit")
    page.wait_for_selector("#group-bulk[data-state=done]")
    assert page.locator("#bulk-status").inner_text() == (
        "Klaar: 1 PvB('s) aangemaakt, 5 overgeslagen."
    )
    skipped = page.locator("#bulk-report tbody tr[data-action=skipped]")
    assert skipped.count() == 5
    assert "heeft al een PvB met deze opdracht" in skipped.first.inner_text()
    assert "kandidaat-0002" in pvbs_of(functional_portal, uid)


def test_bulk_refusal_is_shown_and_creates_nothing(login, portal_url, functional_portal):
    uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{GROUP}")
    page.check("#select-kandidaat-0001")
    page.select_option("#bulk-assignment", uid)
    page.fill("#bulk-start-date", "2027-06-30")
    page.fill("#bulk-end-date", "2027-02-01")  # before the start
    page.click("#bulk-submit")
    page.wait_for_selector("#group-bulk[data-state=failed]")
    assert page.locator("#bulk-status").inner_text().startswith("Het aanmaken lukte niet.")
    assert pvbs_of(functional_portal, uid) == []


def test_import_wizard_preview_then_import_with_progress(
    login, portal_url, functional_portal, tmp_path
):
    source = tmp_path / "kandidaten.xlsx"
    source.write_bytes(
        write_xlsx(
            "Kandidaten",
            ["studentcode", "voornaam", "achternaam", "e-mail"],
            [
                ["100231", "Sanne", "de Vries", "student-sanne@demo.proeve.invalid"],
                ["200001", "Noor", "Visser", "noor@example.org"],
                ["200002", "Ruben", "Smit", ""],
            ],
        )
    )
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{GROUP}")
    page.click("#import-link")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Kandidaten importeren"
    assert page.locator("#import-run").is_disabled()
    page.set_input_files("#import-file", str(source))
    page.click("#import-preview")
    page.wait_for_selector("#import-form[data-state=previewed]")
    actions = page.locator("#import-report tbody tr").evaluate_all(
        "rows => rows.map(r => [r.cells[1].textContent, r.cells[3].textContent])"
    )
    assert actions == [["100231", "Ongewijzigd"], ["200001", "Nieuw"], ["200002", "Nieuw"]]
    assert "Er is nog niets veranderd." in page.locator("#import-status").inner_text()
    group = functional_portal.unrestrictedTraverse(GROUP)
    assert len(group.objectIds()) == 6  # the dry run changed nothing

    page.evaluate(WATCH_BAR, "import-progress")
    page.click("#import-run")
    page.wait_for_selector("#import-form[data-state=done]")
    assert page.locator("#import-status").inner_text() == (
        "Geïmporteerd: 2 nieuw, 0 bijgewerkt, 1 ongewijzigd."
    )
    states = page.evaluate("window.barStates")
    assert "busy" in states  # the server's work is shown as such
    assert states[-1] == "100"
    functional_portal._p_jar.sync()
    codes = sorted(c.student_code for c in group.objectValues())
    assert "200001" in codes
    assert "200002" in codes
    assert len(codes) == 8


def test_import_wizard_shows_row_errors_and_imports_nothing(
    login, portal_url, functional_portal, tmp_path
):
    source = tmp_path / "fout.csv"
    source.write_text(
        "studentcode;voornaam;achternaam;e-mail\n"
        "200010;Anna;Bakker;anna@example.org\n"
        "200011;;Dekker;geen-adres\n"
        "200010;Anna;Bakker;\n",
        encoding="utf-8",
    )
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{GROUP}/@@import-candidates")
    page.set_input_files("#import-file", str(source))
    page.click("#import-preview")
    page.wait_for_selector("#import-form[data-state=failed]")
    assert "er is niets geïmporteerd" in page.locator("#import-status").inner_text()
    errors = page.locator("#import-report tbody tr.table-danger")
    assert errors.count() == 3
    row = page.locator("#import-report tbody tr").nth(1).inner_text()
    assert "voornaam ontbreekt" in row
    assert "ongeldig e-mailadres" in row
    assert "dubbel in het bestand" in page.locator("#import-report tbody tr").first.inner_text()
    assert page.locator("#import-run").is_disabled()
    functional_portal._p_jar.sync()
    assert len(functional_portal.unrestrictedTraverse(GROUP).objectIds()) == 6


def test_group_page_fits_a_tablet(login, page, portal_url):
    page.set_viewport_size({"width": 768, "height": 1024})
    login("docent-vaart", DEMO_PASSWORD)
    for path in (GROUP, f"{GROUP}/@@import-candidates"):
        page.goto(f"{portal_url}/{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path


def test_a_bulk_action_on_page_2_makes_pvbs_for_exactly_the_ticked(
    login, portal_url, functional_portal
):
    from tests.process_helpers import imported_candidate

    for number in range(7, 37):  # 36 candidates: two pages
        imported_candidate(functional_portal, number, last_name=f"Pagina {number:02d}")
    uid = functional_portal.unrestrictedTraverse(SCHOOL_ASSIGNMENT).UID()
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{GROUP}")
    # The filter, then the filter's second page through the batch links.
    page.fill("#group-filter-q", "noor")
    page.press("#group-filter-q", "Enter")
    page.wait_for_selector("#group-filter-summary")
    assert page.locator("#group-filter-summary").inner_text() == (
        "30 van de 36 kandidaten gevonden met 'noor'."
    )
    assert page.locator(".candidate-select").count() == 25
    page.click("a[href*='b_start:int=25']")
    page.wait_for_load_state()
    assert page.input_value("#group-filter-q") == "noor"
    on_page = page.locator(".candidate-select").evaluate_all("boxes => boxes.map(b => b.value)")
    assert on_page == [f"kandidaat-{n:04d}" for n in range(32, 37)]
    # "Select all" ticks this page; one is left out.
    page.check("#select-all")
    assert page.locator(".candidate-select:checked").count() == 5
    page.uncheck("#select-kandidaat-0034")
    page.select_option("#bulk-assignment", uid)
    page.fill("#bulk-start-date", "2027-02-01")
    page.fill("#bulk-end-date", "2027-06-30")
    page.click("#bulk-submit")
    page.wait_for_selector("#group-bulk[data-state=done]")
    assert page.locator("#bulk-status").inner_text() == (
        "Klaar: 4 PvB('s) aangemaakt, 0 overgeslagen."
    )
    assert pvbs_of(functional_portal, uid) == [
        "kandidaat-0032",
        "kandidaat-0033",
        "kandidaat-0035",
        "kandidaat-0036",
    ]
