"""Field validation errors that forms and plone.restapi report as a 400 with a message."""

from zope import schema
from zope.schema import ValidationError


class FieldError(ValidationError):
    """A refused field value; doc() is the (translatable) message."""

    def doc(self):
        return self.args[0]


class PatternLine(schema.TextLine):
    """A text line that must match `pattern`; otherwise `message` is the error."""

    pattern = None
    message = None

    def _validate(self, value):
        super()._validate(value)
        if not self.pattern.match(value):
            raise FieldError(self.message)
