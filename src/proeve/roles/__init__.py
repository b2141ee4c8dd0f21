"""The roles of Proeve. They are only ever granted as local roles.

School staff get theirs from the school's roster (collective.workspace groups,
mapped to roles in the registry); the people of a PvB from the PvB's own fields
(see proeve.roles.localroles).
"""

from proeve import _
from proeve.terms import DEFAULT_TERM
from proeve.terms import WORDS
from proeve.terms import workplace_supervisor_term


SCHOOL_ADMIN = "SchoolAdmin"
SCHOOL_SUPERVISOR = "SchoolSupervisor"
CANDIDATE = "ExamCandidate"
WORKPLACE_SUPERVISOR = "WorkplaceSupervisor"
ASSESSOR = "Assessor"
ESTABLISHER = "Establisher"
EXAM_COMMITTEE = "ExamCommittee"
# The assessor whose form it is (from the form's own field): only they change it.
FORM_ASSESSOR = "FormAssessor"
# A school's coupling with its student information system (koppeling): imports
# candidates and reads the school's results, nothing else.
SCHOOL_INTEGRATION = "SchoolIntegration"

PROEVE_ROLES = (
    SCHOOL_ADMIN,
    SCHOOL_SUPERVISOR,
    CANDIDATE,
    WORKPLACE_SUPERVISOR,
    ASSESSOR,
    ESTABLISHER,
    EXAM_COMMITTEE,
    FORM_ASSESSOR,
    SCHOOL_INTEGRATION,
)

# Roster groups of a school (collective.workspace) and the roles they carry on
# the school. The pools without roles list who may be chosen for a PvB.
ROSTER_GROUPS = {
    "Members": (),
    "Admins": (SCHOOL_ADMIN,),
    "Supervisors": (SCHOOL_SUPERVISOR,),
    "ExamCommittee": (EXAM_COMMITTEE,),
    "WorkplaceSupervisors": (),
    "Assessors": (),
    "Establishers": (),
    "Candidates": (),
    "Integrations": (SCHOOL_INTEGRATION,),
}


# How each roster group is called on every page (the ids above stay in the registry and REST).
ROSTER_GROUP_TITLES = {
    "Members": _("group_members", default="Leden"),
    "Admins": _("group_admins", default="Schoolbeheerders"),
    "Supervisors": _("group_supervisors", default="ROC-begeleiders"),
    "ExamCommittee": _("group_exam_committee", default="Examencommissie"),
    # In the school's own word (roster_group_title); this is the default word.
    "WorkplaceSupervisors": WORDS[DEFAULT_TERM]["labels"],
    "Assessors": _("group_assessors", default="Beoordelaars"),
    "Establishers": _("group_establishers", default="Vaststellers"),
    "Candidates": _("group_candidates", default="Kandidaten"),
    "Integrations": _("group_integrations", default="Koppelingen"),
}


def roster_group_title(group, context):
    """How a roster group is called at context's school."""
    if group == "WorkplaceSupervisors":
        return workplace_supervisor_term(context, "labels")
    return ROSTER_GROUP_TITLES[group]


def roster_group_id(group, school_uid):
    """The id of a school's roster group, as collective.workspace names it."""
    return f"{group}:{school_uid}"
