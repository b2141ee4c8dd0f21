"""The PvB's add and edit forms refuse what breaks a process rule (the people, the fit of
the assignment) as REST does: the message shows in the fieldset where it was entered. They
call the people in the school's own words (proeve.terms)."""

from plone.dexterity.browser.edit import DefaultEditForm
from plone.z3cform import layout
from proeve.content.pvb import IPvBSchema
from proeve.people import BY_FIELD
from proeve.people import help_text
from proeve.people import label as person_label
from proeve.process import ProcessError
from proeve.process.entry import check_entry
from z3c.form.interfaces import IErrorViewSnippet
from z3c.form.interfaces import IForm
from z3c.form.util import getSpecification
from z3c.form.validator import InvariantsValidator
from z3c.form.validator import WidgetsValidatorDiscriminators
from zope.component import getMultiAdapter
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
            error = Invalid(exc.message)
            errors += (error,)
            self.show_beside(exc.details.get("field"), error)
        return errors

    def show_beside(self, name, error):
        """The refusal also beside the field it is about (a rule about the second assessor
        beside that field), where a person sees it; the form's own error of a fieldset is
        easily missed on another tab."""
        widget = self.manager.get(name) if isinstance(name, str) else None
        if widget is None:
            return
        snippet = getMultiAdapter(
            (error, self.request, widget, widget.field, self.view, self.context),
            IErrorViewSnippet,
        )
        snippet.update()
        widget.error = snippet


# For the PvB's schema itself (the interface object, hence force=True), in forms only:
# plone.restapi asks the same with no view, and checks the rules itself (services.pvb_content).
WidgetsValidatorDiscriminators(
    PvBRulesValidator, view=IForm, schema=getSpecification(IPvBSchema, force=True)
)


class PeopleInSchoolWords:
    """A form mixin: the people fields of a PvB labelled and explained in the words of the
    form's school (the schema's own titles are the default words)."""

    def update(self):
        super().update()
        for widgets in (self.widgets, *(group.widgets for group in getattr(self, "groups", ()))):
            for widget in widgets.values():
                name = widget.field.__name__
                if widget.field.interface is IPvBSchema and name in BY_FIELD:
                    widget.label = person_label(name, self.context)
                    widget.description = help_text(name, self.context) or ""


class PvBEditForm(PeopleInSchoolWords, DefaultEditForm):
    pass


PvBEditView = layout.wrap_form(PvBEditForm)
