"""What every .xlsx export looks like, now that it is streamed (openpyxl's write-only mode):
the same sheet as before, without an object per cell in the server's memory."""

from datetime import date
from io import BytesIO
from openpyxl import load_workbook
from proeve.bulk import sheets
from proeve.bulk.sheets import write_xlsx
from proeve.dates import SHEET_DATE_FORMAT


def test_the_sheet_has_bold_frozen_headers_sized_columns_and_dated_dates():
    rows = [
        ["Sanne de Vries", date(2025, 3, 14), 3, None],
        ["Bo", date(2025, 4, 1), 12, "=1+1"],
    ]
    data = write_xlsx(
        "Een veel te lange titel voor een werkblad in Excel", ["naam", "start", "n", "x"], rows
    )
    book = load_workbook(BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.title == "Een veel te lange titel voor ee"  # Excel's 31 characters
    assert [c.value for c in sheet[1]] == ["naam", "start", "n", "x"]
    assert all(c.font.b for c in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].is_date
    assert sheet["B2"].number_format == SHEET_DATE_FORMAT
    assert sheet["B2"].value.date() == date(2025, 3, 14)
    assert sheet["C3"].value == 12
    assert sheet["D2"].value is None
    assert (sheet["D3"].value, sheet["D3"].data_type) == ("=1+1", "s")
    # Columns as wide as their longest text plus two, at least 10, at most 60.
    assert sheet.column_dimensions["A"].width == len("Sanne de Vries") + 2
    assert sheet.column_dimensions["C"].width == 10


def test_an_empty_sheet_has_its_headers():
    sheet = load_workbook(BytesIO(write_xlsx("Kandidaten", ["a", "b"], []))).worksheets[0]
    assert [c.value for c in sheet[1]] == ["a", "b"]
    assert sheet.max_row == 1


def test_rows_are_streamed_not_kept_as_cells(monkeypatch):
    """A plain value goes into the sheet as it is: cell objects only for styled values."""
    made = []
    real = sheets.WriteOnlyCell

    def counted(*args, **kwargs):
        made.append(kwargs.get("value"))
        return real(*args, **kwargs)

    monkeypatch.setattr(sheets, "WriteOnlyCell", counted)
    rows = [[f"kandidaat {n}", n, "ROC", "Geslaagd"] for n in range(1000)]
    data = write_xlsx("t", ["naam", "n", "school", "uitslag"], rows)
    assert made == ["naam", "n", "school", "uitslag"]  # the bold headers only
    assert load_workbook(BytesIO(data)).worksheets[0].max_row == 1001
