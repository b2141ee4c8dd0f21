"""GET @journal (one PvB) and GET @journal-verify (the whole site)."""

from plone.restapi.services import Service
from proeve.journal import verify
from proeve.journal.records import cached_file_sha256
from proeve.journal.roles import label
from proeve.journal.store import chain_for
from proeve.journal.store import get_head
from proeve.journal.verify import verify_pvb
from proeve.process.labels import entry_title
from zope.component.hooks import getSite
from zope.i18n import translate


class JournalGet(Service):
    def reply(self):
        chain = chain_for(self.context, create=False)
        if chain is None:
            return {"items": [], "verified": True, "problems": []}
        # The chain, and every record it journaled against its stored object (evidence
        # files read once per stored revision); the anchor file is checked site-wide.
        problems, _count = verify_pvb(
            self.context, chain, get_head(getSite(), chain.chain_id), cached_file_sha256
        )
        return {
            "@id": f"{self.context.absolute_url()}/@journal",
            "items": [self.item(entry) for entry in chain],
            "verified": not problems,
            "problems": problems,
        }

    def item(self, entry):
        """An entry as stored, with what it records in words (as the PvB page says it) and
        the title of the role it was done in (None for entries from before roles)."""
        role = label(entry.get("role"), self.context)
        return dict(
            entry,
            title=": ".join(translate(part, context=self.request) for part in entry_title(entry)),
            role_title=translate(role, context=self.request) if role else None,
        )


class JournalVerifyGet(Service):
    def reply(self):
        chains, entries, problems = verify(getSite(), file_digest=cached_file_sha256)
        return {
            "chains": chains,
            "entries": entries,
            "verified": not problems,
            "problems": problems,
        }
