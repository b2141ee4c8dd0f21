"""Field validation errors that forms and plone.restapi report as a 400 with a message."""

from zope.schema import ValidationError


class FieldError(ValidationError):
    """A refused field value; doc() is the (translatable) message."""

    def doc(self):
        return self.args[0]
