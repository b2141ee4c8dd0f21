"""Candidate: a student of one school, with a linked login."""

from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from plone.uuid.interfaces import IUUID
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.security import reindex_security_walking
from proeve.content.utils import find_school
from proeve.content.validation import FieldError
from proeve.content.validation import PatternLine
from proeve.interfaces import ICandidate
from proeve.interfaces import ILoginLinkChanged
from proeve.interfaces import ILoginLinkRule
from zope import schema
from zope.interface import implementer
from zope.interface.interfaces import ObjectEvent
import re


STUDENT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


def taken_in_school(context, **index):
    """Whether another candidate of the context's school has this index value."""
    school = find_school(context) if context is not None else None
    if school is None:
        return False
    catalog = getToolByName(school, "portal_catalog")
    # A candidate being added has no UID yet; one being edited may keep its own value.
    own_uid = IUUID(context, None) if ICandidate.providedBy(context) else None
    brains = catalog.unrestrictedSearchResults(
        portal_type="Candidate", path="/".join(school.getPhysicalPath()), **index
    )
    return any(own_uid != brain.UID for brain in brains)


class StudentCode(PatternLine):
    """A student code; unique within the school of the bound context."""

    pattern = STUDENT_CODE
    message = _(
        "error_student_code_format",
        default="Een studentcode bestaat uit letters, cijfers, punt, "
        "streepje of liggend streepje (hoogstens 32 tekens).",
    )

    def _validate(self, value):
        super()._validate(value)
        if taken_in_school(self.context, student_code=value):
            raise FieldError(
                _(
                    "error_student_code_taken",
                    default="Studentcode ${code} bestaat al in deze school.",
                    mapping={"code": value},
                )
            )


def email_constraint(value):
    if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value) is None:
        raise FieldError(_("error_invalid_email", default="Vul een geldig e-mailadres in."))
    return True


class CandidateLogin(schema.ASCIILine):
    """An existing login, not linked to another candidate of the same school. Whether the
    link may change at all is the exam rule that proeve.process registers (ILoginLinkRule),
    asked for an empty value too: clearing a link is a change."""

    def validate(self, value):
        super().validate(value)
        context = self.context
        if not ICandidate.providedBy(context):
            return  # a candidate being added: its first link
        rule = ILoginLinkRule(context, None)
        problem = rule.refusal(value or None) if rule is not None else None
        if problem is not None:
            raise FieldError(problem)

    def _validate(self, value):
        super()._validate(value)
        context = self.context
        if context is None:
            return
        if getToolByName(context, "acl_users").getUserById(value) is None:
            raise FieldError(
                _(
                    "error_unknown_login",
                    default="Er bestaat geen account ${login}.",
                    mapping={"login": value},
                )
            )
        if taken_in_school(context, candidate_login=value):
            raise FieldError(
                _(
                    "error_login_taken",
                    default="Dit account hoort al bij een andere kandidaat van deze school.",
                )
            )


class ICandidateSchema(model.Schema):
    student_code = StudentCode(
        title=_("label_student_code", default="Studentcode"),
        description=_("help_student_code", default="Het studentnummer van de school."),
        required=True,
    )
    first_name = schema.TextLine(
        title=_("label_first_name", default="Voornaam"), required=True, max_length=100
    )
    last_name = schema.TextLine(
        title=_("label_last_name", default="Achternaam"), required=True, max_length=100
    )
    email = schema.ASCIILine(
        title=_("label_email", default="E-mailadres"),
        required=False,
        constraint=email_constraint,
    )
    diploma_date = schema.Date(
        title=_("label_diploma_date", default="Diplomadatum"),
        description=_(
            "help_diploma_date",
            default="Vanaf deze datum loopt de bewaartermijn van de Inspectie (minstens 1,5 jaar).",
        ),
        required=False,
    )
    # Linking a login gives that person the candidate's rights: the school admin only.
    directives.write_permission(userid="collective.workspace.ManageRoster")
    userid = CandidateLogin(
        title=_("label_candidate_login", default="Login van de kandidaat"),
        description=_(
            "help_candidate_login",
            default="De gebruikersnaam waarmee de kandidaat inlogt; leeg zolang er geen "
            "account is.",
        ),
        required=False,
        max_length=100,
    )


@implementer(ICandidate)
class Candidate(Container):
    """Title is the candidate's name; personal data stays out of catalog metadata."""

    pseudonymised = False
    reindexObjectSecurity = reindex_security_walking
    diploma_date = None

    def Title(self):
        names = [getattr(self, "first_name", None), getattr(self, "last_name", None)]
        return " ".join(n for n in names if n) or getattr(self, "title", "") or ""

    @property
    def __ac_local_roles_block__(self):
        from proeve.content.utils import is_archived

        return is_archived(self)


@implementer(ILoginLinkChanged)
class LoginLinkChanged(ObjectEvent):
    def __init__(self, candidate, old, new):
        super().__init__(candidate)
        self.old = old
        self.new = new
