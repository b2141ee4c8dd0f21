"""1022 → 1023: an assessment form gets no empty version when it is added (issue 22).

The type loses CMFEditions' automatic-versioning policy, whose subscriber saved a version
of every new form before anyone had scored anything: a fifth of POST @assessment.
`proeve.process.assessment.version_change` keeps a version of every change instead, on
every path, so the history of a form is what it was, without its empty start. Versions
already saved stay as they are.
"""

from Products.CMFCore.utils import getToolByName


POLICY = "at_edit_autoversion"


def forms_without_autoversion(setup_tool):
    repository = getToolByName(setup_tool, "portal_repository")
    if POLICY in repository.getPolicyMap().get("AssessmentForm", ()):
        repository.removePolicyFromContentType("AssessmentForm", POLICY)
