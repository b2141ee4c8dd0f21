"""PATCH @people: {"assessor_1": "userid", ..., "reason": "..."}."""

from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.pvb import IPvBSchema
from proeve.content.pvb import PEOPLE_FIELDS
from proeve.process import ProcessError
from proeve.process import text_of
from proeve.process.checks import people_problems
from proeve.services.base import ProeveService
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
from zope.schema.interfaces import ValidationError


BEFORE_ESTABLISHMENT = ("preparation", "content_check", "establishment")


class PeoplePatch(ProeveService):
    def handle(self, data):
        pvb = self.context
        reason = text_of(data, "reason")
        data.pop("reason", None)
        unknown = set(data) - set(PEOPLE_FIELDS)
        if unknown or not data:
            raise ProcessError(
                "invalid_fields",
                _(
                    "error_people_fields",
                    default="Geef een of meer van: ${fields}.",
                    mapping={"fields": ", ".join(PEOPLE_FIELDS)},
                ),
            )
        state = getToolByName(pvb, "portal_workflow").getInfoFor(pvb, "review_state")
        if state not in BEFORE_ESTABLISHMENT and not reason:
            raise ProcessError(
                "reason_required",
                _(
                    "error_reason_required",
                    default="Na de vaststelling hoort bij elke wijziging een reden.",
                ),
            )
        for name, value in data.items():
            field = IPvBSchema[name].bind(pvb)
            try:
                if value is not None:
                    field.validate(value)
            except ValidationError:
                raise ProcessError(
                    "invalid_person",
                    _(
                        "error_invalid_person",
                        default="${userid} kan niet als ${field} worden gekozen.",
                        mapping={"userid": str(value), "field": name},
                    ),
                ) from None
        old = {name: getattr(pvb, name, None) for name in data}
        for name, value in data.items():
            setattr(pvb, name, value)
        problems = people_problems(pvb) if state not in BEFORE_ESTABLISHMENT else []
        if problems:
            for name, value in old.items():
                setattr(pvb, name, value)
            raise ProcessError("invalid_people", problems[0][1])
        self.request.set("proeve.reason", reason or None)
        notify(ObjectModifiedEvent(pvb))
        return self.reply_no_content()
