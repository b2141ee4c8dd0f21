"""Text that looks like a formula stays text in every spreadsheet Proeve writes.

Issue 18, point 14: a candidate imported as =HYPERLINK("http://…","Klik") landed in the
group export as a formula (openpyxl writes any text starting with '=' as one): a link in
the school's spreadsheet that nobody typed.
"""

from io import BytesIO
from openpyxl import load_workbook
from proeve.bulk.sheets import write_xlsx
from proeve.demo.users import DEMO_PASSWORD
import base64
import pytest
import transaction
import zipfile


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
CLOSED_CANDIDATE = f"{GROUP}/kandidaat-0006"
LINK = '=HYPERLINK("http://example.org/x","Klik")'
FORMULAS = [LINK, "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def cells(data):
    """(value, data type) of every cell of the first sheet, read back by openpyxl."""
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    return [(cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row]


def assert_no_formulas(data, *texts):
    found = cells(data)
    for text in texts:
        assert (text, "s") in found, (text, found)
    assert all(kind != "f" for _value, kind in found)
    assert b"<f>" not in zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("text", FORMULAS)
def test_write_xlsx_keeps_formula_like_text_as_text(text):
    data = write_xlsx("t", ["naam", "aantal"], [[text, 3]])
    assert_no_formulas(data, text)
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    assert sheet["A2"].quotePrefix  # editing it in a spreadsheet keeps it text
    assert sheet["B2"].value == 3  # numbers stay numbers


def import_candidate(request_factory, first_name):
    session = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    quoted = first_name.replace('"', '""')
    sheet = f'studentcode;voornaam;achternaam\n730001;"{quoted}";Pol\n'
    response = session.post(
        f"{GROUP}/@import-candidates",
        json={"file": base64.b64encode(sheet.encode()).decode(), "filename": "k.csv"},
    )
    assert response.status_code == 201, response.text[:300]


def export(request_factory, login, path):
    response = request_factory(basic_auth=(login, DEMO_PASSWORD), api=False).get(path)
    assert response.status_code == 200, response.text[:300]
    return response.content


def test_an_imported_formula_is_text_in_the_group_export(functional_portal, request_factory):
    import_candidate(request_factory, LINK)
    data = export(request_factory, "docent-vaart", f"{GROUP}/@@group-export")
    assert_no_formulas(data, f"{LINK} Pol")


def test_a_formula_in_a_name_is_text_in_the_results_export(functional_portal, request_factory):
    transaction.begin()
    candidate = functional_portal.unrestrictedTraverse(CLOSED_CANDIDATE)
    candidate.first_name = "=1+1"
    transaction.commit()
    data = export(request_factory, "examencie-vaart", "scholen/roc-de-vaart/@@results-export")
    assert_no_formulas(data, f"=1+1 {candidate.last_name}")
