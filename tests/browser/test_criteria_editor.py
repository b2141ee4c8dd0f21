"""The criteria editor of an assignment (issue 23, point 1): work processes and criteria
added, reordered, removed and marked cruciaal in rows, saved and shown on the assignment
page; an empty criterion gets the Dutch message and the rows stay as typed."""

from proeve.demo.users import DEMO_PASSWORD


ADD = "scholen/roc-de-vaart/opdrachtenbank/++add++ExamAssignment"
EDITOR = ".proeve-wp-editor"


def processes(page):
    return page.locator(f"{EDITOR} .proeve-wp-process")


def fill_process(process, code, title, criteria):
    """criteria: (code, text) per row; the first row is there already."""
    process.locator('[data-key="code"]').first.fill(code)
    process.locator('[data-key="title"]').fill(title)
    for index, (criterion, text) in enumerate(criteria):
        if index:
            process.locator('[data-action="add-criterion"]').click()
        row = process.locator(".proeve-wp-criterion").nth(index)
        row.locator('[data-key="id"]').fill(criterion)
        row.locator('[data-key="text"]').fill(text)


def fill_facts(page, title):
    # Plone's scripts (the text editor) move the form while they load: wait for them.
    page.wait_for_load_state("networkidle")
    page.fill("#form-widgets-IBasic-title", title)
    page.fill("#form-widgets-crebo", "25451")
    page.fill("#form-widgets-qualification", "Monteur")
    page.fill("#form-widgets-qualification_cohort", "2024")


def test_editor_adds_reorders_removes_and_saves(page, login, portal_url):
    login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{ADD}")
    assert page.locator("#form-widgets-work_processes").is_hidden()
    fill_facts(page, "Opdracht met editor")
    add = page.locator(f"{EDITOR} .proeve-wp-add")
    for code, title, criteria in (
        ("W1", "Voorbereiden", [("W1-1", "Leest de tekening"), ("W1-2", "Weg")]),
        ("W2", "Uitvoeren", [("W2-1", "Monteert veilig"), ("W2-2", "Ruimt op")]),
        ("W3", "Opleveren", [("W3-1", "Draagt over")]),
    ):
        add.click()
        fill_process(processes(page).last, code, title, criteria)
    # W3 goes up above W2; the second criterion of W1 and the process W2 go.
    processes(page).nth(2).locator('[data-action="up"]').last.click()
    first = processes(page).first
    first.locator(".proeve-wp-criterion").nth(1).locator('[data-action="remove"]').click()
    processes(page).nth(2).locator('[data-action="remove"]').last.click()
    # The one criterion of W3 (now second) is cruciaal; its kerntaak is given.
    second = processes(page).nth(1)
    second.locator('[data-key="core_task"]').fill("B1-K2")
    second.locator('[data-key="crucial"]').check()
    page.click("#form-buttons-save")
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert "Opdracht aangemaakt." in body
    section = page.locator("section[aria-labelledby=assignment-wp-heading]")
    headings = section.locator("h3").all_inner_texts()
    assert [" ".join(h.split()) for h in headings] == ["W1 Voorbereiden", "B1-K2 W3 Opleveren"]
    text = section.inner_text()
    assert "Leest de tekening" in text
    assert "Weg" not in text
    assert "Monteert veilig" not in text
    crucial = section.locator("tr", has_text="Draagt over").locator(".badge")
    assert crucial.inner_text() == "cruciaal"


def test_empty_criterion_text_gets_the_dutch_message_and_keeps_the_rows(page, login, portal_url):
    login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{portal_url}/{ADD}")
    fill_facts(page, "Opdracht zonder omschrijving")
    page.locator(f"{EDITOR} .proeve-wp-add").click()
    fill_process(processes(page).first, "W1", "Voorbereiden", [("W1-1", "Leest"), ("W1-2", "")])
    page.click("#form-buttons-save")
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert "Criterium W1-2 heeft geen omschrijving." in body
    rows = processes(page).first.locator(".proeve-wp-criterion")
    assert rows.count() == 2
    assert rows.nth(0).locator('[data-key="text"]').input_value() == "Leest"
    assert rows.nth(1).locator('[data-key="id"]').input_value() == "W1-2"
    assert page.locator("#form-widgets-IBasic-title").input_value() == (
        "Opdracht zonder omschrijving"
    )


def test_history_shows_which_criterion_changed(page, login, portal_url, request_factory):
    api = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    created = api.post(
        "scholen/roc-de-vaart/opdrachtenbank",
        json={
            "@type": "ExamAssignment",
            "title": "Opdracht met versies",
            "crebo": "25451",
            "qualification": "Monteur",
            "qualification_cohort": 2025,
            "kind": "school",
            "work_processes": [
                {
                    "code": "W1",
                    "title": "Voorbereiden",
                    "criteria": [{"id": "W1-1", "text": "Leest de tekening", "crucial": False}],
                }
            ],
        },
    )
    assert created.status_code == 201, created.text
    url = created.json()["@id"]
    login("docent-vaart", DEMO_PASSWORD)
    page.goto(f"{url}/edit")
    page.wait_for_load_state("networkidle")
    # The rows of a saved assignment are shown (not hidden as a form tab).
    row = processes(page).first.locator(".proeve-wp-criterion").first
    row.locator('[data-key="text"]').fill("Leest de bouwtekening")
    row.locator('[data-key="crucial"]').check()
    page.click("#form-buttons-save")
    page.wait_for_load_state()
    page.goto(f"{url}/@@history?one=1&two=0")
    body = page.locator("body").inner_text()
    assert "Er zijn geen wijzigingen" not in body
    assert "W1-1: Leest de tekening" in body
    assert "W1-1 (cruciaal): Leest de bouwtekening" in body
