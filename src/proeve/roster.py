"""The school roster: collective.workspace, with the assessor register kept per member."""

from collective.workspace.interfaces import IHasWorkspace
from collective.workspace.interfaces import IWorkspace
from collective.workspace.membership import ITeamMembership
from collective.workspace.membership import TeamMembership
from collective.workspace.workspace import Workspace
from proeve import _
from zope import schema
from zope.interface import implementer


class IProeveMembership(ITeamMembership):
    """One person on a school's roster."""

    register_number = schema.TextLine(
        title=_(
            "label_register_number", default="Nummer in het Register gekwalificeerde beoordelaars"
        ),
        description=_(
            "help_register_number",
            default="Het register kan niet automatisch worden geraadpleegd: de schoolbeheerder "
            "houdt dit bij.",
        ),
        required=False,
        max_length=40,
    )
    register_expiry = schema.Date(
        title=_("label_register_expiry", default="Registratie geldig tot"),
        required=False,
    )


@implementer(IProeveMembership)
class ProeveMembership(TeamMembership):
    _schema = IProeveMembership


class IHasSchoolRoster(IHasWorkspace):
    """Marks a school that has a roster: Proeve's own roster page is registered for it, more
    specific than collective.workspace's page for any workspace."""


class ISchoolRoster(IWorkspace):
    """The roster of a school (what IWorkspace(school) returns)."""


@implementer(ISchoolRoster)
class SchoolRoster(Workspace):
    """The roster of a school; groups and their roles come from the registry."""

    membership_factory = ProeveMembership

    @property
    def membership_schema(self):
        return IProeveMembership
