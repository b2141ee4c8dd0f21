"""The work processes and criteria of an assignment (issue 23, point 1): the form's editor
posts one value that the server checks; a wrong value gets a Dutch message that names the
work process or criterion, keeps what was typed and writes nothing, on the form and over
REST."""

from proeve.demo.users import DEMO_PASSWORD
import html as htmllib
import json
import pytest
import re


BANK = "scholen/roc-de-vaart/opdrachtenbank"
GOOD = [
    {
        "core_task": "B1-K1",
        "code": "W1",
        "title": "Bereidt de werkzaamheden voor",
        "criteria": [
            {"id": "W1-1", "text": "Leest de tekening", "crucial": True},
            {"id": "W1-2", "text": "Kiest het gereedschap", "crucial": False},
        ],
    }
]


@pytest.fixture
def editor(request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD), api=False)
    session.headers.update({"Accept": "text/html", "Accept-Language": "nl"})
    return session


@pytest.fixture
def api(request_factory):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    session.headers.update({"Accept-Language": "nl"})
    return session


def token_of(html):
    return re.search(r'data-token="([0-9a-f]+)"', html).group(1)


def textarea_of(html):
    pattern = r'<textarea[^>]*name="form.widgets.work_processes"[^>]*>(.*?)</textarea>'
    found = re.search(pattern, html, re.S)
    return htmllib.unescape(found.group(1))


def post_form(session, work_processes, title="Opdracht met criteria"):
    page = session.get(f"{BANK}/++add++ExamAssignment").text
    return session.post(
        f"{BANK}/++add++ExamAssignment",
        data={
            "_authenticator": token_of(page),
            "form.widgets.IBasic.title": title,
            "form.widgets.crebo": "25451",
            "form.widgets.qualification": "Monteur",
            "form.widgets.qualification_cohort": "2024",
            "form.widgets.kind:list": "school",
            "form.widgets.work_processes": work_processes,
            "form.buttons.save": "Opslaan",
        },
    )


def titles(api):
    """What the bank holds, read over REST (the test's own connection would not see it)."""
    return sorted(item["title"] for item in api.get(BANK).json()["items"])


def test_form_keeps_broken_json_and_says_where(functional_portal, editor, api):
    before = titles(api)
    typed = json.dumps(GOOD)[:-1]  # the missing "]"
    response = post_form(editor, typed)
    assert response.status_code == 200
    assert "De werkprocessen zijn niet te lezen (regel 1" in response.text
    assert textarea_of(response.text) == typed
    assert 'value="Opdracht met criteria"' in response.text
    assert titles(api) == before


def test_form_names_the_criterion_without_text(functional_portal, editor, api):
    before = titles(api)
    rows = changed(1, "text", "")
    typed = json.dumps(rows)
    response = post_form(editor, typed)
    assert response.status_code == 200
    assert "Criterium W1-2 heeft geen omschrijving." in response.text
    assert "Verkeerde contained type" not in response.text
    assert "Aan voorwaarde wordt niet voldaan" not in response.text
    assert json.loads(textarea_of(response.text)) == rows
    assert titles(api) == before


def test_form_saves_work_processes_and_the_page_shows_them(functional_portal, editor, api):
    response = post_form(editor, json.dumps(GOOD), title="Goede criteria")
    assert response.status_code == 200
    assert "Opdracht aangemaakt." in response.text
    assert "Kiest het gereedschap" in response.text
    (saved,) = [i for i in api.get(BANK).json()["items"] if i["title"] == "Goede criteria"]
    assert api.get(saved["@id"]).json()["work_processes"] == GOOD
    edit = editor.get(f"{saved['@id']}/edit").text
    assert json.loads(textarea_of(edit)) == GOOD
    assert "criteria-editor.js" in edit


def body(work_processes):
    return {
        "@type": "ExamAssignment",
        "title": "Via REST",
        "crebo": "25451",
        "qualification": "Monteur",
        "qualification_cohort": 2024,
        "kind": "school",
        "work_processes": work_processes,
    }


def changed(index, key, value):
    """GOOD with one criterion's key set to value."""
    rows = json.loads(json.dumps(GOOD))
    rows[0]["criteria"][index][key] = value
    return rows


CASES = [
    (changed(1, "text", " "), "Criterium W1-2 heeft geen omschrijving."),
    (changed(1, "id", "W1-1"), "Criterium W1-1 staat er twee keer in."),
    (changed(0, "id", ""), "Criterium 1 van werkproces W1 heeft geen code."),
    (changed(0, "crucial", "ja"), "Criterium W1-1: cruciaal is ja of nee (true of false)."),
    ([{**GOOD[0], "code": ""}], "Werkproces 1 heeft geen code."),
    ([GOOD[0], GOOD[0]], "Werkproces W1 staat er twee keer in."),
    ([{**GOOD[0], "title": ""}], "Werkproces W1 heeft geen titel."),
    ([{**GOOD[0], "criteria": []}], "Werkproces W1 heeft geen criteria."),
    ([{**GOOD[0], "colour": "rood"}], "Werkproces 1 heeft niet de vorm"),
    ({"W1": []}, "De werkprocessen zijn een lijst"),
    ("[{", "De werkprocessen zijn niet te lezen"),
]


@pytest.mark.parametrize(("work_processes", "message"), CASES)
def test_rest_refuses_with_code_field_and_place(functional_portal, api, work_processes, message):
    before = titles(api)
    response = api.post(BANK, json=body(work_processes))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_field"
    assert error["field"] == "work_processes"
    assert message in error["message"]
    assert titles(api) == before


def test_rest_patch_with_bad_criteria_changes_nothing(functional_portal, api):
    created = api.post(BANK, json=body(GOOD))
    assert created.status_code == 201, created.text
    path = created.json()["@id"].replace(functional_portal.absolute_url() + "/", "")
    response = api.patch(path, json={"work_processes": changed(0, "text", "")})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "work_processes"
    assert "Criterium W1-1 heeft geen omschrijving." in response.json()["error"]["message"]
    assert api.get(path).json()["work_processes"] == GOOD
