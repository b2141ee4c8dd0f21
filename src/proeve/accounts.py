"""Accounts: candidates register themselves; a school admin creates accounts for others.

Both paths create a plain Plone user without any global role; what the person may
do comes from the school roster and the PvBs they are part of.
"""

from Acquisition import aq_base
from collective.workspace.interfaces import IWorkspace
from datetime import date
from plone import api
from Products.CMFCore.utils import getToolByName
from Products.PlonePAS.plugins.property import ZODBMutablePropertyProvider
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.propertysheets import IPropertySheet
from Products.PluggableAuthService.UserPropertySheet import UserPropertySheet
from proeve import _
from proeve.content.utils import is_archived
from proeve.interfaces import ILoginLinkRule
from proeve.roles import ROSTER_GROUPS
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import re
import secrets


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ASSIGNABLE_GROUPS = tuple(g for g in ROSTER_GROUPS if g != "Members")


class AccountError(Exception):
    """A refused account request: a stable code and a translatable message."""

    def __init__(self, code, message, field=None):
        super().__init__(code)
        self.code = code
        self.message = message
        self.field = field


def _check_email(email):
    if not isinstance(email, str) or not EMAIL.match(email.strip()):
        raise AccountError(
            "invalid_email",
            _("error_invalid_email", default="Vul een geldig e-mailadres in."),
            "email",
        )
    return email.strip()


def _check_password(portal, password):
    registration = getToolByName(portal, "portal_registration")
    if not isinstance(password, str):
        password = ""
    problem = registration.testPasswordValidity(password)
    if problem:
        raise AccountError("invalid_password", problem, "password")


def create_user(portal, userid, email, fullname, password):
    """A new Plone user without roles; refuses ids that are taken or not allowed."""
    registration = getToolByName(portal, "portal_registration")
    if not isinstance(userid, str) or not registration.isMemberIdAllowed(userid):
        raise AccountError(
            "username_unavailable",
            _(
                "error_username_unavailable",
                default="Deze gebruikersnaam is niet beschikbaar; kies een andere.",
            ),
            "username",
        )
    portal.acl_users._doAddUser(userid, password, ["Member"], [])
    member = getToolByName(portal, "portal_membership").getMemberById(userid)
    member.setMemberProperties({"email": email, "fullname": fullname or userid})
    return member


def fullname(context, userid, users=None):
    """The full name of a login (or the login itself when it has none)."""
    return Names(context, users)(userid)


class Names:
    """Full names of logins, each looked up once: for a page that shows several people.

    Asks the site's user folder directly: portal_membership.getMemberById also hunts the
    user folders above the site and wraps the user as member data, about ten times the
    work, which the dossier paid for every person on it. Reads the property sheets in the
    order getUserById adds them, without the groups and roles it would look up next (most
    of its cost), and reads Plone's own property plugin from its storage: building its
    sheet looks up portal_memberdata twice per user for the defaults, here once per page.
    """

    def __init__(self, context, users=None):
        self.context = context
        self.users = users if users is not None else getToolByName(context, "acl_users")
        self.known = {}
        self.defaults = {}

    def __call__(self, userid):
        if not userid:
            return None
        if userid not in self.known:
            self.known[userid] = self.lookup(userid)
        return self.known[userid]

    def lookup(self, userid):
        users = self.users
        plugins = users._getOb("plugins")
        info = users._verifyUser(plugins, user_id=userid)
        if not info:
            member = getToolByName(self.context, "portal_membership").getMemberById(userid)
            return (member and member.getProperty("fullname")) or userid
        user = None
        for sheet_id, plugin in plugins.listPlugins(IPropertiesPlugin):
            defaults = self.plone_defaults(sheet_id, plugin)
            if defaults is not None:
                if "fullname" in defaults:
                    stored = plugin._storage.get(info["id"]) or {}
                    return stored.get("fullname", defaults["fullname"]) or userid
                continue
            if user is None:
                user = users._createUser(plugins, info["id"], info["login"])
            data = plugin.getPropertiesForUser(user, None)
            if not data:
                continue
            if not IPropertySheet.providedBy(data):
                data = UserPropertySheet(sheet_id, **data)
            if data.hasProperty("fullname"):
                return data.getProperty("fullname") or userid
        return userid

    def plone_defaults(self, sheet_id, plugin):
        """The defaults of Plone's own property plugin (its sheet is what it stores over
        these), or None for any other plugin."""
        if type(aq_base(plugin)) is not ZODBMutablePropertyProvider or plugin._schema:
            return None
        if sheet_id not in self.defaults:
            self.defaults[sheet_id] = plugin._getDefaultValues(False)
        return self.defaults[sheet_id]


def find_user_by_email(portal, email):
    pas = portal.acl_users
    return [u["userid"] for u in pas.searchUsers(email=email, exact_match=True)]


REGISTRATION_REFUSED = AccountError(
    "registration_refused",
    _(
        "error_registration_refused",
        default="Deze combinatie van school, studentcode en e-mailadres is niet bekend of heeft al "
        "een account. Vraag je begeleider van school om hulp.",
    ),
)


