"""plone.restapi's field deserializers, where a JSON type they do not expect ends in a 500."""

from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer.dxfields import ChoiceFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from proeve import _
from proeve.interfaces import IProeveLayer
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.schema.interfaces import IChoice


@implementer(IFieldDeserializer)
@adapter(IChoice, IDexterityContent, IProeveLayer)
class ChoiceDeserializer(ChoiceFieldDeserializer):
    """A choice is sent as its token (or {"token": ...}). An object or a list is looked up
    in the vocabulary as a token and fails there as unhashable: refused as the field's
    error instead (plone.restapi answers a ValueError as a 400 for the field)."""

    def __call__(self, value):
        token = value["token"] if isinstance(value, dict) and "token" in value else value
        if isinstance(token, dict | list):
            raise ValueError(
                translate(
                    _(
                        "error_field_choice",
                        default="${field}: kies een van de mogelijke waarden.",
                        mapping={"field": self.field.__name__},
                    ),
                    context=self.request,
                )
            )
        return super().__call__(value)
