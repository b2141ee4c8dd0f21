"""POST @school-login {"school", "id_token"}: an ID token that the school's provider issued
to Proeve's client, verified (signature, issuer, audience, expiry) and matched to a login of
that school, for the token @login gives. Nothing is written on a refusal."""

from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from proeve import _
from proeve.services.errors import error
from proeve.signon import provider
from proeve.signon import SignOnError
from proeve.signon.matching import match_person
from proeve.signon.session import rest_token
from proeve.signon.session import school_and_settings
from zope.interface import alsoProvides
import plone.protect.interfaces
import transaction


MISSING = (
    "missing_id_token",
    _("error_missing_id_token", default="Stuur school en id_token mee, allebei als tekst."),
)


class SchoolLogin(Service):
    def reply(self):
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001 - an unreadable body is the client's error
            data = None
        fields = data if isinstance(data, dict) else {}
        school_id, id_token = fields.get("school"), fields.get("id_token")
        if not isinstance(school_id, str) or not isinstance(id_token, str) or not id_token:
            return error(self.request, 400, *MISSING)
        portal = self.context
        try:
            school, settings = school_and_settings(portal, school_id)
            claims = provider.verify_id_token(settings, id_token)
            userid = match_person(school, settings, claims)
        except SignOnError as exc:
            transaction.doom()
            return error(self.request, exc.status, exc.code, exc.message)
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        return {"token": rest_token(portal, userid)}
