"""POST @school-accounts: create (or reuse) a login and put it on the school roster."""

from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.accounts import create_school_account
from proeve.accounts import send_welcome
from proeve.interfaces import ICandidate
from proeve.services.base import ProeveService
from proeve.services.errors import error


class SchoolAccountsPost(ProeveService):
    def handle(self, data):
        candidate = None
        if data.get("candidate"):
            candidate = self._candidate(data["candidate"])
            if candidate is None:
                return error(
                    self.request,
                    400,
                    "unknown_candidate",
                    _(
                        "error_unknown_candidate",
                        default="Deze kandidaat bestaat niet in deze school.",
                    ),
                    "candidate",
                )
        password = data.get("password")
        userid, created = create_school_account(
            self.context,
            username=data.get("username"),
            email=data.get("email"),
            fullname=data.get("fullname"),
            groups=data.get("groups"),
            password=password,
            candidate=candidate,
        )
        mail_sent = False
        if created and not password:
            mail_sent = send_welcome(self.context, userid)
        self.request.response.setStatus(201 if created else 200)
        return {"userid": userid, "created": created, "mail_sent": mail_sent}

    def _candidate(self, uid):
        catalog = getToolByName(self.context, "portal_catalog")
        brains = catalog.unrestrictedSearchResults(
            UID=uid, path="/".join(self.context.getPhysicalPath())
        )
        obj = brains[0]._unrestrictedGetObject() if brains else None
        return obj if ICandidate.providedBy(obj) else None
