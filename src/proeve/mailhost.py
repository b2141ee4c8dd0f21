"""The site's MailHost: Plone's, which decides where the mail goes.

All mail, Proeve's and Plone's own (welcome, password reset), goes through this MailHost:

1. ``PROEVE_SMTP_HOST`` in the environment: SMTP to that server, with ``PROEVE_SMTP_PORT``
   (25), ``PROEVE_SMTP_USER``, ``PROEVE_SMTP_PASSWORD`` and ``PROEVE_SMTP_TLS`` (``starttls``
   or ``ssl``). The production setting: the password stays out of the database.
2. Otherwise a mail server set in Plone's mail control panel (anything but its default,
   localhost on port 25): SMTP there.
3. Otherwise nothing is set up (the demo, a new site): every message is written as an
   ``.eml`` file into ``PROEVE_MAIL_DIR`` (default ``var/mail`` of the instance), where it
   can be read, instead of going to a localhost:25 where nothing listens.
"""

from App.config import getConfiguration
from pathlib import Path
from plone.base.interfaces import IMailSchema
from plone.registry.interfaces import IRegistry
from Products.MailHost.interfaces import IMailHost
from Products.MailHost.MailHost import MailHost
from smtplib import SMTP_SSL
from zope.component import getSiteManager
from zope.component import queryUtility
from zope.interface import implementer
from zope.sendmail.interfaces import IMailer
from zope.sendmail.mailer import SMTPMailer
import logging
import os
import time
import uuid


logger = logging.getLogger("proeve.mailhost")


def mail_folder():
    folder = os.environ.get("PROEVE_MAIL_DIR")
    if folder:
        return Path(folder)
    return Path(getConfiguration().clienthome) / "mail"


@implementer(IMailer)
class FileMailer:
    """Writes each message to its own .eml file: readable with any mail program or editor."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def send(self, fromaddr, toaddrs, message):
        if isinstance(message, str):
            message = message.encode("utf-8")
        if isinstance(toaddrs, str):
            toaddrs = [toaddrs]
        # The envelope first: Bcc recipients are in no header of the message itself.
        envelope = f"X-Envelope-From: {fromaddr}\r\nX-Envelope-To: {', '.join(toaddrs)}\r\n"
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:12]}.eml"
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(envelope.encode("ascii", "replace") + message)
        partial.rename(self.folder / name)  # a reader never sees half a message
        logger.info("no mail server set up: mail to %s written to %s", toaddrs, self.folder / name)

    def vote(self, fromaddr, toaddrs, message):
        self.folder.mkdir(parents=True, exist_ok=True)

    def abort(self):
        pass


def smtp_from_environment():
    """SMTP settings from PROEVE_SMTP_*, or None when PROEVE_SMTP_HOST is not set."""
    host = os.environ.get("PROEVE_SMTP_HOST", "").strip()
    if not host:
        return None
    tls = os.environ.get("PROEVE_SMTP_TLS", "").strip().lower()
    return {
        "hostname": host,
        "port": int(os.environ.get("PROEVE_SMTP_PORT") or 25),
        "username": os.environ.get("PROEVE_SMTP_USER") or None,
        "password": os.environ.get("PROEVE_SMTP_PASSWORD") or None,
        "force_tls": tls == "starttls",
        "implicit_tls": tls == "ssl",
    }


def smtp_in_control_panel():
    registry = queryUtility(IRegistry)
    if registry is None:
        return False
    settings = registry.forInterface(IMailSchema, prefix="plone", check=False)
    host = (getattr(settings, "smtp_host", None) or "").strip()
    port = int(getattr(settings, "smtp_port", None) or 25)
    return bool(host) and (host, port) != ("localhost", 25)


def smtp_mailer(settings):
    mailer = SMTPMailer()
    # Set after construction: Plone replaces the constructor's server settings with the
    # control panel's (Products.CMFPlone.patches.sendmail), the environment wins here.
    for name, value in settings.items():
        setattr(mailer, name, value)
    if settings["implicit_tls"]:
        mailer.smtp = SMTP_SSL
    return mailer


class ProeveMailHost(MailHost):
    """Plone's MailHost; only the mailer it sends with is chosen as the module says."""

    def _makeMailer(self):
        settings = smtp_from_environment()
        if settings is not None:
            return smtp_mailer(settings)
        if smtp_in_control_panel():
            return super()._makeMailer()
        return FileMailer(mail_folder())


def install_mailhost(portal):
    """Make the site's MailHost a ProeveMailHost, keeping its settings and its registration
    as the IMailHost utility."""
    old = portal._getOb("MailHost", None)
    if old is not None and type(old.aq_base) is ProeveMailHost:
        return
    new = ProeveMailHost("MailHost")
    if old is not None:
        new.__dict__.update(
            {k: v for k, v in old.aq_base.__dict__.items() if not k.startswith(("_p_", "_v_"))}
        )
        portal._delObject("MailHost", suppress_events=True)
    portal._setObject("MailHost", new, suppress_events=True)
    site_manager = getSiteManager(portal)
    site_manager.unregisterUtility(provided=IMailHost)
    site_manager.registerUtility(portal._getOb("MailHost").aq_base, IMailHost)
