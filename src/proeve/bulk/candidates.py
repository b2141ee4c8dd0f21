"""Import candidates into an exam group from a table: dry run, a report per row,
idempotent on student code, and all or nothing."""

from datetime import date
from datetime import datetime
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.candidate import STUDENT_CODE
from proeve.content.utils import find_school
from proeve.journal import record
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import hashlib
import re
import transaction


COLUMNS = {
    "studentcode": "student_code",
    "student_code": "student_code",
    "voornaam": "first_name",
    "first_name": "first_name",
    "achternaam": "last_name",
    "last_name": "last_name",
    "e-mail": "email",
    "email": "email",
    "e-mailadres": "email",
    "diplomadatum": "diploma_date",
    "diploma_date": "diploma_date",
}
REQUIRED = ("student_code", "first_name", "last_name")
TEMPLATE_HEADERS = ["studentcode", "voornaam", "achternaam", "e-mail", "diplomadatum"]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BATCH = 250
DUPLICATE = _("import_duplicate_in_file", default="dubbel in het bestand")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_header(header):
    fields, problems = [], []
    for cell in header:
        name = _text(cell).lower()
        if not name:
            fields.append(None)
        elif name in COLUMNS:
            fields.append(COLUMNS[name])
        else:
            fields.append(None)
            problems.append(
                _(
                    "import_unknown_column",
                    default="onbekende kolom '${name}'",
                    mapping={"name": name},
                )
            )
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        problems.append(
            _(
                "import_missing_columns",
                default="ontbrekende kolom(men): ${columns}",
                mapping={"columns": ", ".join(missing)},
            )
        )
    return fields, problems


def existing_candidates(school):
    catalog = getToolByName(school, "portal_catalog")
    found = {}
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Candidate", path="/".join(school.getPhysicalPath())
    ):
        candidate = brain._unrestrictedGetObject()
        found[candidate.student_code] = candidate
    return found


def plan(group, rows):
    """A report per row; nothing is changed. Returns (report, file problems)."""
    if not rows:
        return [], [_("import_empty_file", default="het bestand is leeg")]
    fields, problems = read_header(rows[0])
    if problems:
        return [], problems
    school = find_school(group)
    known = existing_candidates(school)
    report, seen = [], {}
    for number, raw in enumerate(rows[1:], start=2):
        if all(_text(c) == "" for c in raw):
            continue
        data = {f: raw[i] if i < len(raw) else None for i, f in enumerate(fields) if f}
        errors = []
        values = {
            "student_code": _text(data.get("student_code")),
            "first_name": _text(data.get("first_name")),
            "last_name": _text(data.get("last_name")),
            "email": _text(data.get("email")) or None,
        }
        if not STUDENT_CODE.match(values["student_code"]):
            errors.append(_("import_invalid_student_code", default="ongeldige studentcode"))
        for field, missing, too_long in (
            (
                "first_name",
                _("import_first_name_missing", default="voornaam ontbreekt"),
                _("import_first_name_too_long", default="voornaam is langer dan 100 tekens"),
            ),
            (
                "last_name",
                _("import_last_name_missing", default="achternaam ontbreekt"),
                _("import_last_name_too_long", default="achternaam is langer dan 100 tekens"),
            ),
        ):
            if not values[field]:
                errors.append(missing)
            elif len(values[field]) > 100:
                errors.append(too_long)
        if values["email"] and not EMAIL.match(values["email"]):
            errors.append(_("import_invalid_email", default="ongeldig e-mailadres"))
        try:
            values["diploma_date"] = _date(data.get("diploma_date"))
        except ValueError:
            errors.append(
                _("import_invalid_date", default="ongeldige diplomadatum (gebruik 2027-06-30)")
            )
        code = values["student_code"]
        if code in seen:
            errors.append(
                _(
                    "import_duplicate_row",
                    default="studentcode staat ook op regel ${row}",
                    mapping={"row": seen[code]},
                )
            )
            for row in report:
                if row["row"] == seen[code] and DUPLICATE not in row["errors"]:
                    row["errors"].append(DUPLICATE)
                    row["action"] = "error"
        seen.setdefault(code, number)
        action = "create"
        candidate = known.get(code)
        if candidate is not None:
            if candidate.aq_parent.getId() != group.getId():
                errors.append(
                    _(
                        "import_code_in_other_group",
                        default="studentcode hoort bij een kandidaat in groep '${group}'",
                        mapping={"group": candidate.aq_parent.Title()},
                    )
                )
            else:
                changed = any(
                    getattr(candidate, f, None) != v
                    for f, v in values.items()
                    if f != "student_code"
                )
                action = "update" if changed else "unchanged"
        report.append(
            {
                "row": number,
                "student_code": code,
                "action": "error" if errors else action,
                "errors": errors,
                "values": values,
            }
        )
    return report, []


def apply(group, report, data_hash):
    """Carry out a plan without errors, in batches that commit on their way."""
    known = existing_candidates(find_school(group))
    created = updated = 0
    for index, row in enumerate(report, start=1):
        values = dict(row["values"])
        if row["action"] == "create":
            createContentInContainer(group, "Candidate", checkConstraints=False, **values)
            created += 1
        elif row["action"] == "update":
            candidate = known[row["student_code"]]
            for field, value in values.items():
                setattr(candidate, field, value)
            notify(ObjectModifiedEvent(candidate))
            updated += 1
        if index % BATCH == 0:
            transaction.commit()  # no giant transaction that conflicts with everyone
    record(
        group, "candidates_imported", {"created": created, "updated": updated, "sha256": data_hash}
    )
    return created, updated


def file_hash(data):
    return hashlib.sha256(data).hexdigest()
