"""The PvB's add and edit forms refuse what breaks a process rule (the people, the fit of
the assignment) as REST does: the message shows in the fieldset where it was entered."""

from proeve.content.pvb import IPvBSchema
from proeve.process import ProcessError
from proeve.process.entry import check_entry
from z3c.form.interfaces import IForm
from z3c.form.util import getSpecification
from z3c.form.validator import InvariantsValidator
from z3c.form.validator import WidgetsValidatorDiscriminators
from zope.interface import Invalid


class PvBRulesValidator(InvariantsValidator):
    """The schema's invariants, and the process rules on the fields of this fieldset."""

    def validate(self, data):
        errors = super().validate(data)
        try:
            # The form's context: the PvB (edit form) or its candidate (add form, which has
            # no content yet).
            check_entry(self.view.context, data)
        except ProcessError as exc:
            errors += (Invalid(exc.message),)
        return errors


# For the PvB's schema itself (the interface object, hence force=True), in forms only:
# plone.restapi asks the same with no view, and checks the rules itself (services.pvb_content).
WidgetsValidatorDiscriminators(
    PvBRulesValidator, view=IForm, schema=getSpecification(IPvBSchema, force=True)
)
