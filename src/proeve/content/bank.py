"""Exam banks and exam assignments."""

from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.supermodel import model
from proeve import _
from proeve.content.criteria import work_processes_field
from proeve.content.fields import cohort_field
from proeve.content.fields import crebo_field
from proeve.content.validation import FieldError
from proeve.interfaces import IExamAssignment
from proeve.interfaces import IExamBank
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import ConstraintNotSatisfied
from zope.schema.interfaces import IContextAwareDefaultFactory
from zope.schema.vocabulary import getVocabularyRegistry
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


KINDS = SimpleVocabulary(
    [
        SimpleTerm("national", title=_("kind_national", default="Landelijk vastgesteld")),
        SimpleTerm("school", title=_("kind_school", default="Vastgestelde schoolopdracht")),
        SimpleTerm("own", title=_("kind_own", default="Eigen opdracht")),
    ]
)


KIND_VOCABULARY = "proeve.assignment_kinds"
KIND_MESSAGE = _(
    "error_kind_not_in_bank",
    default="Deze soort opdracht hoort niet in deze bank: de landelijke examenbank heeft "
    "alleen landelijk vastgestelde opdrachten, de opdrachtenbank van een school alleen "
    "schoolopdrachten en eigen opdrachten.",
)


class BankKind(schema.Choice):
    """The kind of an assignment: one of its bank's kinds (the vocabulary asks the process),
    refused with a message that says why."""

    def _validate(self, value):
        try:
            super()._validate(value)
        except ConstraintNotSatisfied:
            raise FieldError(KIND_MESSAGE) from None


@provider(IContextAwareDefaultFactory)
def first_kind_of_bank(context):
    """The first kind the bank holds: national in the national bank, school in a school's."""
    terms = list(getVocabularyRegistry().get(context, KIND_VOCABULARY))
    return terms[0].value if terms else "school"


class IExamBankSchema(model.Schema):
    """Title and description come from the basic behavior."""


class IExamAssignmentSchema(model.Schema):
    crebo = crebo_field()
    qualification = schema.TextLine(
        title=_("label_qualification", default="Kwalificatie"),
        required=True,
        max_length=200,
    )
    qualification_cohort = cohort_field()
    # Only the kinds of the bank it is in (vocabulary proeve.assignment_kinds): a school
    # bank's assignment is never national, the national bank's always.
    kind = BankKind(
        title=_("label_assignment_kind", default="Soort opdracht"),
        vocabulary=KIND_VOCABULARY,
        defaultFactory=first_kind_of_bank,
        required=True,
    )
    # Set when an own assignment is made: the candidate it is written for, and the only one
    # whose PvB may be made from it (process.assignment.assignment_problems).
    candidate_uid = schema.Choice(
        title=_("label_assignment_candidate", default="Kandidaat (eigen opdracht)"),
        description=_(
            "help_assignment_candidate",
            default="Bij een eigen opdracht: de kandidaat voor wie hij geschreven is. Alleen "
            "voor die kandidaat kan een PvB ervan worden gemaakt.",
        ),
        vocabulary="proeve.candidates",
        required=False,
    )
    text = RichText(
        title=_("label_assignment_text", default="Opdracht"),
        required=False,
    )
    work_processes = work_processes_field()

    @invariant
    def own_for_one_candidate(data):
        """An own assignment is written for one candidate; another kind for none."""
        own = getattr(data, "kind", None) == "own"
        candidate = getattr(data, "candidate_uid", None)
        if own and not candidate:
            raise Invalid(
                _(
                    "error_own_assignment_needs_candidate",
                    default="Een eigen opdracht is voor één kandidaat: kies de kandidaat.",
                )
            )
        if candidate and not own:
            raise Invalid(
                _(
                    "error_only_own_assignment_has_candidate",
                    default="Alleen een eigen opdracht hoort bij een kandidaat.",
                )
            )


@implementer(IExamBank)
class ExamBank(Container):
    """The national bank (/examenbank) or a school's own bank (opdrachtenbank)."""


@implementer(IExamAssignment)
class ExamAssignment(Container):
    """An assignment; holds its attachments (File) and is versioned."""

    def criteria(self):
        """All criteria, flat, in order."""
        return [c for p in self.work_processes or [] for c in p["criteria"]]
