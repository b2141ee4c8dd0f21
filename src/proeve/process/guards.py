"""One guard per workflow transition of Proeve's workflows.

A guard answers the messages of every rule that keeps the transition closed now ([] when it
may be taken). The workflow definitions call ``allows`` (the one name of this module that
restricted code may use: a guard expression, not a URL); a refused step asks ``problems``
for the reasons, so the page and REST say the same thing. The permission of each transition
is checked by the workflow before its guard.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_parent
from proeve import _


GUARDS = {}  # (workflow id, transition id) -> guard(obj) -> [message]


def guard(workflow, transition):
    def register(function):
        GUARDS[(workflow, transition)] = function
        return function

    return register


def problems(workflow_id, obj, transition):
    """Why ``transition`` of ``workflow_id`` is closed on ``obj`` now ([] when it is open).
    A transition without a guard here is never open: a new transition needs its rule."""
    check = GUARDS.get((workflow_id, transition))
    if check is None:
        return [NO_RULE]
    return check(obj)


def allows(workflow, obj, transition):
    """The guard expression of every transition: ``python:modules['proeve.process.guards']
    .allows(workflow, here, '<transition>')``."""
    return not problems(workflow.getId(), obj, transition)


def current_user():
    return getSecurityManager().getUser().getId()


NO_RULE = _("error_step_refused", default="Deze stap is nu niet mogelijk.")
ONLY_PERMISSION = []  # the workflow's permission is the whole rule


def permission_only(obj):
    return ONLY_PERMISSION


# -- PvB ---------------------------------------------------------------------------------

PVB = "proeve_pvb_workflow"


def _approvals_missing(pvb):
    from proeve.process.approvals import missing_approvals

    return missing_approvals(pvb)


@guard(PVB, "submit")
def submit(pvb):
    from proeve.process.checks import content_check_required

    found = _approvals_missing(pvb)
    if content_check_required(pvb):
        found.append(
            _(
                "error_content_check_first",
                default="Deze school laat de inhoud eerst controleren: bied de PvB ter "
                "controle aan.",
            )
        )
    return found


@guard(PVB, "submit_for_check")
def submit_for_check(pvb):
    from proeve.process.checks import content_check_required

    found = _approvals_missing(pvb)
    if not content_check_required(pvb):
        found.append(
            _(
                "error_no_content_check",
                default="Deze school heeft geen inhoudelijke controle: bied de PvB ter "
                "vaststelling aan.",
            )
        )
    return found


def _content_checker_only(pvb):
    if pvb.content_checker and current_user() == pvb.content_checker:
        return []
    return [
        _(
            "error_not_content_checker",
            default="Alleen de inhoudelijk vaststeller van deze PvB keurt de inhoud.",
        )
    ]


guard(PVB, "approve_content")(_content_checker_only)
guard(PVB, "reject_content")(_content_checker_only)


@guard(PVB, "establish")
def establish(pvb):
    from proeve.process.people import people_problems

    found = [message for _field, message in people_problems(pvb)]
    if current_user() != pvb.establisher:
        found.append(
            _("error_not_the_establisher", default="Alleen de vaststeller van deze PvB stelt vast.")
        )
    return found


guard(PVB, "send_back")(permission_only)
guard(PVB, "resume")(permission_only)


@guard(PVB, "pause")
def pause(pvb):
    # Only through the pause step, which keeps the reason (studievertraging).
    if pvb.pause_reason:
        return []
    return [_("error_pause_reason", default="Geef de reden van de studievertraging.")]


@guard(PVB, "start_assessment")
def start_assessment(pvb):
    from proeve.process.supplementary import problems as waiting

    # Every aanvulopdracht has its own vaststelling before it is assessed.
    return waiting(pvb)


@guard(PVB, "establish_result")
def establish_result(pvb):
    from proeve.process.assessment import result_problems

    return [message for _code, _status, message in result_problems(pvb, pvb.result)]


# -- Assessment form -------------------------------------------------------------------------


@guard("proeve_assessment_workflow", "record")
def record(form):
    from proeve.process.assessment import incomplete
    from proeve.process.assessment import score_problems

    if current_user() != form.assessor:
        return [
            _("error_not_own_form", default="Alleen de eigen beoordelaar legt dit formulier vast.")
        ]
    found = list(score_problems(aq_parent(form), form.scores))
    if incomplete(form) and not form._v_confirmed_incomplete:
        found.append(
            _(
                "error_form_incomplete_unconfirmed",
                default="De beoordeling is onvolledig; bevestig eerst dat u toch vastlegt.",
            )
        )
    return found


# -- The others: their permission per state is the rule -----------------------------------

guard("proeve_supplementary_workflow", "establish")(permission_only)
guard("proeve_assignment_workflow", "establish")(permission_only)
# Withdrawing an established assignment touches no PvB (each keeps its frozen copy): those
# who establish in the bank withdraw.
guard("proeve_assignment_workflow", "withdraw")(permission_only)
guard("proeve_archive_workflow", "archive")(permission_only)
guard("proeve_archive_workflow", "restore")(permission_only)
