"""The roles of Proeve. They are only ever granted as local roles.

School staff get theirs from the school's roster (collective.workspace groups,
mapped to roles in the registry); the people of a PvB from the PvB's own fields
(see proeve.roles.localroles).
"""

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


def roster_group_id(group, school_uid):
    """The id of a school's roster group, as collective.workspace names it."""
    return f"{group}:{school_uid}"
