"""Mail that can be read: without a mail server every message is an .eml file under var/mail;
SMTP comes from the environment (or Plone's mail control panel). The mail goes through the
site's MailHost (a ProeveMailHost), here the real one instead of the tests' mock."""

from Acquisition import aq_base
from email import message_from_bytes
from email import policy
from plone import api
from Products.MailHost.interfaces import IMailHost
from Products.MailHost.MailHost import MailHost
from proeve.demo.users import DEMO_PASSWORD
from proeve.mailhost import FileMailer
from proeve.mailhost import ProeveMailHost
from proeve.upgrades.v1012 import proeve_mailhost
from tests.process_helpers import Process
from zope.component import getSiteManager
from zope.component import getUtility
from zope.sendmail.mailer import SMTPMailer
import pytest
import transaction


@pytest.fixture
def mail_folder(functional_portal, monkeypatch, tmp_path):
    """The site's own MailHost back in place (the test layers put a mock there), with no
    mail server set up anywhere."""
    folder = tmp_path / "mail"
    monkeypatch.setenv("PROEVE_MAIL_DIR", str(folder))
    monkeypatch.delenv("PROEVE_SMTP_HOST", raising=False)
    mailhost = functional_portal._original_MailHost.aq_base
    assert type(mailhost) is ProeveMailHost
    functional_portal.MailHost = mailhost  # where the test layers put their mock
    getSiteManager(functional_portal).registerUtility(mailhost, IMailHost)
    transaction.commit()
    return folder


def read_mail(folder):
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def test_the_welcome_mail_of_a_new_login_is_an_eml_file(
    functional_portal, mail_folder, request_factory
):
    admin = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD))
    response = admin.post(
        "scholen/roc-de-vaart/@school-accounts",
        json={"username": "beoordelaar-3", "email": "b3@example.org", "groups": ["Assessors"]},
    )
    assert response.status_code == 201, response.text
    assert response.json()["mail_sent"] is True
    (mail,) = read_mail(mail_folder)
    assert mail["To"] == "b3@example.org"
    assert mail["X-Envelope-To"] == "b3@example.org"
    assert "passwordreset" in mail.get_body().get_content()  # the link to choose a password
    assert list(mail_folder.glob(".*")) == []  # no half-written message left


def test_a_notification_of_the_exam_process_is_an_eml_file(mail_folder, request_factory):
    Process(request_factory).to_establishment()
    mails = read_mail(mail_folder)
    establish = [m for m in mails if m["Subject"].startswith("Ter vaststelling")]
    assert len(establish) == 1
    vaststeller = api.user.get(userid="vaststeller-vaart").getProperty("email")
    assert establish[0]["To"] == vaststeller
    assert "pvb-demo" in establish[0].get_content()


def test_smtp_from_the_environment_wins_over_the_files(functional_portal, monkeypatch):
    mailhost = functional_portal._original_MailHost.aq_base
    monkeypatch.setenv("PROEVE_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("PROEVE_SMTP_PORT", "587")
    monkeypatch.setenv("PROEVE_SMTP_USER", "proeve")
    monkeypatch.setenv("PROEVE_SMTP_PASSWORD", "geheim")
    monkeypatch.setenv("PROEVE_SMTP_TLS", "starttls")
    mailer = mailhost._makeMailer()
    assert isinstance(mailer, SMTPMailer)
    assert (mailer.hostname, mailer.port, mailer.username, mailer.password) == (
        "smtp.example.org",
        587,
        "proeve",
        "geheim",
    )
    assert mailer.force_tls


def test_a_mail_server_of_the_control_panel_is_used(functional_portal, monkeypatch):
    mailhost = functional_portal._original_MailHost.aq_base
    monkeypatch.delenv("PROEVE_SMTP_HOST", raising=False)
    assert isinstance(mailhost._makeMailer(), FileMailer)  # Plone's default: localhost:25
    api.portal.set_registry_record("plone.smtp_host", "mail.school.example")
    mailer = mailhost._makeMailer()
    assert isinstance(mailer, SMTPMailer)
    assert mailer.hostname == "mail.school.example"


def test_the_upgrade_keeps_the_settings_of_the_mailhost(functional_portal):
    # A site from before 1012 (set as the test layers set their mock).
    functional_portal.MailHost = MailHost("MailHost", smtp_host="smtp.example.org")
    proeve_mailhost(functional_portal.portal_setup)
    mailhost = functional_portal.MailHost
    assert type(mailhost.aq_base) is ProeveMailHost
    assert mailhost.smtp_host == "smtp.example.org"
    assert aq_base(getUtility(IMailHost)) is mailhost.aq_base
