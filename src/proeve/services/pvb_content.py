"""plone.restapi's own POST (into a candidate) and PATCH of a PvB check the process rules on
what is entered before anything is written; a refusal answers in Proeve's error form
(errors.ErrorForm) and the request writes nothing. Of every content item in the site the
display (`layout`) is checked (process.display)."""

from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from proeve.interfaces import IProeveLayer
from proeve.interfaces import IPvB
from proeve.process.display import check_display
from proeve.process.entry import check_entry
from zope.component import adapter
from zope.interface import implementer


@implementer(IDeserializeFromJson)
@adapter(IDexterityContent, IProeveLayer)
class CheckedDeserializer(DeserializeFromJson):
    """plone.restapi's deserializer that first asks the display rule and check(data) of
    what is entered; a refusal (ProcessError) stops the request before anything is
    written."""

    def check(self, data):
        """The rules of the type's own fields (none here)."""

    def __call__(self, validate_all=False, data=None, create=False, **options):
        if data is None:
            data = json_body(self.request)
        if isinstance(data, dict):
            if "layout" in data:
                check_display(self.context)
            self.check(data)
        return super().__call__(validate_all=validate_all, data=data, create=create, **options)


@implementer(IDeserializeFromJson)
@adapter(IPvB, IProeveLayer)
class PvBDeserializer(CheckedDeserializer):
    def check(self, data):
        # A new PvB is wrapped in its candidate already: the same check finds it.
        check_entry(self.context, data)
