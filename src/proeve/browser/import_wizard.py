"""The import wizard of an exam group (@@import-candidates): template, file, a dry run
with a report per row, then the import with progress and its result.

The page talks to the group's @import-candidates (the same rules as any client): the
server checks the file and decides; the page only shows what it answers.
"""

from Products.Five.browser import BrowserView
from proeve import _
from zope.i18n import translate
import json


MESSAGES = {
    "choose": _("import_choose_file", default="Kies eerst een bestand."),
    "checking": _("import_checking", default="Het bestand wordt gecontroleerd…"),
    "uploading": _("import_uploading", default="Bestand versturen…"),
    "working": _(
        "import_working",
        default="De kandidaten worden geïmporteerd; dit kan bij een groot bestand even duren…",
    ),
    "preview": _(
        "import_preview_summary",
        default="Voorbeeld: ${create} nieuw, ${update} bijwerken, ${unchanged} ongewijzigd, "
        "${errors} met fouten. Er is nog niets veranderd.",
    ),
    "done": _(
        "import_done",
        default="Geïmporteerd: ${create} nieuw, ${update} bijgewerkt, ${unchanged} ongewijzigd.",
    ),
    "failed": _("import_failed", default="Importeren lukte niet."),
    "create": _("import_action_create", default="Nieuw"),
    "update": _("import_action_update", default="Bijwerken"),
    "unchanged": _("import_action_unchanged", default="Ongewijzigd"),
    "error": _("import_action_error", default="Fout"),
}


class ImportWizard(BrowserView):
    def endpoint(self):
        return f"{self.context.absolute_url()}/@import-candidates"

    def messages(self):
        return json.dumps({k: translate(v, context=self.request) for k, v in MESSAGES.items()})
