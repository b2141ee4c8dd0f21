"""The people of a PvB: one table, one row per person field.

Everything else is derived from it: the PvB's schema fields (proeve.content.pvb), their local
roles (proeve.roles.localroles), the labels on every page, the checks before the vaststelling
and the people rules (proeve.process.people), the approvals and tasks, the bulk form of the
group page and the exports. It imports nothing of proeve.content (but its leaf
proeve.content.utils, through proeve.terms) or proeve.process, so both can read it.

The workplace supervisor is called in the school's own word (proeve.terms): pages, mails
and exports ask ``label(field, context)``, never the table's label of that person directly.
"""

from dataclasses import dataclass
from proeve import _
from proeve.roles import ASSESSOR
from proeve.roles import ESTABLISHER
from proeve.roles import SCHOOL_ADMIN
from proeve.roles import SCHOOL_SUPERVISOR
from proeve.roles import WORKPLACE_SUPERVISOR
from proeve.terms import DEFAULT_TERM
from proeve.terms import in_school_words
from proeve.terms import WORDS
from proeve.terms import workplace_supervisor_term
from zope.i18nmessageid import Message


# When a person must be filled in before the vaststelling.
ALWAYS = "always"
IF_SECOND_ASSESSOR = "second_assessor"  # the school's setting "Tweede beoordelaar verplicht"
IF_CONTENT_CHECK = "content_check"  # the school's setting "Inhoudelijke controle"


@dataclass(frozen=True)
class Person:
    field: str  # the PvB's field, holding a user id
    role: str  # the local role the person gets on the PvB
    pool: str  # the roster group of the school the person is chosen from
    label: Message  # how the person is called (see label(): the school's own word)
    required: str  # ALWAYS, IF_SECOND_ASSESSOR or IF_CONTENT_CHECK
    approves: bool = False  # signs the assignment (accorderen) in the preparation
    turn: str | None = None  # the task (process.tasks) that waits for this person
    help: Message | None = None  # the edit form's help text


PEOPLE = (
    Person(
        "school_supervisor",
        SCHOOL_SUPERVISOR,
        "Supervisors",
        _("label_school_supervisor", default="ROC-begeleider"),
        ALWAYS,
        approves=True,
        turn="approve",
    ),
    Person(
        "workplace_supervisor",
        WORKPLACE_SUPERVISOR,
        "WorkplaceSupervisors",
        WORDS[DEFAULT_TERM]["label"],  # the default word; label() asks the school
        ALWAYS,
        approves=True,
        turn="approve",
    ),
    Person(
        "assessor_1",
        ASSESSOR,
        "Assessors",
        _("label_assessor_1", default="Eerste beoordelaar"),
        ALWAYS,
        turn="assess",
    ),
    Person(
        "assessor_2",
        ASSESSOR,
        "Assessors",
        _("label_assessor_2", default="Tweede beoordelaar"),
        IF_SECOND_ASSESSOR,
        turn="assess",
        help=_(
            "help_assessor_2",
            default="Een ander dan de eerste beoordelaar, de ${workplace_supervisor} en de "
            "ROC-begeleider.",
        ),
    ),
    Person(
        "establisher",
        ESTABLISHER,
        "Establishers",
        _("label_establisher", default="Vaststeller"),
        ALWAYS,
        turn="establish",
    ),
    Person(
        "content_checker",
        ESTABLISHER,
        "Establishers",
        _("label_content_checker_short", default="Inhoudelijk vaststeller"),
        IF_CONTENT_CHECK,
        turn="check_content",
        help=_(
            "help_content_checker",
            default="Alleen als de school een inhoudelijke controle vóór de vaststelling wil.",
        ),
    ),
)

BY_FIELD = {person.field: person for person in PEOPLE}
FIELDS = tuple(BY_FIELD)
LABELS = {person.field: person.label for person in PEOPLE}
# People whose name is the school's own word (proeve.terms).
IN_SCHOOL_WORDS = ("workplace_supervisor",)


def label(field, context):
    """How the person of this field is called at context's school."""
    if field in IN_SCHOOL_WORDS:
        return workplace_supervisor_term(context, "label")
    return LABELS[field]


def help_text(field, context):
    """The edit form's help of this field in the school's words, or None."""
    help_ = BY_FIELD[field].help
    return in_school_words(help_, context) if help_ is not None else None


APPROVERS = tuple(person.field for person in PEOPLE if person.approves)
ASSESSORS = tuple(person.field for person in PEOPLE if person.role == ASSESSOR)

# The second assessor is another person than these (process.people.people_conflicts).
DIFFERENT_FROM_SECOND_ASSESSOR = ("assessor_1", "workplace_supervisor", "school_supervisor")

# Who may change a person in which phase; the same for every field. The workflow grants
# "proeve: Change PvB people" to exactly these roles (and to the platform admin) in each
# state; tests/test_people_table.py compares. From the vaststelling on, a change carries a
# reason (process.people.change_people).
CHANGE_PERMISSION = "proeve.ChangePeople"
CHANGE_PERMISSION_TITLE = "proeve: Change PvB people"
CHANGED_BY = {
    "preparation": (SCHOOL_ADMIN, SCHOOL_SUPERVISOR),
    "content_check": (SCHOOL_ADMIN, SCHOOL_SUPERVISOR),
    "establishment": (SCHOOL_ADMIN, SCHOOL_SUPERVISOR),
    "execution": (SCHOOL_ADMIN,),
    "paused": (SCHOOL_ADMIN,),
    "assessment": (SCHOOL_ADMIN,),
    "closed": (),
}
CHANGED_WITHOUT_REASON = ("preparation", "content_check", "establishment")
