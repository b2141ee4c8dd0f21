"""Aanvulopdrachten (SupplementaryAssignment): a PvB's extra assignments.

An aanvulopdracht always needs its own vaststelling (proeve_supplementary_workflow). Until
every aanvulopdracht of a PvB is established, its assessment does not start and its result
is not established; the criteria of the established ones are assessed with those of the
main assignment.
"""

from proeve import _
from proeve.content.utils import review_state


PORTAL_TYPE = "SupplementaryAssignment"
ESTABLISHED = "established"

# An aanvulopdracht's criterion is scored under "<aanvulopdracht id>/<criterion id>": the
# ids of the main assignment never clash with it.
SEPARATOR = "/"


def not_established_message(title):
    return _(
        "error_supplementary_not_established",
        default="De aanvulopdracht '${title}' is nog niet vastgesteld: de vaststeller stelt "
        "hem eerst vast.",
        mapping={"title": title},
    )


def supplementaries(pvb):
    """The aanvulopdrachten of this PvB, in their order in the PvB."""
    return [o for o in pvb.objectValues() if getattr(o, "portal_type", None) == PORTAL_TYPE]


def established(pvb):
    return [s for s in supplementaries(pvb) if review_state(s) == ESTABLISHED]


def not_established(pvb):
    return [s for s in supplementaries(pvb) if review_state(s) != ESTABLISHED]


def problems(pvb):
    """Messages for every aanvulopdracht that still waits for its vaststelling."""
    return [not_established_message(s.Title()) for s in not_established(pvb)]


def criterion_id(supplementary, criterion):
    return f"{supplementary.getId()}{SEPARATOR}{criterion['id']}"


def work_processes(supplementary):
    """The work processes of an aanvulopdracht, with the criteria under their scoring ids."""
    return [
        dict(
            process,
            criteria=[
                dict(
                    criterion,
                    id=criterion_id(supplementary, criterion),
                    own_id=criterion["id"],
                    supplementary=supplementary.getId(),
                )
                for criterion in process.get("criteria", [])
            ],
        )
        for process in (getattr(supplementary, "work_processes", None) or [])
    ]


def criteria(pvb):
    """The criteria of the established aanvulopdrachten, flat, as assessed."""
    return [c for s in established(pvb) for p in work_processes(s) for c in p["criteria"]]


def describe(supplementary):
    """Title, state, text and criteria of an aanvulopdracht, for the dossier and the page."""
    text = getattr(supplementary, "text", None)
    return {
        "@id": supplementary.absolute_url(),
        "id": supplementary.getId(),
        "title": supplementary.Title(),
        "state": review_state(supplementary),
        "established": review_state(supplementary) == ESTABLISHED,
        "text": text.raw if text is not None else "",
        "work_processes": work_processes(supplementary),
    }
