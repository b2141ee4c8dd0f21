"""GET @access-report on a candidate."""

from plone.restapi.services import Service
from Products.CMFCore.utils import getToolByName
from proeve.journal.store import chain_for
from zope.component.hooks import getSite


ACCESS_ACTIONS = ("evidence_downloaded", "dossier_exported")


class AccessReportGet(Service):
    def reply(self):
        candidate = self.context
        pas = getToolByName(candidate, "acl_users")
        groups = getToolByName(candidate, "portal_groups")
        who = {}

        def add(principal, roles, where):
            group = groups.getGroupById(principal)
            members = group.getGroupMemberIds() if group is not None else [principal]
            for userid in members:
                entry = who.setdefault(userid, {"userid": userid, "roles": set(), "on": set()})
                entry["roles"] |= set(roles)
                entry["on"].add(where)

        objects = [candidate] + [o for o in candidate.objectValues() if o.portal_type == "PvB"]
        for obj in objects:
            for principal, roles in pas._getAllLocalRoles(obj).items():
                useful = set(roles) - {"Owner"}
                if useful:
                    add(principal, useful, obj.getId())
        for userid in pas.portal_role_manager.listAssignedPrincipals("Manager"):
            add(userid[0] if isinstance(userid, tuple) else userid, {"Manager"}, "site")

        path = "/".join(candidate.getPhysicalPath())
        chains = [chain_for(o, create=False) for o in objects[1:]]
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
            "can_see": sorted(
                (
                    {"userid": e["userid"], "roles": sorted(e["roles"]), "on": sorted(e["on"])}
                    for e in who.values()
                ),
                key=lambda e: e["userid"],
            ),
            "accesses": sorted(accesses, key=lambda e: e["time"]),
        }
