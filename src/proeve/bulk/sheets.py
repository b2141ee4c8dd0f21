"""Reading and writing spreadsheets (.xlsx through openpyxl, .csv through the stdlib)."""

from datetime import date
from io import BytesIO
from io import StringIO
from openpyxl import load_workbook
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from proeve import _
from proeve.dates import SHEET_DATE_FORMAT
import csv
import zipfile


MAX_ROWS = 5000
TOO_MANY_ROWS = _(
    "sheet_too_many_rows",
    default="meer dan ${max} regels; splits het bestand",
    mapping={"max": MAX_ROWS},
)
CSV_UNREADABLE = _(
    "sheet_csv_unreadable",
    default="de kolommen van deze .csv zijn niet te herkennen; scheid ze met ; of ,",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetError(Exception):
    """A file that cannot be read as a table: a code and a message."""

    def __init__(self, code, message):
        super().__init__(code)
        self.code = code
        self.message = message


def read_table(data, filename=""):
    """Rows (lists of cells) of the first sheet of an .xlsx, or of a .csv."""
    if data[:2] == b"PK":
        try:
            workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise SheetError(
                "unreadable",
                _("sheet_invalid_xlsx", default="dit is geen geldig .xlsx-bestand"),
            ) from None
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise SheetError("too_many_rows", TOO_MANY_ROWS)
        workbook.close()
        return rows
    if filename.lower().endswith(".xlsx"):
        raise SheetError(
            "unreadable",
            _(
                "sheet_not_excel",
                default="het bestand heet .xlsx maar is geen Excel-bestand",
            ),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(
            "unreadable",
            _("sheet_not_readable", default="dit is geen .csv (UTF-8) en geen .xlsx-bestand"),
        ) from None
    try:
        rows = list(csv.reader(StringIO(text), csv_dialect(text)))
    except csv.Error:
        # No delimiter to be found (one column, a text), or a field over the csv limit.
        raise SheetError("unreadable", CSV_UNREADABLE) from None
    if len(rows) > MAX_ROWS + 1:
        raise SheetError("too_many_rows", TOO_MANY_ROWS)
    return rows


def csv_dialect(text):
    """The dialect of a .csv: its delimiter is one of , ; and tab (csv.Error if none)."""
    if not text.strip():
        return csv.excel
    return csv.Sniffer().sniff(text[:2048], delimiters=",;\t")


# What a spreadsheet program reads as the start of a formula (or of a formula after
# leading white space): a cell of an export that starts so is someone's text, never a
# formula (=HYPERLINK("http://…") from an imported name must not become a link).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def keep_as_text(cell):
    """An openpyxl cell whose text looks like a formula: stored as a string (openpyxl
    writes any str starting with '=' as a formula) and marked with a quote prefix, so that
    editing it in Excel or LibreOffice keeps it text."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_xlsx(title, headers, rows):
    """An .xlsx of one sheet: headers in bold, frozen above rows (a list: each column is
    sized to its longest value first).

    Written in openpyxl's write-only mode: each row goes to the file as it is appended,
    with a cell object only where a value needs a style. A normal workbook keeps an object
    per cell until it is saved, and a school's results at 50,000 PvBs are some 750,000
    cells; what such a peak takes from the server's memory it keeps.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    # Column widths and the frozen row go before the first row (a streamed sheet).
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in rows] or [10])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([styled(sheet, header, font=bold) for header in headers])
    for row in rows:
        sheet.append([sheet_value(sheet, value) for value in row])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def styled(sheet, value, **style):
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def sheet_value(sheet, value):
    """A row's value as the streamed sheet takes it: as it is, or a cell where it needs a
    style (a date's format, text that looks like a formula)."""
    if looks_like_formula(value):
        cell = styled(sheet, value)
        keep_as_text(cell)
        return cell
    if isinstance(value, date):
        return styled(sheet, value, number_format=SHEET_DATE_FORMAT)
    return value
