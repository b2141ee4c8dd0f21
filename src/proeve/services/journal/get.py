"""GET @journal (one PvB) and GET @journal-verify (the whole site)."""

from plone.restapi.services import Service
from proeve.journal import verify
from proeve.journal.roles import label
from proeve.journal.store import chain_for
from proeve.journal.store import get_head
from proeve.journal.verify import verify_chain
from zope.component.hooks import getSite
from zope.i18n import translate


class JournalGet(Service):
    def reply(self):
        chain = chain_for(self.context, create=False)
        if chain is None:
            return {"items": [], "verified": True, "problems": []}
        problems, _count = verify_chain(chain, get_head(getSite(), chain.chain_id))
        return {
            "@id": f"{self.context.absolute_url()}/@journal",
            "items": [self.item(entry) for entry in chain],
            "verified": not problems,
            "problems": problems,
        }

    def item(self, entry):
        """An entry as stored, with the title of the role it was done in (None for entries
        written before roles were journaled)."""
        role = label(entry.get("role"))
        return dict(entry, role_title=translate(role, context=self.request) if role else None)


class JournalVerifyGet(Service):
    def reply(self):
        chains, entries, problems = verify(getSite())
        return {
            "chains": chains,
            "entries": entries,
            "verified": not problems,
            "problems": problems,
        }
