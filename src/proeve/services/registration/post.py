"""POST @proeve-registration: a candidate creates their own login."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from proeve.accounts import AccountError
from proeve.accounts import register_candidate
from proeve.services.errors import error
from zope.interface import alsoProvides


class RegistrationPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            data = json_body(self.request)
        except Exception:  # noqa: BLE001 - any unreadable body is the client's error
            data = None
        if not isinstance(data, dict):
            return error(self.request, 400, "invalid_body", "Body must be a JSON object.")
        try:
            userid = register_candidate(
                self.context,
                school_id=data.get("school"),
                student_code=data.get("student_code"),
                email=data.get("email"),
                username=data.get("username"),
                password=data.get("password"),
            )
        except AccountError as exc:
            return error(self.request, 400, exc.code, exc.message, exc.field)
        self.request.response.setStatus(201)
        return {"userid": userid}
