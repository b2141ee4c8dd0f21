"""The kinds of exam: the Proeve van Bekwaamheid (PvB) and the keuzedeel exam (elective).

Both are the same PvB object on the same code paths (approvals, vaststelling, evidence,
assessment, journal, retention, exports); what differs is this table: the pattern of the
exam's code (a crebo, or a keuzedeelcode), how pages call the exam and its code, and which
people of proeve.people the kind does not require. The kind is never stored: it follows from
the code of an exam group, an assignment or a PvB's frozen copy, so it cannot drift.

It imports nothing of proeve.process, so content (the code field's validator) can read it.
Not to be confused with an assignment's ``kind`` (national, school, own): where it comes from.
"""

from dataclasses import dataclass
from proeve import _
from proeve.content.utils import find_group
from zope.i18nmessageid import Message
import re


@dataclass(frozen=True)
class ExamKind:
    name: str  # the code name, in REST and exports (exam_kind)
    pattern: re.Pattern  # the exam's code
    title: Message  # how a page calls the exam: "PvB", "Keuzedeelexamen"
    code_label: Message  # how a page calls its code: "Crebo", "Keuzedeelcode"
    code_word: Message  # the same within a sentence: "crebo", "keuzedeelcode"
    # People of proeve.people that are part of this exam only when filled in: neither
    # required before the vaststelling nor asked for an approval otherwise.
    optional_people: tuple[str, ...] = ()


PVB = ExamKind(
    "pvb",
    re.compile(r"\d{5}"),
    _("exam_kind_pvb", default="PvB"),
    _("label_crebo", default="Crebo"),
    _("word_crebo", default="crebo"),
)
# A keuzedeel is examined at school as often as at the workplace: a praktijkbegeleider is
# part of it (and approves) only when the school fills one in.
ELECTIVE = ExamKind(
    "elective",
    re.compile(r"K\d{4}"),
    _("exam_kind_elective", default="Keuzedeelexamen"),
    _("label_elective_code", default="Keuzedeelcode"),
    _("word_elective_code", default="keuzedeelcode"),
    optional_people=("workplace_supervisor",),
)
KINDS = (PVB, ELECTIVE)
BY_NAME = {kind.name: kind for kind in KINDS}

CODE_MESSAGE = _(
    "error_exam_code",
    default="Vul een crebo in (precies 5 cijfers, bijvoorbeeld 25451) of een keuzedeelcode "
    "(een K en 4 cijfers, bijvoorbeeld K0080).",
)


def kind_of_code(code):
    """The kind whose code this is, or None (not a crebo, not a keuzedeelcode)."""
    if not isinstance(code, str):
        return None
    for kind in KINDS:
        if kind.pattern.fullmatch(code):
            return kind
    return None


def exam_code(context):
    """The code of the exam at context: a PvB's frozen assignment's, an assignment's or an
    exam group's own, else that of the exam group it is in (None outside a group)."""
    snapshot = getattr(context, "assignment_snapshot", None) or {}
    code = snapshot.get("crebo") or getattr(context, "crebo", None)
    if code:
        return code
    return getattr(find_group(context), "crebo", None) if context is not None else None


def exam_kind(context):
    """The kind of the exam at context (a PvB, a group, an assignment, or something in a
    group): the PvB unless its code is a keuzedeelcode."""
    return kind_of_code(exam_code(context)) or PVB


def requires(kind, person):
    """Whether this kind of exam requires a person (a row of proeve.people) by that row's
    own condition; an optional one never."""
    return person.field not in kind.optional_people
