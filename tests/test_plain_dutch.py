"""Issue 20 (points 4, 9, 10): the roster page, messages and dates in plain Dutch, names in
the group export."""

from io import BytesIO
from openpyxl import load_workbook
from proeve.demo.users import DEMO_PASSWORD
import pytest


SCHOOL = "scholen/roc-de-vaart"
GROUP = f"{SCHOOL}/mei-2024-25451"


@pytest.fixture
def as_user(request_factory):
    return lambda login, api=False: request_factory(basic_auth=(login, DEMO_PASSWORD), api=api)


def test_group_export_lists_people_by_full_name(functional_portal, as_user):
    response = as_user("docent-vaart").get(f"{GROUP}/@@group-export")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    people = [row[header.index("Eerste beoordelaar")] for row in rows[1:]]
    assert "Bea Bakker" in people
    cells = {cell for row in rows[1:] for cell in row}
    assert not cells & {"beoordelaar-1", "beoordelaar-2", "docent-vaart", "praktijk-jansen"}
