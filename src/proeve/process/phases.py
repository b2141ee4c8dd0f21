"""The phases of a PvB (the states of proeve_pvb_workflow) as translatable titles.

The Dutch text is the state's title in the workflow definition; a test keeps them equal.
"""

from proeve import _


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
