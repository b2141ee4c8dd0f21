"""POST @import-candidates: {"file": "<base64>", "filename": "...", "dry_run": true}
or a multipart form with a field "file" (and "dry_run")."""

from proeve import _
from proeve.accounts import send_welcome
from proeve.bulk import candidates
from proeve.bulk.sheets import read_table
from proeve.bulk.sheets import SheetError
from proeve.process import ProcessError
from proeve.services.base import ProeveService
from zope.i18n import translate
import base64
import binascii


class ImportCandidatesPost(ProeveService):
    def body(self):
        upload = self.request.form.get("file")
        if upload is not None and hasattr(upload, "read"):
            return {
                "data": upload.read(),
                "filename": getattr(upload, "filename", "") or "",
                "dry_run": self.request.form.get("dry_run") in ("1", "true", "True", "on"),
            }
        data = super().body()
        if data is None:
            return None
        try:
            data["data"] = base64.b64decode(data.get("file") or "", validate=True)
        except (binascii.Error, TypeError, ValueError):
            data["data"] = b""
        return data

    def handle(self, data):
        raw = data.get("data") or b""
        if not raw:
            raise ProcessError(
                "no_file",
                _("import_no_file", default="Stuur een .xlsx- of .csv-bestand (veld 'file')."),
            )
        try:
            rows = read_table(raw, data.get("filename") or "")
        except SheetError as exc:
            raise ProcessError(exc.code, exc.message) from None
        report, problems = candidates.plan(self.context, rows)
        if not problems and candidates.has_logins(report) and not self.may_make_logins():
            raise ProcessError(
                "logins_not_allowed",
                _(
                    "import_logins_not_allowed",
                    default="Alleen de schoolbeheerder importeert logins; laat de kolom "
                    "gebruikersnaam leeg of weg.",
                ),
                status=403,
            )
        if problems:
            raise ProcessError(
                "invalid_file", "; ".join(translate(p, context=self.request) for p in problems)
            )
        summary = {
            "rows": report,
            "create": sum(1 for r in report if r["action"] == "create"),
            "update": sum(1 for r in report if r["action"] == "update"),
            "unchanged": sum(1 for r in report if r["action"] == "unchanged"),
            "errors": sum(1 for r in report if r["action"] == "error"),
            "logins_create": sum(1 for r in report if r.get("login") == "create"),
            "logins_link": sum(1 for r in report if r.get("login") == "link"),
            "dry_run": bool(data.get("dry_run")),
        }
        if summary["errors"]:
            # All or nothing: a file with errors changes nothing.
            return self.error_response("rows_with_errors", self.printable(summary))
        if not summary["dry_run"]:
            _created, _updated, logins = candidates.apply(
                self.context, report, candidates.file_hash(raw)
            )
            summary["welcome_mails"] = self.welcome(logins)
            self.request.response.setStatus(201)
        return self.printable(summary)

    def may_make_logins(self):
        """Linking a login gives a person the candidate's rights: the school admin's call."""
        from AccessControl import getSecurityManager
        from proeve.content.utils import find_school

        school = find_school(self.context)
        return bool(
            getSecurityManager().checkPermission("collective.workspace: Manage roster", school)
        )

    def welcome(self, userids):
        """Plone's welcome mail (choose a password) to each new login, after the commit."""
        return sum(1 for userid in userids if send_welcome(self.context, userid))

    @staticmethod
    def printable(summary):
        for row in summary["rows"]:
            row["values"] = {k: None if v is None else str(v) for k, v in row["values"].items()}
        return summary

    def error_response(self, code, summary):
        self.request.response.setStatus(400)
        return {
            "error": {
                "type": "BadRequest",
                "code": code,
                "message": translate(
                    _(
                        "import_rows_with_errors",
                        default="${count} regel(s) bevatten fouten; er is niets geïmporteerd.",
                        mapping={"count": summary["errors"]},
                    ),
                    context=self.request,
                ),
            },
            **summary,
        }
