"""The school's own words: what a school calls the workplace supervisor.

Schools say *praktijkbegeleider* or *praktijkopleider* (FAQ, fase 0, vraag 7); the school's
setting ``workplace_supervisor_term`` chooses. Every text that names the role is a message
id: the role itself comes from ``workplace_supervisor_term(context, form)``, and a sentence
that names it carries ``${workplace_supervisor}`` (or one of the other placeholders of
``term_mapping``), filled by ``in_school_words(message, context)``. Field names (REST, the
journal's role codes, roster group ids) stay ``workplace_supervisor`` whatever the school says.

Outside any school (the platform admin's pages) the default word is used. A workplace
supervisor may serve several schools: what they see of a PvB follows that PvB's school.
"""

from proeve import _
from proeve.content.utils import find_school
from zope.i18n import interpolate
from zope.i18nmessageid import Message
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


PRAKTIJKBEGELEIDER = "praktijkbegeleider"
PRAKTIJKOPLEIDER = "praktijkopleider"
DEFAULT_TERM = PRAKTIJKBEGELEIDER

# Each word in the forms texts need: a label (capital), in a sentence, and their plurals.
# English: "workplace supervisor" and "workplace trainer", as the Dutch words differ.
WORDS = {
    PRAKTIJKBEGELEIDER: {
        "label": _("label_workplace_supervisor", default="Praktijkbegeleider"),
        "word": _("term_workplace_supervisor", default="praktijkbegeleider"),
        "labels": _("group_workplace_supervisors", default="Praktijkbegeleiders"),
        "words": _("term_workplace_supervisors", default="praktijkbegeleiders"),
    },
    PRAKTIJKOPLEIDER: {
        "label": _("label_workplace_trainer", default="Praktijkopleider"),
        "word": _("term_workplace_trainer", default="praktijkopleider"),
        "labels": _("group_workplace_trainers", default="Praktijkopleiders"),
        "words": _("term_workplace_trainers", default="praktijkopleiders"),
    },
}

# The placeholder each form fills in a sentence.
PLACEHOLDERS = {
    "workplace_supervisor": "word",
    "workplace_supervisors": "words",
    "Workplace_supervisor": "label",
    "Workplace_supervisors": "labels",
}

# The school's choice (its edit form and REST).
TERM_VOCABULARY = SimpleVocabulary(
    [SimpleTerm(term, title=WORDS[term]["word"]) for term in (PRAKTIJKBEGELEIDER, PRAKTIJKOPLEIDER)]
)


def school_term(context):
    """The word (PRAKTIJKBEGELEIDER or PRAKTIJKOPLEIDER) of the school that holds context;
    the default outside any school."""
    school = find_school(context) if context is not None else None
    term = getattr(school, "workplace_supervisor_term", None) if school is not None else None
    return term if term in WORDS else DEFAULT_TERM


def workplace_supervisor_term(context, form="word"):
    """The school's word for the workplace supervisor, a message: form "word"
    (praktijkopleider), "label" (Praktijkopleider), "words" or "labels" (plurals)."""
    return WORDS[school_term(context)][form]


def term_mapping(context):
    """The placeholders of a sentence that names the workplace supervisor, in the school's
    word."""
    words = WORDS[school_term(context)]
    return {name: words[form] for name, form in PLACEHOLDERS.items()}


def in_school_words(message, context):
    """message with the school's word for the workplace supervisor filled in (its own
    mapping kept)."""
    if not isinstance(message, Message):
        return message
    mapping = dict(term_mapping(context), **(message.mapping or {}))
    return Message(message, domain=message.domain, default=message.default, mapping=mapping)


def in_dutch(message, context):
    """The Dutch text of message in the school's words (sheets and the dossier summary are
    Dutch whatever the reader's language)."""
    message = in_school_words(message, context)
    mapping = {
        name: getattr(value, "default", value) for name, value in (message.mapping or {}).items()
    }
    return interpolate(message.default or str(message), mapping)
