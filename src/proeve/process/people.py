"""The people of a PvB, as their roles are called on every page."""

from proeve import _


PEOPLE_LABELS = {
    "school_supervisor": _("label_school_supervisor", default="ROC-begeleider"),
    "workplace_supervisor": _("label_workplace_supervisor", default="Praktijkbegeleider"),
    "assessor_1": _("label_assessor_1", default="Eerste beoordelaar"),
    "assessor_2": _("label_assessor_2", default="Tweede beoordelaar"),
    "establisher": _("label_establisher", default="Vaststeller"),
}
