"""Accounts: candidates register themselves; a school admin creates accounts for others.

Both paths create a plain Plone user without any global role; what the person may
do comes from the school roster and the PvBs they are part of.
"""

from Acquisition import aq_base
from collective.workspace.interfaces import IWorkspace
from datetime import date
from email.message import EmailMessage
from plone import api
from Products.CMFCore.utils import getToolByName
from Products.CMFPlone.browser.login.utils import has_logged_in
from Products.PlonePAS.plugins.property import ZODBMutablePropertyProvider
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.propertysheets import IPropertySheet
from Products.PluggableAuthService.UserPropertySheet import UserPropertySheet
from proeve import _
from proeve.content.utils import find_school
from proeve.content.utils import is_archived
from proeve.interfaces import ILoginLinkRule
from proeve.logins.reset import request_reset
from proeve.mail import send_after_commit
from proeve.roles import ROSTER_GROUPS
from proeve.throttle import ACCOUNT_HELP
from zope.event import notify
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.lifecycleevent import ObjectModifiedEvent
import logging
import re
import secrets


logger = logging.getLogger("proeve.accounts")


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ASSIGNABLE_GROUPS = tuple(g for g in ROSTER_GROUPS if g != "Members")


class AccountError(Exception):
    """A refused account request: a stable code and a translatable message."""

    def __init__(self, code, message, field=None, status=400, retry_after=None):
        super().__init__(code)
        self.code = code
        self.message = message
        self.field = field
        self.status = status
        # Seconds to wait before asking again (a throttled request: 429).
        self.retry_after = retry_after


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


def invalid_groups():
    """The refusal of groups that are not the roster's (or none at all)."""
    return AccountError(
        "invalid_groups",
        _(
            "error_invalid_groups",
            default="Kies een of meer groepen uit: ${groups}.",
            mapping={"groups": ", ".join(ASSIGNABLE_GROUPS)},
        ),
        "groups",
    )


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
        raise invalid_groups()
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
            raise invalid_groups()
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


# -- Help with getting in: activation, a reset link by address, a forgotten user name -------
#
# Whoever asks gets the same answer whether the code or address is known or not, so that
# nobody learns which students or addresses exist; each request counts in a throttle of its
# own (like the login's: per value and address, per value, per address), so that nobody can
# probe codes or flood a mailbox. What happened is logged for the operator.

ACTIVATION_SENT = _(
    "account_activation_sent",
    default="Als deze studentcode en dit e-mailadres bij een kandidaat zonder account horen, "
    "is er een e-mail gestuurd met je gebruikersnaam en een link om een wachtwoord te kiezen.",
)
RESET_SENT = _(
    "account_reset_sent",
    default="Als er een account met dit e-mailadres is, is er een e-mail gestuurd met een link "
    "om een nieuw wachtwoord te kiezen.",
)
USERNAME_SENT = _(
    "account_username_sent",
    default="Als er een account met dit e-mailadres is, is er een e-mail gestuurd met je "
    "gebruikersnaam.",
)
USERNAME_MAIL_SUBJECT = _("mail_username_subject", default="Je gebruikersnaam voor Proeve")
USERNAME_MAIL_BODY = _(
    "mail_username_body",
    default="Je vroeg om je gebruikersnaam. Bij dit e-mailadres hoort: ${logins}. Inloggen: ${url}",
)


def _student_code(value):
    if not isinstance(value, str) or not value.strip():
        raise AccountError(
            "missing_student_code",
            _("error_missing_student_code", default="Vul je studentcode in."),
            "student_code",
        )
    return value.strip()


def count_help_request(kind, value, client):
    """Refuse (429) while this kind of request for this value or from this client must wait;
    otherwise count it. Every request counts, found or not: the delay tells nothing."""
    key = f"{kind}:{value.lower()}"
    wait = ACCOUNT_HELP.wait(key, client)
    if wait > 0:
        seconds = int(wait) + (wait > int(wait))
        raise AccountError(
            "too_many_attempts",
            _(
                "error_help_wait",
                default="Te veel aanvragen. Probeer het over ${seconds} seconden opnieuw.",
                mapping={"seconds": seconds},
            ),
            status=429,
            retry_after=seconds,
        )
    ACCOUNT_HELP.failed(key, client)


