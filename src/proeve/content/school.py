"""School: the unit of isolation. Staff come from its roster."""

from plone.dexterity.content import Container
from plone.supermodel import model
from proeve import _
from proeve.accounts import EMAIL
from proeve.content.validation import PatternLine
from proeve.interfaces import ISchool
from proeve.interfaces import ISchoolsFolder
from proeve.terms import DEFAULT_TERM
from proeve.terms import TERM_VOCABULARY
from zope import schema
from zope.interface import implementer
import re


PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,28}$")


class ContactEmail(PatternLine):
    """An e-mail address, as an account's address is checked (accounts.EMAIL)."""

    pattern = EMAIL
    message = _("error_invalid_email", default="Vul een geldig e-mailadres in.")


class ContactPhone(PatternLine):
    """A telephone number as people write it: digits, spaces, +, -, ( and )."""

    pattern = PHONE
    message = _(
        "error_invalid_phone",
        default="Vul een telefoonnummer in met cijfers, spaties, +, - of haakjes.",
    )


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
            "workplace_supervisor_term",
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
    # What the school calls the workplace supervisor on every page, mail and export of the
    # school (proeve.terms); REST field names stay workplace_supervisor.
    workplace_supervisor_term = schema.Choice(
        title=_("label_workplace_supervisor_term", default="Naam van de begeleider in het bedrijf"),
        description=_(
            "help_workplace_supervisor_term",
            default="Hoe de school de begeleider op de examenlocatie noemt. Alle pagina's, "
            "e-mails en exports van de school gebruiken dit woord.",
        ),
        vocabulary=TERM_VOCABULARY,
        default=DEFAULT_TERM,
        required=True,
    )

    # Who students, companies and staff of the school ask about the exam
    # environment (FAQ: "Studenten en bedrijven kunnen terecht bij de contactpersoon van het
    # betreffende ROC"); shown on the dashboard and the PvB pages of the school.
    model.fieldset(
        "contact",
        label=_("fieldset_contact", default="Contactpersoon"),
        fields=["contact_name", "contact_email", "contact_phone"],
    )
    contact_name = schema.TextLine(
        title=_("label_contact_name", default="Contactpersoon examenomgeving"),
        description=_(
            "help_contact_name",
            default="Bij wie studenten, bedrijven en medewerkers van de school terechtkunnen "
            "met vragen over de examenomgeving.",
        ),
        required=False,
        max_length=100,
    )
    contact_email = ContactEmail(
        title=_("label_contact_email", default="E-mailadres contactpersoon"),
        required=False,
        max_length=254,
    )
    contact_phone = ContactPhone(
        title=_("label_contact_phone", default="Telefoonnummer contactpersoon"),
        required=False,
        max_length=30,
    )

    # Whether it can be switched on is the process's rule (proeve.process.school_signon).
    model.fieldset(
        "signon",
        label=_("fieldset_signon", default="Inloggen"),
        fields=["signon_required"],
    )
    signon_required = schema.Bool(
        title=_("label_signon_required", default="Inloggen met het schoolaccount verplicht"),
        description=_(
            "help_signon_required",
            default="Medewerkers en studenten van de school (ook jij) loggen dan alleen in met "
            "hun schoolaccount, niet met een wachtwoord; praktijkbegeleiders houden hun "
            "wachtwoord. Dit werkt alleen als het platformbeheer de inlogdienst van de school "
            "heeft ingesteld; zonder kan het niet worden aangezet.",
        ),
        default=False,
        required=False,
    )


def school_contact(school):
    """The school's contact person for the exam environment, or None if none is set."""
    if school is None:
        return None
    contact = {
        name: (getattr(school, f"contact_{name}", None) or "").strip()
        for name in ("name", "email", "phone")
    }
    if not any(contact.values()):
        return None
    contact["school"] = school.Title()
    contact["tel"] = re.sub(r"[^0-9+]", "", contact["phone"])  # for a tel: link
    return contact


class ISchoolsFolderSchema(model.Schema):
    """Title and description come from the basic behavior."""


@implementer(ISchool)
class School(Container):
    """A school; its roster is a collective.workspace team."""


@implementer(ISchoolsFolder)
class SchoolsFolder(Container):
    """The folder /scholen."""
