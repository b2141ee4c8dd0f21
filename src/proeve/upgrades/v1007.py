"""1006 → 1007: nothing of Proeve's is deleted, moved or copied, by any role.

The workflows no longer give `Delete objects` (but for the attachments of a draft bank
assignment) nor `Copy or Move` (but for a draft bank assignment); the existing objects get
the new role mappings. Who may View did not change, so the security index stays as it is.
"""

from proeve.upgrades import reimport_workflows
import logging


logger = logging.getLogger("proeve.upgrades")

# Every type whose workflow changed.
CHANGED_TYPES = (
    "SchoolsFolder",
    "School",
    "ExamBank",
    "ExamGroup",
    "Candidate",
    "PvB",
    "AssessmentForm",
    "Appointment",
    "SupplementaryAssignment",
)


def records_stay(setup_tool):
    count = sum(1 for _obj in reimport_workflows(setup_tool, CHANGED_TYPES))
    logger.info("Delete and move taken away; role mappings of %s objects updated", count)
