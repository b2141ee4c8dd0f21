"""GET @access-report on a candidate: who can open the dossier, and who fetched from it."""

from plone.restapi.services import Service
from proeve.journal.store import chain_for
from proeve.process.access import dossier_objects
from proeve.process.access import readers
from zope.component.hooks import getSite


ACCESS_ACTIONS = ("evidence_downloaded", "attachment_downloaded", "dossier_exported")


class AccessReportGet(Service):
    def reply(self):
        candidate = self.context
        path = "/".join(candidate.getPhysicalPath())
        chains = [chain_for(o, create=False) for o in dossier_objects(candidate)[1:]]
        chains.append(chain_for(getSite(), create=False))
        accesses = [
            dict(entry)
            for chain in chains
            if chain is not None
            for entry in chain
            if entry["action"] in ACCESS_ACTIONS and (entry.get("object") or "").startswith(path)
        ]
        return {
            "@id": f"{candidate.absolute_url()}/@access-report",
            "can_see": readers(candidate),
            "accesses": sorted(accesses, key=lambda e: e["time"]),
        }
