"""Shared vocabulary of the security tests: personas, actions and their permissions."""

# persona -> demo login (None: anonymous)
PERSONAS = {
    "platform": "platformbeheer",
    "admin_a": "beheer-vaart",
    "supervisor_a": "docent-vaart",
    "committee_a": "examencie-vaart",
    "candidate": "student-sanne",
    "other_candidate": "student-mo",
    "workplace": "praktijk-jansen",
    "assessor": "beoordelaar-1",
    "establisher": "vaststeller-vaart",
    "admin_b": "beheer-noorder",
    "supervisor_b": "docent-noorder",
    "integration_a": "koppeling-vaart",
    "anonymous": None,
}

# Every permission the profile sets, classified by the action it stands for.
# A permission of the profile that is missing here fails test_security_matrix.
ACTION_PERMISSIONS = {
    "view": ("View", "Access contents information", "List folder contents"),
    "edit": ("Modify portal content",),
    "delete": ("Delete objects",),
    "add": ("Add portal content",),
    "sharing": (
        "Change local roles",
        "Sharing page: Delegate roles",
        "proeve: Delegate Proeve roles",
    ),
    "move": ("Copy or Move",),
    "roster": ("collective.workspace: Manage roster",),
    "roster-view": ("collective.workspace: View roster",),
    "archive": ("proeve: Archive records",),
    "add File": ("plone.app.contenttypes: Add File",),
    "add Image": ("plone.app.contenttypes: Add Image",),
    "approve": ("proeve: Approve PvB",),
    "pause": ("proeve: Pause PvB",),
    "retention": ("proeve: Manage retention",),
    "establish": ("proeve: Establish PvB",),
    "people": ("proeve: Change PvB people",),
    "start-assessment": ("proeve: Start assessment",),
    "record": ("proeve: Record assessment",),
    "establish-result": ("proeve: Establish result",),
    "revert": ("CMFEditions: Revert to previous versions",),
    "history": ("CMFEditions: Access previous versions",),
    "save-version": ("CMFEditions: Save new version",),
    "journal": ("proeve: View journal",),
    "results": ("proeve: Read results",),
    "undo": ("List undoable changes", "Undo changes"),
    "toolbar": ("Show Toolbar",),
    "display": ("Modify view template",),
    "aliases": ("Manage Context Aliases",),
    "ical-import": ("plone.app.event: Import Ical",),
}
for _type in (
    "School",
    "ExamBank",
    "ExamAssignment",
    "ExamGroup",
    "Candidate",
    "PvB",
    "Evidence",
    "Appointment",
    "AssessmentForm",
    "SupplementaryAssignment",
):
    ACTION_PERMISSIONS[f"add {_type}"] = (f"proeve: Add {_type}",)

ROLE_CODES = {
    "FA": "FormAssessor",
    "M": "Manager",
    "SA": "Site Administrator",
    "AD": "SchoolAdmin",
    "SU": "SchoolSupervisor",
    "EC": "ExamCommittee",
    "CA": "ExamCandidate",
    "WS": "WorkplaceSupervisor",
    "AS": "Assessor",
    "ES": "Establisher",
    "IN": "SchoolIntegration",
    "RE": "Reader",
    "AU": "Authenticated",
}
