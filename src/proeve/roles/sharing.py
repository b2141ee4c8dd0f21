"""Show the Proeve roles on the Sharing page (for the platform admin only)."""

from plone.app.workflow.interfaces import ISharingPageRole
from proeve import _
from zope.interface import implementer


DELEGATE = "proeve: Delegate Proeve roles"


def _role(title):
    @implementer(ISharingPageRole)
    class Role:
        required_permission = DELEGATE
        required_interface = None

    Role.title = title
    return Role


SchoolAdminRole = _role(_("role_school_admin", default="Schoolbeheerder"))
SchoolSupervisorRole = _role(_("role_school_supervisor", default="ROC-begeleider"))
CandidateRole = _role(_("role_candidate", default="Kandidaat"))
WorkplaceSupervisorRole = _role(_("role_workplace_supervisor", default="Praktijkbegeleider"))
AssessorRole = _role(_("role_assessor", default="Beoordelaar"))
EstablisherRole = _role(_("role_establisher", default="Vaststeller"))
ExamCommitteeRole = _role(_("role_exam_committee", default="Examencommissie"))
FormAssessorRole = _role(_("role_form_assessor", default="Beoordelaar van dit formulier"))
SchoolIntegrationRole = _role(_("role_school_integration", default="Koppeling"))
