"""School: the unit of isolation. Staff come from its roster."""

from plone.dexterity.content import Container
from plone.supermodel import model
from proeve import _
from proeve.interfaces import ISchool
from proeve.interfaces import ISchoolsFolder
from zope import schema
from zope.interface import implementer


class ISchoolSchema(model.Schema):
    brin = schema.TextLine(
        title=_("label_brin", default="BRIN-code"),
        description=_("help_brin", default="De code van de school bij DUO, bijvoorbeeld 25LX."),
        required=False,
        max_length=8,
    )

    model.fieldset(
        "settings",
        label=_("fieldset_settings", default="Instellingen"),
        fields=[
            "second_assessor_required",
            "candidate_attachments_allowed",
            "content_check_required",
        ],
    )
    second_assessor_required = schema.Bool(
        title=_("label_second_assessor_required", default="Tweede beoordelaar verplicht"),
        description=_(
            "help_second_assessor_required",
            default="Volgens de instructie is een tweede beoordelaar verplicht.",
        ),
        default=True,
        required=False,
    )
    candidate_attachments_allowed = schema.Bool(
        title=_(
            "label_candidate_attachments_allowed",
            default="Kandidaten mogen bijlagen bij een eigen opdracht toevoegen",
        ),
        default=False,
        required=False,
    )
    content_check_required = schema.Bool(
        title=_(
            "label_content_check_required",
            default="Inhoudelijke controle vóór de vaststelling",
        ),
        default=False,
        required=False,
    )


class ISchoolsFolderSchema(model.Schema):
    """Title and description come from the basic behavior."""


@implementer(ISchool)
class School(Container):
    """A school; its roster is a collective.workspace team."""


@implementer(ISchoolsFolder)
class SchoolsFolder(Container):
    """The folder /scholen."""
