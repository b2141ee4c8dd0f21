"""POST @pseudonymise: {"decision": "<exam committee decision>"}."""

from proeve.process import text_of
from proeve.retention.pseudonymise import pseudonymise
from proeve.services.base import ProeveService


class PseudonymisePost(ProeveService):
    def handle(self, data):
        alias = pseudonymise(self.context, text_of(data, "decision"))
        return {"pseudonym": alias}