def register_candidate(portal, school_id, student_code, email, username, password):
    """Self-registration: the school entered the candidate with this code and e-mail.

    One generic refusal for every mismatch, so nobody can probe for student codes.
    """
    email = _check_email(email)
    schools = portal._getOb("scholen", None)
    school = schools._getOb(school_id, None) if schools is not None and school_id else None
    if school is None or not isinstance(student_code, str):
        raise REGISTRATION_REFUSED
    catalog = getToolByName(portal, "portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Candidate",
        student_code=student_code.strip(),
        path="/".join(school.getPhysicalPath()),
    )
    if len(brains) != 1:
        raise REGISTRATION_REFUSED
    candidate = brains[0]._unrestrictedGetObject()
    on_record = (getattr(candidate, "email", None) or "").strip().lower()
    if candidate.userid or not on_record or on_record != email.lower() or is_archived(candidate):
        raise REGISTRATION_REFUSED
    _check_password(portal, password)
    create_user(portal, username, email, candidate.Title(), password)
    # The candidate links their own login: the journal names them, as the candidate.
    with api.env.adopt_user(username=username):
        link_candidate(school, candidate, username)
    return username


def check_login_change(candidate, userid):
    """The exam rule on a candidate's login link, as proeve.process registers it (raises its
    ProcessError): accounts sit below the process and do not import it."""
    ILoginLinkRule(candidate).check(userid)


def link_candidate(school, candidate, userid):
    """Link a login to the candidate, as far as the exam rules allow (ProcessError)."""
    check_login_change(candidate, userid)
    candidate.userid = userid
    notify(ObjectModifiedEvent(candidate))
    roster = IWorkspace(school)
    if userid not in roster.members:
        roster.add_to_team(user=userid, groups={"Candidates"})


def create_school_account(school, username, email, fullname, groups, password=None, candidate=None):
    """A school admin creates (or, for an existing person, reuses) an account.

    An existing login is only reused when the e-mail address matches it: one login
    per person across schools, and nobody claims someone else's account.
    Returns (userid, created).
    """
    portal = getToolByName(school, "portal_url").getPortalObject()
    email = _check_email(email)
    if candidate is not None and isinstance(username, str):
        # Refused before any account is made or changed.
        check_login_change(candidate, username)
    groups = set(groups or ())
    unknown = groups - set(ASSIGNABLE_GROUPS)
    if unknown or not groups:
        raise AccountError(
            "invalid_groups",
            _(
                "error_invalid_groups",
                default="Kies een of meer groepen uit: ${groups}.",
                mapping={"groups": ", ".join(ASSIGNABLE_GROUPS)},
            ),
            "groups",
        )
    membership = getToolByName(portal, "portal_membership")
    existing = membership.getMemberById(username) if isinstance(username, str) else None
    if existing is not None:
        if (existing.getProperty("email") or "").lower() != email.lower():
            raise AccountError(
                "username_unavailable",
                _(
                    "error_username_other_person",
                    default="Deze gebruikersnaam hoort bij iemand anders (ander e-mailadres).",
                ),
                "username",
            )
        created = False
    else:
        if password is None:
            password = secrets.token_urlsafe(24)
        _check_password(portal, password)
        create_user(portal, username, email, fullname, password)
        created = True
    roster = IWorkspace(school)
    if username in roster.members:
        member = roster[username]
        member.update({"groups": set(member.groups or ()) | groups})
    else:
        roster.add_to_team(user=username, groups=groups)
    if candidate is not None:
        link_candidate(school, candidate, username)
    return username, created


NOT_ON_ROSTER = AccountError(
    "not_on_roster",
    _("error_not_on_roster", default="Deze persoon staat niet op het rooster."),
    "userid",
)


def change_roster_member(school, userid, **data):
    """Change one roster member's groups or assessor register entry (the keys of data that
    are given: groups, register_number, register_expiry as 2027-06-30 or a date).
    Checks everything before it changes anything."""
    roster = IWorkspace(school)
    if not isinstance(userid, str) or userid not in roster.members:
        raise NOT_ON_ROSTER
    changes = {}
    if "groups" in data:
        groups = data["groups"]
        if not isinstance(groups, list | tuple | set) or not set(groups) <= set(ASSIGNABLE_GROUPS):
            raise AccountError(
                "invalid_groups",
                _(
                    "error_invalid_groups",
                    default="Kies een of meer groepen uit: ${groups}.",
                    mapping={"groups": ", ".join(ASSIGNABLE_GROUPS)},
                ),
                "groups",
            )
        changes["groups"] = set(groups)
    if "register_number" in data:
        number = data["register_number"]
        if number is not None and (not isinstance(number, str) or len(number) > 40):
            raise AccountError(
                "invalid_register_number",
                _("error_register_number", default="Een registernummer is hoogstens 40 tekens."),
                "register_number",
            )
        changes["register_number"] = number or None
    if "register_expiry" in data:
        changes["register_expiry"] = _register_expiry(data["register_expiry"])
    roster[userid].update(changes)


def _register_expiry(raw):
    if not raw or isinstance(raw, date):
        return raw or None
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise AccountError(
            "invalid_date",
            _("error_invalid_date", default="Gebruik een datum als 2027-06-30."),
            "register_expiry",
        ) from None


def send_welcome(context, userid):
    """Plone's welcome mail (a link to choose a password) to a new login, sent once the
    transaction has committed: a refused or retried request mails nobody twice."""
    from email import message_from_string
    from plone.registry.interfaces import IRegistry
    from proeve.mail import send_after_commit
    from zope.component import getMultiAdapter
    from zope.component import getUtility

    member = getToolByName(context, "portal_membership").getMemberById(userid)
    email = member and member.getProperty("email")
    if not email:
        return False
    registration = getToolByName(context, "portal_registration")
    reset = getToolByName(context, "portal_password_reset").requestReset(userid)
    charset = getUtility(IRegistry).get("plone.email_charset", "utf-8")
    template = getMultiAdapter(
        (registration, registration.REQUEST), name="registered_notify_template"
    )
    text = template(member=member, reset=reset, email=email, charset=charset)
    return send_after_commit([message_from_string(text.strip())]) == 1
