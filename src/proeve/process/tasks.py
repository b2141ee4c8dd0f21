"""What waits for a person: the PvBs where it is their turn, found through the catalog.

Shared by the REST service @my-tasks and the dashboard page (@@dashboard).
"""

from AccessControl import getSecurityManager
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.utils import ObjectsByPath
from proeve.people import PEOPLE
from proeve.process.assessment import current_form


# task -> the review_state in which it waits
TASK_STATES = {
    "approve": "preparation",
    "check_content": "content_check",
    "establish": "establishment",
    "upload_evidence": "execution",
    "assess": "assessment",
}
# The candidate's turns; the people's turns are in the table (proeve.people, Person.turn).
CANDIDATE_TASKS = ("approve", "upload_evidence")
# task -> (review_state, the people roles whose turn it is)
TASKS = {
    task: (
        state,
        ("candidate",) * (task in CANDIDATE_TASKS)
        + tuple(person.field for person in PEOPLE if person.turn == task),
    )
    for task, state in TASK_STATES.items()
}

# The vaststeller: an aanvulopdracht waits for its own vaststelling (a PvB in these states).
SUPPLEMENTARY_TASK = "establish_supplementary"
SUPPLEMENTARY_STATES = ("execution", "paused", "assessment")

# What the task asks, as the dashboard shows it.
TASK_TITLES = {
    "approve": _("task_approve", default="Akkoord geven"),
    "check_content": _("task_check_content", default="Inhoud controleren"),
    "establish": _("task_establish", default="Vaststellen"),
    "upload_evidence": _("task_upload_evidence", default="Bewijsstukken uploaden"),
    "assess": _("task_assess", default="Beoordelen"),
    "establish_result": _("task_establish_result", default="Resultaat vaststellen"),
    "establish_supplementary": _(
        "task_establish_supplementary", default="Aanvulopdracht vaststellen"
    ),
}


FORM_WORKFLOW = "proeve_assessment_workflow"


def _recorded(pvb, userid, workflow):
    # The form's state as its workflow keeps it (what getInfoFor reads, without finding
    # the chain and the tool for each of an assessor's hundred PvBs in assessment).
    form = current_form(pvb, userid)
    status = workflow.getStatusOf(FORM_WORKFLOW, form) if form is not None else None
    return (status or {}).get("review_state") == "recorded"


def my_tasks(context):
    """[(task, brain)] for the current user, over all their schools.

    The catalog searches are filtered by the user's permissions: a task is only ever
    found on a PvB the user may see. So a found PvB is taken from its path without
    brain.getObject()'s traversal, which checks access at every step from the site down
    (a walk of the local role providers per step): for the exam committee that was most
    of the page, once for every PvB in assessment.
    """
    user = getSecurityManager().getUser().getId()
    if user is None:
        return []
    catalog = getToolByName(context, "portal_catalog")
    pvb_at = ObjectsByPath(getToolByName(context, "portal_url").getPortalObject())
    workflow = getToolByName(context, "portal_workflow")
    found = []
    for task, (state, fields) in TASKS.items():
        for brain in catalog(
            portal_type="PvB",
            review_state=state,
            pvb_people=[f"{field}:{user}" for field in fields],
            sort_on="modified",
        ):
            if task == "assess" and _recorded(pvb_at(brain.getPath()), user, workflow):
                continue  # this assessor is done
            found.append((task, brain))
    found.extend((SUPPLEMENTARY_TASK, brain) for brain in _waiting_supplementaries(catalog, user))
    # The exam committee: results to establish, in the schools it sees. The index says
    # which forms are all recorded (assessment.result_to_establish): only those PvBs are
    # woken, for the permission, not every PvB in assessment with its forms.
    check = getSecurityManager().checkPermission
    for brain in catalog(portal_type="PvB", result_to_establish=True, sort_on="modified"):
        if check("proeve: Establish result", pvb_at(brain.getPath())):
            found.append(("establish_result", brain))
    return found


def _waiting_supplementaries(catalog, user):
    """PvB brains of which the user is the vaststeller and an aanvulopdracht is a draft."""
    # The drafts the user finds (mostly none), then their PvBs among the vaststeller's. Not
    # a search on the PvBs' paths: Plone's catalog traverses to every path of a query (for
    # its check of inactive content), and a vaststeller of ten groups has 2,000 PvBs in
    # these states.
    waiting = {
        brain.getPath().rsplit("/", 1)[0]
        for brain in catalog(portal_type="SupplementaryAssignment", review_state="draft")
    }
    if not waiting:
        return []
    return [
        brain
        for brain in catalog(
            portal_type="PvB",
            review_state=SUPPLEMENTARY_STATES,
            pvb_people=f"establisher:{user}",
            sort_on="modified",
        )
        if brain.getPath() in waiting
    ]
