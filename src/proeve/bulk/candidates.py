"""Import candidates into an exam group from a table: dry run, a report per row,
idempotent on student code, and all or nothing."""

from datetime import date
from datetime import datetime
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.accounts import create_school_account
from proeve.accounts import EMAIL
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
    "gebruikersnaam": "username",
    "username": "username",
    "login": "username",
}
# Optional: a login per candidate (school admin only); a welcome mail lets them set a password.
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
REQUIRED = ("student_code", "first_name", "last_name")
TEMPLATE_HEADERS = [
    "studentcode",
    "voornaam",
    "achternaam",
    "e-mail",
    "diplomadatum",
    "gebruikersnaam",
]
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
        username = _text(data.get("username")).lower()
        login = None
        if username:
            login = login_plan(group, username, values["email"], candidate, errors)
        report.append(
            {
                "row": number,
                "student_code": code,
                "action": "error" if errors else action,
                "errors": errors,
                "values": values,
                "username": username or None,
                "login": login,
            }
        )
    return report, []


def login_plan(group, username, email, candidate, errors):
    """What happens to a row's login: "create", "link" (an existing login of this
    person), "linked" (already so), or None with an error added."""
    membership = getToolByName(group, "portal_membership")
    if not USERNAME.match(username):
        errors.append(
            _(
                "import_invalid_username",
                default="ongeldige gebruikersnaam (3-64 tekens: a-z, 0-9, punt, streep)",
            )
        )
        return None
    if not email:
        errors.append(
            _("import_username_needs_email", default="een gebruikersnaam vraagt om een e-mailadres")
        )
        return None
    linked = getattr(candidate, "userid", None) if candidate is not None else None
    if linked and linked != username:
        errors.append(
            _(
                "import_other_login_linked",
                default="deze kandidaat heeft al de login '${login}'",
                mapping={"login": linked},
            )
        )
        return None
    existing = membership.getMemberById(username)
    if existing is None:
        return "create"
    if (existing.getProperty("email") or "").lower() != email.lower():
        errors.append(
            _(
                "import_username_taken",
                default="de gebruikersnaam hoort bij iemand anders (ander e-mailadres)",
            )
        )
        return None
    return "linked" if linked == username else "link"


def apply(group, report, data_hash):
    """Carry out a plan without errors, in batches that commit on their way."""
    school = find_school(group)
    known = existing_candidates(school)
    created = updated = 0
    new_logins = []
    for index, row in enumerate(report, start=1):
        values = dict(row["values"])
        candidate = known.get(row["student_code"])
        if row["action"] == "create":
            candidate = createContentInContainer(
                group, "Candidate", checkConstraints=False, **values
            )
            created += 1
        elif row["action"] == "update":
            for field, value in values.items():
                setattr(candidate, field, value)
            notify(ObjectModifiedEvent(candidate))
            updated += 1
        if row.get("login") in ("create", "link"):
            userid, made = create_school_account(
                school,
                username=row["username"],
                email=values["email"],
                fullname=candidate.Title(),
                groups={"Candidates"},
                candidate=candidate,
            )
            if made:
                new_logins.append(userid)
        if index % BATCH == 0:
            # Memory stays bounded; the import is still one transaction: all or nothing.
            transaction.savepoint(optimistic=True)
    record(
        group,
        "candidates_imported",
        {"created": created, "updated": updated, "logins": new_logins, "sha256": data_hash},
    )
    return created, updated, new_logins


def has_logins(report):
    return any(row.get("username") for row in report)


def file_hash(data):
    return hashlib.sha256(data).hexdigest()
