"""Fields that several types share, defined once, with messages that say what is wrong."""

from proeve import _
from proeve.content.validation import FieldError
from proeve.exam_kinds import CODE_MESSAGE
from proeve.exam_kinds import kind_of_code
from z3c.form.converter import FormatterValidationError
from z3c.form.converter import IntegerDataConverter
from z3c.form.interfaces import ITextWidget
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.schema.interfaces import IInt
from zope.schema.interfaces import TooBig
from zope.schema.interfaces import TooSmall
from zope.schema.interfaces import WrongType


COHORT_MESSAGE = _(
    "error_cohort",
    default="Vul het cohort in als jaartal tussen 2000 en 2100, bijvoorbeeld 2024.",
)


def crebo_constraint(value):
    """The code of an exam: a crebo (a PvB) or a keuzedeelcode (a keuzedeel exam); the field
    keeps its name ``crebo`` for REST (proeve.exam_kinds)."""
    if kind_of_code(value) is None:
        raise FieldError(CODE_MESSAGE)
    return True


def crebo_field():
    return schema.TextLine(
        title=_("label_exam_code", default="Crebo of keuzedeelcode"),
        description=_(
            "help_exam_code",
            default="Landelijke code van de kwalificatie (5 cijfers), of van het keuzedeel "
            "(een K en 4 cijfers, bijvoorbeeld K0080) voor een keuzedeelexamen.",
        ),
        constraint=crebo_constraint,
        required=True,
    )


class ICohort(IInt):
    """A cohort: the start year of a kwalificatiedossier."""


@implementer(ICohort)
class Cohort(schema.Int):
    """A year; every wrong value (text, too early, too late) gets the one Dutch message, on
    the form and over REST."""

    def fromUnicode(self, value):
        try:
            return super().fromUnicode(value)
        except ValueError:
            raise FieldError(COHORT_MESSAGE) from None

    def _validate(self, value):
        try:
            super()._validate(value)
        except (TooSmall, TooBig, WrongType):
            raise FieldError(COHORT_MESSAGE) from None


@adapter(ICohort, ITextWidget)
class CohortConverter(IntegerDataConverter):
    """A year as typed (2024, not the locale's 2.024), and the cohort's message for text."""

    errorMessage = COHORT_MESSAGE

    def toWidgetValue(self, value):
        return "" if value == self.field.missing_value else str(value)

    def toFieldValue(self, value):
        value = (value or "").strip()
        if value == "":
            return self.field.missing_value
        if not value.isdigit():
            raise FormatterValidationError(self.errorMessage, value)
        return int(value)


def cohort_field():
    """The cohort is the start year of the kwalificatiedossier (the FAQ's confusion)."""
    return Cohort(
        title=_("label_qualification_cohort", default="Cohort (kwalificatiedossier)"),
        description=_(
            "help_qualification_cohort",
            default="Het startjaar van het kwalificatiedossier, niet het startjaar van de "
            "opleiding.",
        ),
        min=2000,
        max=2100,
        required=True,
    )
