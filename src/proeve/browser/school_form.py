"""The school's edit form refuses switching on required sign-on without an identity
provider, as REST does (services.school_content): the message shows beside the field."""

from proeve.content.school import ISchoolSchema
from proeve.process import ProcessError
from proeve.process.school_signon import check_school_settings
from z3c.form.interfaces import IForm
from z3c.form.validator import SimpleFieldValidator
from z3c.form.validator import WidgetValidatorDiscriminators
from zope.interface import Invalid


class SignOnRequiredValidator(SimpleFieldValidator):
    def validate(self, value, force=False):
        super().validate(value, force)
        try:
            # The form's context: the school (edit form) or the schools folder (add form).
            check_school_settings(self.context, {"signon_required": value})
        except ProcessError as exc:
            raise Invalid(exc.message) from exc


WidgetValidatorDiscriminators(
    SignOnRequiredValidator, view=IForm, field=ISchoolSchema["signon_required"]
)
