"""The roster page of a school (@@team-roster): who works for the school, in which groups,
with their assessor register entry; the school admin adds staff logins and changes groups
here.

It replaces collective.workspace's English roster page for schools (a view of the same name
for ISchool on Proeve's layer). The page only translates the form: accounts.py creates the
login and changes the roster, as @school-accounts and @school-roster do over REST.
"""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from collective.workspace.interfaces import IWorkspace
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from proeve import _
from proeve.accounts import AccountError
from proeve.accounts import ASSIGNABLE_GROUPS
from proeve.accounts import change_roster_member
from proeve.accounts import create_school_account
from proeve.accounts import Names
from proeve.accounts import send_welcome
from proeve.browser.outcome import EndsWithMessage
from proeve.dates import format_date
from proeve.roles import roster_group_title
from proeve.roles import ROSTER_GROUP_TITLES
from zope.i18n import translate
import transaction


MANAGE_ROSTER = "collective.workspace: Manage roster"
# Candidates get their login by registering or from the import, not as staff.
STAFF_GROUPS = tuple(group for group in ASSIGNABLE_GROUPS if group != "Candidates")
CHOOSE_GROUPS = _("error_choose_groups", default="Kies een of meer groepen.")


class RosterView(EndsWithMessage, BrowserView):
    error = None  # the refusal of the form just posted, shown beside it
    error_form = None  # "add" or the user id of the changed member

    def __call__(self):
        self.values = {}
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if not self.can_manage():
                raise Unauthorized("team-roster")
            action = self.request.form.get("action")
            try:
                if action == "add":
                    return self.add()
                if action == "change":
                    return self.change()
            except AccountError as exc:
                transaction.doom()  # a refused form writes nothing
                self.error = self.tr(CHOOSE_GROUPS if exc.code == "invalid_groups" else exc.message)
        return self.index()

    def tr(self, message):
        return translate(message, context=self.request)

    def can_manage(self):
        return bool(getSecurityManager().checkPermission(MANAGE_ROSTER, self.context))

    def add(self):
        form = self.request.form
        self.error_form = "add"
        self.values = {k: form.get(k, "") for k in ("username", "fullname", "email")}
        self.values["groups"] = set(form.get("groups") or ())
        username = (form.get("username") or "").strip()
        fullname = (form.get("fullname") or "").strip() or None
        userid, created = create_school_account(
            self.context,
            username=username,
            email=form.get("email"),
            fullname=fullname,
            groups=[g for g in self.values["groups"] if g in STAFF_GROUPS],
        )
        if not created:
            message = _(
                "msg_staff_added_existing",
                default="${userid} had al een login en staat nu op het rooster.",
                mapping={"userid": userid},
            )
        elif send_welcome(self.context, userid):
            message = _(
                "msg_staff_created",
                default="Login ${userid} is aangemaakt; er gaat een e-mail om een wachtwoord "
                "te kiezen.",
                mapping={"userid": userid},
            )
        else:
            message = _(
                "msg_staff_created_no_mail",
                default="Login ${userid} is aangemaakt, maar de e-mail om een wachtwoord te "
                "kiezen kon niet worden verstuurd.",
                mapping={"userid": userid},
            )
        return self.back(message)

    def change(self):
        form = self.request.form
        userid = form.get("userid")
        self.error_form = userid
        groups = set(form.get("groups") or ())
        # Candidates stay candidates: the page does not offer that group, so keeps it.
        if userid in IWorkspace(self.context).members:
            current = set(IWorkspace(self.context).members[userid].get("groups") or ())
            groups |= current & {"Candidates"}
        change_roster_member(
            self.context,
            userid,
            groups=sorted(groups),
            register_number=(form.get("register_number") or "").strip() or None,
            register_expiry=form.get("register_expiry") or None,
        )
        return self.back(
            _(
                "msg_roster_changed",
                default="De gegevens van ${name} zijn opgeslagen.",
                mapping={"name": Names(self.context)(userid)},
            )
        )

    def back_url(self):
        return f"{self.context.absolute_url()}/@@team-roster"

    def group_choices(self):
        return [
            {"id": group, "title": self.tr(roster_group_title(group, self.context))}
            for group in STAFF_GROUPS
        ]

    def members(self):
        """Everyone on the roster, by name; each with a number for the page's element ids."""
        names = Names(self.context)
        rows = []
        for userid, data in IWorkspace(self.context).members.items():
            groups = set(data.get("groups") or ()) - {"Members"}
            expiry = data.get("register_expiry")
            rows.append(
                {
                    "userid": userid,
                    "name": names(userid),
                    "groups": groups,
                    "group_titles": [
                        self.tr(roster_group_title(g, self.context))
                        for g in ROSTER_GROUP_TITLES
                        if g in groups
                    ],
                    "register_number": data.get("register_number") or "",
                    "register_expiry": format_date(expiry),
                    "register_expiry_iso": expiry.isoformat() if expiry else "",
                }
            )
        rows.sort(key=lambda row: (row["name"].lower(), row["userid"]))
        for index, row in enumerate(rows):
            row["n"] = index
        return rows
