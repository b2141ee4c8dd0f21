"""The people of a PvB, as their roles are called on every page."""

from proeve import _


PEOPLE_LABELS = {
    "school_supervisor": _("label_school_supervisor", default="ROC-begeleider"),
    "workplace_supervisor": _("label_workplace_supervisor", default="Praktijkbegeleider"),
    "assessor_1": _("label_assessor_1", default="Eerste beoordelaar"),
    "assessor_2": _("label_assessor_2", default="Tweede beoordelaar"),
    "establisher": _("label_establisher", default="Vaststeller"),
    # Only at a school with a content check before the vaststelling (and when filled in).
    "content_checker": _("label_content_checker_short", default="Inhoudelijk vaststeller"),
}


def shown_people(pvb):
    """The people fields a page or the dossier shows for this PvB: all of them, and the
    inhoudelijk vaststeller only where the school checks content or one is filled in."""
    from proeve.process.checks import content_check_required

    return [
        name
        for name in PEOPLE_LABELS
        if name != "content_checker" or getattr(pvb, name, None) or content_check_required(pvb)
    ]
