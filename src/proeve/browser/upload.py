"""The Classic UI page for adding evidence: chunked, resumable, with progress.

The page talks to the PvB's @tus-upload (the same rules as any other client), so the
browser only shows what the server decides. Without JavaScript the plain Dexterity
add form is offered.
"""

from Products.Five.browser import BrowserView
from proeve import _
from proeve.content.parts import max_evidence_bytes
from proeve.evidence.limits import megabytes
from proeve.evidence.resumable import unfinished
from zope.i18n import translate
import json


MESSAGES = {
    "uploading": _("upload_status_uploading", default="Bezig met uploaden…"),
    "resuming": _(
        "upload_status_resuming",
        default="De verbinding viel weg; de upload gaat verder waar hij was…",
    ),
    "done": _("upload_status_done", default="Het bewijsstuk is toegevoegd."),
    "failed": _(
        "upload_status_failed",
        default="Uploaden lukt niet. Probeer het later opnieuw: wat al binnen is, blijft bewaard.",
    ),
    "too_big": _("upload_status_too_big", default="Dit bestand is groter dan toegestaan."),
    "choose": _("upload_status_choose", default="Kies eerst een bestand."),
}


class UploadEvidence(BrowserView):
    def max_megabytes(self):
        return megabytes(max_evidence_bytes())

    def max_bytes(self):
        return max_evidence_bytes()

    def endpoint(self):
        return f"{self.context.absolute_url()}/@tus-upload"

    def messages(self):
        """The texts the script shows, in the user's language, as JSON."""
        texts = {key: translate(message, context=self.request) for key, message in MESSAGES.items()}
        return json.dumps(texts)

    def unfinished(self):
        """This user's uploads into this PvB that wait to be continued, for the page."""
        if getattr(self, "_unfinished", None) is None:
            self._unfinished = unfinished(self.context)
            for upload in self._unfinished:
                upload["percent"] = int(100 * upload["offset"] / upload["length"])
                upload["received_mb"] = megabytes(upload["offset"])
                upload["length_mb"] = megabytes(upload["length"])
        return self._unfinished

    def unfinished_json(self):
        return json.dumps(
            [
                {key: upload[key] for key in ("@id", "client_filename", "length")}
                for upload in self.unfinished()
            ]
        )

    def work_processes(self):
        snapshot = getattr(self.context, "assignment_snapshot", None) or {}
        return snapshot.get("work_processes", [])
