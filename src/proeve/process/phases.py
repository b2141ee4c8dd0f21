"""The phases of a PvB (the states of proeve_pvb_workflow) and the steps of Proeve's
workflows as translatable titles, for every page and every REST answer; and who takes a step
that belongs to one phase.

The Dutch text is the title in the workflow definition; a test keeps them equal.
"""

from AccessControl import getSecurityManager
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.utils import review_state
from proeve.process import ProcessError


PHASES = {
    "preparation": _("phase_preparation", default="Voorbereiding"),
    "content_check": _("phase_content_check", default="Inhoudelijke controle"),
    "establishment": _("phase_establishment", default="Ter vaststelling"),
    "execution": _("phase_execution", default="Uitvoering"),
    "paused": _("phase_paused", default="Gepauzeerd"),
    "assessment": _("phase_assessment", default="Beoordeling"),
    "closed": _("phase_closed", default="Afgesloten"),
}


def phase_title(state):
    """The message id of a phase; an unknown state is shown as it is."""
    return PHASES.get(state, state)


# The transitions of the PvB workflow, then those of the others (same id, same title).
TRANSITIONS = {
    "submit": _("transition_submit", default="Ter vaststelling aanbieden"),
    "submit_for_check": _("transition_submit_for_check", default="Ter controle aanbieden"),
    "approve_content": _("transition_approve_content", default="Inhoud goedkeuren"),
    "reject_content": _("transition_reject_content", default="Inhoud afkeuren"),
    "establish": _("transition_establish", default="Vaststellen"),
    "send_back": _("transition_send_back", default="Terugsturen"),
    "pause": _("transition_pause", default="Pauzeren"),
    "resume": _("transition_resume", default="Hervatten"),
    "start_assessment": _("transition_start_assessment", default="Beoordeling starten"),
    "establish_result": _("transition_establish_result", default="Resultaat vaststellen"),
    "record": _("transition_record", default="Vastleggen"),
    "archive": _("transition_archive", default="Archiveren"),
    "restore": _("transition_restore", default="Terugzetten"),
    "withdraw": _("transition_withdraw", default="Intrekken"),
}


def transition_title(transition):
    """The message id of a workflow step; an unknown one is shown as it is."""
    return TRANSITIONS.get(transition, transition)


def has_role_in_phase(obj, permission, phase):
    """Whether the user has one of the roles that hold `permission` on `obj` in the workflow
    state `phase`: the people who take a step there, also when asked in another phase."""
    (workflow,) = getToolByName(obj, "portal_workflow").getWorkflowsFor(obj)
    roles = workflow.states[phase].getPermissionInfo(permission)["roles"]
    user = getSecurityManager().getUser()
    return bool(set(roles) & set(user.getRolesInContext(obj)))


def check_phase_step(obj, permission, phase, not_yours, wrong_phase):
    """A step only taken in `phase`, by those with `permission` there: 403 `not_yours` (a
    message) for anyone else, the ProcessError `wrong_phase` (409) for them in another phase."""
    refused = ProcessError("forbidden", not_yours, status=403)
    if not has_role_in_phase(obj, permission, phase):
        raise refused
    if review_state(obj) != phase:
        raise wrong_phase
    if not getSecurityManager().checkPermission(permission, obj):
        raise refused
