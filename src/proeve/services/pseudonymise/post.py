"""POST @pseudonymise: {"decision": "<exam committee decision>"}."""

from proeve.retention.pseudonymise import pseudonymise
from proeve.services.base import ProeveService


class PseudonymisePost(ProeveService):
    def handle(self, data):
        alias = pseudonymise(self.context, data.get("decision"))
        return {"pseudonym": alias}
