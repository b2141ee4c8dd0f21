"""plone.restapi's PATCH (and POST) of a school checks the process rules on its settings
before anything is written; a refusal answers in Proeve's error form (errors.ErrorForm)."""

from plone.restapi.interfaces import IDeserializeFromJson
from proeve.content.school import ISchoolSchema
from proeve.interfaces import IProeveLayer
from proeve.interfaces import ISchool
from proeve.process.school_signon import check_school_settings
from proeve.services.pvb_content import CheckedDeserializer
from zope.component import adapter
from zope.interface import implementer


def as_entered(data):
    """The body's settings as the schema reads them (a Bool sent as "true" is True)."""
    entered = dict(data)
    value = entered.get("signon_required")
    if isinstance(value, str):
        entered["signon_required"] = ISchoolSchema["signon_required"].fromUnicode(value)
    return entered


@implementer(IDeserializeFromJson)
@adapter(ISchool, IProeveLayer)
class SchoolDeserializer(CheckedDeserializer):
    def check(self, data):
        check_school_settings(self.context, as_entered(data))
