"""Mijn overzicht in a real browser: landing after login, tasks, filters, paging, and
nothing of another school."""

from proeve.demo.users import DEMO_PASSWORD


GROUP = "scholen/roc-de-vaart/mei-2024-25451"


def table_names(page):
    return sorted(page.locator("#dashboard-table tbody th").all_inner_texts())


def add_pvbs(portal, count):
    """Extra candidates with a PvB each, in De Vaart's group (docent-vaart is on them)."""
    from plone.dexterity.utils import createContentInContainer
    from proeve.content.snapshot import freeze_assignment
    import transaction

    group = portal.unrestrictedTraverse(GROUP)
    assignment = portal["examenbank"]["eerste-monteur-installatie-woning"]
    snapshot = freeze_assignment(assignment.UID())
    for n in range(count):
        candidate = createContentInContainer(
            group,
            "Candidate",
            checkConstraints=False,
            student_code=f"3000{n:02d}",
            first_name="Extra",
            last_name=f"Kandidaat {n:02d}",
        )
        createContentInContainer(
            candidate,
            "PvB",
            checkConstraints=False,
            assignment_uid=assignment.UID(),
            assignment_snapshot=snapshot,
            workplace_supervisor="praktijk-jansen",
        )
    transaction.commit()


def test_workplace_supervisor_sees_both_schools_and_his_tasks(login, portal_url):
    page = login("praktijk-jansen", DEMO_PASSWORD)
    assert page.url.endswith("/@@dashboard")  # after login he lands here
    assert page.locator("h1").inner_text() == "Mijn overzicht"
    schools = set(page.locator("#dashboard-table tbody td:nth-child(3)").all_inner_texts())
    assert schools == {"ROC De Vaart", "Noorderlicht College"}
    assert {"Lotte Hoekstra", "Sanne de Vries"} <= set(table_names(page))
    tasks = page.locator("#dashboard-tasks li")
    assert tasks.count() == 2
    assert set(tasks.locator("a").all_inner_texts()) == {
        "Installeren van een woninginstallatie — Sanne de Vries",
        "Verhelpen van een storing in een klimaatinstallatie — Lotte Hoekstra",
    }
    assert tasks.first.inner_text().startswith("Akkoord geven")
    # The task links to the PvB.
    tasks.locator("a", has_text="Lotte Hoekstra").click()
    page.wait_for_load_state()
    assert page.url.endswith(
        "/scholen/noorderlicht-college/koude-2023-25462/kandidaat-0001/pvb-demo"
    )


def test_filters_are_kept_in_the_address_and_combine(login, portal_url):
    page = login("praktijk-jansen", DEMO_PASSWORD)
    page.select_option("#filter-school", "noorderlicht-college")
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_load_state()
    assert "school=noorderlicht-college" in page.url
    assert table_names(page) == ["Lotte Hoekstra"]
    assert page.locator("#filter-school").input_value() == "noorderlicht-college"
    page.select_option("#filter-phase", "execution")
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_load_state()
    assert table_names(page) == []
    assert page.locator("#dashboard-count").inner_text() == "0 PvB('s) gevonden."
    page.get_by_role("link", name="Wissen").click()
    page.wait_for_load_state()
    assert "Lotte Hoekstra" in table_names(page)
    assert "Sanne de Vries" in table_names(page)


def test_paging(login, portal_url, functional_portal):
    add_pvbs(functional_portal, 20)  # with Sanne's, Daan's ... his 26 PvBs in two schools
    page = login("praktijk-jansen", DEMO_PASSWORD)
    total = page.locator("#dashboard-count").inner_text()
    first = table_names(page)
    assert len(first) == 20
    page.locator("nav .pagination a", has_text="2").first.click()
    page.wait_for_load_state()
    second = table_names(page)
    assert second
    assert not set(first) & set(second)
    assert page.locator("#dashboard-count").inner_text() == total
    assert len(first) + len(second) == int(total.split()[0])
    # Paging keeps the filter.
    page.goto(f"{portal_url}/@@dashboard?school=roc-de-vaart")
    page.locator("nav .pagination a", has_text="2").first.click()
    page.wait_for_load_state()
    assert "school=roc-de-vaart" in page.url
    assert "Lotte Hoekstra" not in table_names(page)


def test_candidate_sees_her_own_task(login):
    page = login("student-sanne", DEMO_PASSWORD)
    assert page.url.endswith("/@@dashboard")
    assert table_names(page) == ["Sanne de Vries"]
    task = page.locator("#dashboard-tasks li")
    assert task.count() == 1
    assert "Akkoord geven" in task.inner_text()


def test_other_school_sees_nothing_of_de_vaart(login, portal_url):
    page = login("beheer-noorder", DEMO_PASSWORD)
    assert table_names(page) == ["Lotte Hoekstra"]
    assert "ROC De Vaart" not in page.content()
    assert page.locator("#filter-school option").all_inner_texts() == [
        "Alle scholen",
        "Noorderlicht College",
    ]
    page.goto(f"{portal_url}/{GROUP}")
    assert page.locator("#proeve-group").count() == 0
    assert "Sanne de Vries" not in page.content()
    assert "insufficient-privileges" in page.url or "login" in page.url


def test_dashboard_fits_a_tablet(login, page):
    page.set_viewport_size({"width": 768, "height": 1024})
    login("docent-vaart", DEMO_PASSWORD)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # The filters are usable by keyboard: labels name the fields.
    assert page.get_by_label("Fase").count() == 1
    assert page.get_by_label("School").count() == 1


def test_school_admin_finds_school_roster_and_import_from_the_dashboard(login, portal_url):
    page = login("beheer-vaart", DEMO_PASSWORD)
    block = page.locator('[data-block="school-roc-de-vaart"]')
    assert block.locator("h3").inner_text() == "Beheer van ROC De Vaart"
    block.get_by_role("link", name="Medewerkers (rooster)").click()
    page.wait_for_load_state()
    assert page.url.endswith("/scholen/roc-de-vaart/@@team-roster")
    page.goto(f"{portal_url}/@@dashboard")
    page.locator('[data-link="import-mei-2024-25451"]').click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{GROUP}/@@import-candidates")


def test_exam_committee_goes_to_the_results_to_establish(login):
    page = login("examencie-vaart", DEMO_PASSWORD)
    page.locator('[data-link="results-to-establish"]').click()
    page.wait_for_load_state()
    assert "phase=assessment" in page.url
    assert page.locator("#filter-phase").input_value() == "assessment"
