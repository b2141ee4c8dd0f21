"""Exam group: candidates of one cohort and crebo."""

from plone.dexterity.content import Container
from plone.supermodel import model
from proeve import _
from proeve.interfaces import IExamGroup
from zope import schema
from zope.interface import implementer


class IExamGroupSchema(model.Schema):
    qualification_cohort = schema.Int(
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
    crebo = schema.TextLine(
        title=_("label_crebo", default="Crebo"),
        description=_("help_crebo", default="Landelijke code van de kwalificatie (5 cijfers)."),
        constraint=lambda value: value.isdigit() and len(value) == 5,
        required=True,
    )


@implementer(IExamGroup)
class ExamGroup(Container):
    """Archiving a group hides it, and all inside, for all but the school admin."""

    @property
    def __ac_local_roles_block__(self):
        from proeve.content.utils import is_archived

        return is_archived(self)
