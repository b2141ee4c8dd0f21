"""GET @dossier: the dossier of one PvB (proeve.process.dossier)."""

from plone.restapi.services import Service
from proeve.process.dossier import build_dossier


class DossierGet(Service):
    def reply(self):
        return build_dossier(self.context, self.request)
