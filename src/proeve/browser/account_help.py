"""Getting in without help from anyone: activating the account a school's import prepared,
a reset link by e-mail address and a forgotten user name (linked from the login page).

The pages only pass what was typed to proeve.accounts, which decides, mails and throttles;
its answer is the same whether anything was found or not.
"""

from Products.Five import BrowserView
from proeve import _
from proeve.accounts import AccountError
from proeve.accounts import request_activation
from proeve.accounts import request_reset_by_email
from proeve.accounts import send_login_names
from proeve.logins.guard import client_address
from zope.i18n import translate
import transaction


STUDENT_CODE = {
    "name": "student_code",
    "title": _("label_student_code", default="Studentcode"),
    "type": "text",
    "autocomplete": "username",
}
EMAIL = {
    "name": "email",
    "title": _("label_help_email", default="E-mailadres"),
    "type": "email",
    "autocomplete": "email",
}


class AccountHelp(BrowserView):
    """A small form; on POST it asks proeve.accounts and shows its answer."""

    fields = (EMAIL,)
    heading = None
    intro = None
    button = None

    def __call__(self):
        self.answer = None
        self.problem = None
        if self.request.method == "POST":
            self.submit()
        return self.index()

    def submit(self):
        values = {f["name"]: self.request.form.get(f["name"]) for f in self.fields}
        try:
            answer = self.ask(client=client_address(self.request), **values)
        except AccountError as exc:
            transaction.doom()  # a refusal writes nothing
            self.request.response.setStatus(exc.status)
            if exc.retry_after:
                self.request.response.setHeader("Retry-After", str(exc.retry_after))
            self.problem = translate(exc.message, context=self.request)
            return
        self.answer = translate(answer, context=self.request)

    def ask(self, client, **values):
        raise NotImplementedError

    def text(self, message):
        return translate(message, context=self.request)

    def form_fields(self):
        return [
            dict(field, title=self.text(field["title"]), value=self.value(field["name"]))
            for field in self.fields
        ]

    def value(self, name):
        value = self.request.form.get(name)
        return value if isinstance(value, str) else ""

    def login_url(self):
        return f"{self.context.absolute_url()}/login"


class ActivateAccount(AccountHelp):
    fields = (STUDENT_CODE, EMAIL)
    heading = _("heading_activate_account", default="Account activeren")
    intro = _(
        "activate_account_intro",
        default="Heeft je school je ingeschreven? Vul je studentcode in en het e-mailadres dat "
        "je school van je heeft. Je krijgt een e-mail met je gebruikersnaam en een link om "
        "een wachtwoord te kiezen.",
    )
    button = _("button_activate_account", default="Account activeren")

    def ask(self, client, student_code, email):
        return request_activation(self.context, student_code, email, client)


class ForgotPassword(AccountHelp):
    heading = _("heading_forgot_password", default="Wachtwoord vergeten")
    intro = _(
        "forgot_password_intro",
        default="Vul het e-mailadres van je account in. Je krijgt een e-mail met een link om "
        "een nieuw wachtwoord te kiezen.",
    )
    button = _("button_send_reset_link", default="Stuur een link")

    def ask(self, client, email):
        return request_reset_by_email(self.context, email, client, self.request)


class ForgotUsername(AccountHelp):
    heading = _("heading_forgot_username", default="Gebruikersnaam vergeten")
    intro = _(
        "forgot_username_intro",
        default="Vul het e-mailadres van je account in. Je krijgt een e-mail met je "
        "gebruikersnaam.",
    )
    button = _("button_send_username", default="Stuur mijn gebruikersnaam")

    def ask(self, client, email):
        return send_login_names(self.context, email, client)
