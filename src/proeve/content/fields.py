"""Fields that several types share, defined once."""

from proeve import _
from zope import schema


def crebo_field():
    return schema.TextLine(
        title=_("label_crebo", default="Crebo"),
        description=_("help_crebo", default="Landelijke code van de kwalificatie (5 cijfers)."),
        constraint=lambda value: value.isdigit() and len(value) == 5,
        required=True,
    )


def cohort_field():
    """The cohort is the start year of the kwalificatiedossier (the FAQ's confusion)."""
    return schema.Int(
        title=_("label_qualification_cohort", default="Cohort (kwalificatiedossier)"),
        description=_(
            "help_qualification_cohort",
            default="Het startjaar van het kwalificatiedossier, niet het startjaar van de "
            "opleiding.",
        ),
        min=2000,
        max=2100,
        required=True,
    )