def has_active_login(portal, userid):
    """The login exists and its owner has logged in (chosen a password) at least once."""
    member = getToolByName(portal, "portal_membership").getMemberById(userid)
    return member is None or has_logged_in(member.getProperty("login_time", None))


def candidates_to_activate(portal, student_code, email):
    """The imported candidates with this code and this address on record, not archived and
    without an active login."""
    catalog = getToolByName(portal, "portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Candidate", student_code=student_code
    ):
        candidate = brain._unrestrictedGetObject()
        on_record = (getattr(candidate, "email", None) or "").strip().lower()
        if not on_record or on_record != email.lower() or is_archived(candidate):
            continue
        if candidate.userid and has_active_login(portal, candidate.userid):
            continue
        found.append(candidate)
    return found


def free_login_name(portal, email):
    """A login name from the address's part before the @, numbered when taken."""
    registration = getToolByName(portal, "portal_registration")
    base = re.sub(r"[^a-z0-9._-]+", "-", email.split("@", 1)[0].lower()).strip("-.") or "kandidaat"
    name, number = base, 1
    while not registration.isMemberIdAllowed(name):
        number += 1
        name = f"{base}-{number}"
    return name


def request_activation(portal, student_code, email, client):
    """A candidate the school imported asks for an account: a login (made now, if the school
    did not give one) and Plone's welcome mail with a one-time link to choose a password, to
    the address the school entered. Answers the same whatever is found."""
    student_code = _student_code(student_code)
    email = _check_email(email)
    count_help_request("activation", student_code, client)
    candidates = candidates_to_activate(portal, student_code, email)
    if not candidates:
        logger.info("No activation for student code %r and %r", student_code, email)
        return ACTIVATION_SENT
    userid = next((c.userid for c in candidates if c.userid), None)
    if userid is None:
        userid = free_login_name(portal, email)
        create_user(portal, userid, email, candidates[0].Title(), secrets.token_urlsafe(24))
    for candidate in candidates:
        if not candidate.userid:
            # The candidate links their own login: the journal names them, as the candidate.
            with api.env.adopt_user(username=userid):
                link_candidate(find_school(candidate), candidate, userid)
    send_welcome(portal, userid)
    return ACTIVATION_SENT


def request_reset_by_email(portal, email, client, request):
    """A link to choose a new password, to every login of this address."""
    email = _check_email(email)
    count_help_request("reset", email, client)
    userids = find_user_by_email(portal, email)
    if not userids:
        logger.info("No password reset: no login with %r", email)
    for userid in userids:
        request_reset(portal, userid, request)
    return RESET_SENT


def send_login_names(portal, email, client):
    """The login names of this address, mailed to it (after the commit)."""
    email = _check_email(email)
    count_help_request("username", email, client)
    users = portal.acl_users.searchUsers(email=email, exact_match=True)
    logins = sorted({u["login"] for u in users if u.get("login")})
    sender = api.portal.get_registry_record("plone.email_from_address", default=None)
    if not logins or not sender:
        logger.info("No user name mail for %r", email)
        return USERNAME_SENT
    language = api.portal.get_registry_record("plone.default_language", default="nl")
    message = EmailMessage()
    message["Subject"] = translate(USERNAME_MAIL_SUBJECT, target_language=language)
    message["From"] = sender
    message["To"] = email
    body = Message(
        USERNAME_MAIL_BODY,
        mapping={"logins": ", ".join(logins), "url": f"{portal.absolute_url()}/login"},
    )
    message.set_content(translate(body, target_language=language))
    send_after_commit([message])
    return USERNAME_SENT
