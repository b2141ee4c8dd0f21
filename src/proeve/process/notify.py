"""E-mail to the people whose turn it is, sent only once the transaction has committed.

Mail is handed to the MailHost in an after-commit hook: an aborted transaction or a
conflict that is retried sends nothing extra.
"""

from collective.workspace.interfaces import IWorkspace
from contextlib import contextmanager
from email.message import EmailMessage
from plone import api
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.content.utils import find_school
from proeve.mail import send_after_commit
from proeve.publicurl import public_url
from proeve.terms import term_mapping
from zope.i18n import translate
from zope.i18nmessageid import Message
import threading


MESSAGES = {
    "approve": (
        _("mail_approve_subject", default="Accorderen gevraagd: ${title}"),
        _(
            "mail_approve_body",
            default="De opdracht van deze Proeve van Bekwaamheid wacht op uw akkoord. De "
            "kandidaat, de ROC-begeleider en de ${workplace_supervisor} geven elk hun akkoord: "
            "${url}",
        ),
    ),
    "establish": (
        _("mail_establish_subject", default="Ter vaststelling: ${title}"),
        _(
            "mail_establish_body",
            default="De kandidaat, de ROC-begeleider en de ${workplace_supervisor} hebben "
            "geaccordeerd. De PvB wacht op uw vaststelling: ${url}",
        ),
    ),
    "establish_supplementary": (
        _("mail_establish_supplementary_subject", default="Aanvulopdracht vaststellen: ${title}"),
        _(
            "mail_establish_supplementary_body",
            default="Bij deze PvB is de aanvulopdracht '${supplementary}' toegevoegd. Een "
            "aanvulopdracht wacht altijd op uw eigen vaststelling: ${url}",
        ),
    ),
    "sent_back": (
        _("mail_sent_back_subject", default="Teruggestuurd: ${title}"),
        _(
            "mail_sent_back_body",
            default="De vaststeller heeft de PvB teruggestuurd. Reden: ${reason}. ${url}",
        ),
    ),
    "execution": (
        _("mail_execution_subject", default="Vastgesteld, de uitvoering begint: ${title}"),
        _(
            "mail_execution_body",
            default="De PvB is vastgesteld. Plan afspraken en lever bewijsstukken aan: ${url}",
        ),
    ),
    "assess": (
        _("mail_assess_subject", default="Beoordelen: ${title}"),
        _("mail_assess_body", default="De beoordeling van deze PvB is gestart: ${url}"),
    ),
    "assessment_started": (
        _("mail_assessment_started_subject", default="De beoordeling is gestart: ${title}"),
        _(
            "mail_assessment_started_body",
            default="De beoordeling van uw PvB is gestart. Vanaf nu kunt u geen bewijsstukken "
            "meer toevoegen: ${url}",
        ),
    ),
    "result": (
        _("mail_result_subject", default="Resultaat vaststellen: ${title}"),
        _(
            "mail_result_body",
            default="De beoordelaars hebben hun formulieren vastgelegd. De examencommissie kan "
            "het resultaat vaststellen: ${url}",
        ),
    ),
    "closed": (
        _("mail_closed_subject", default="Resultaat vastgesteld: ${title}"),
        _("mail_closed_body", default="Het resultaat van de PvB is vastgesteld: ${url}"),
    ),
}


def committee_members(pvb):
    school = find_school(pvb)
    if school is None:
        return []
    return [
        userid
        for userid, data in IWorkspace(school).members.items()
        if "ExamCommittee" in data.get("groups", ())
    ]


def _with(message, mapping):
    return Message(message, domain=message.domain, default=message.default, mapping=mapping)


_quiet = threading.local()


@contextmanager
def silenced():
    """No mail while this runs (demo data plays the exam process; nobody is waiting)."""
    previous = getattr(_quiet, "on", False)
    _quiet.on = True
    try:
        yield
    finally:
        _quiet.on = previous


def send(pvb, kind, userids, **mapping):
    """Queue mail of this kind to these users, for after the commit."""
    if getattr(_quiet, "on", False):
        return 0
    membership = getToolByName(pvb, "portal_membership")
    language = api.portal.get_registry_record("plone.default_language", default="nl")
    # Texts that name the workplace supervisor use the word of the PvB's school.
    mapping = {**term_mapping(pvb), **mapping, "title": pvb.Title(), "url": public_url(pvb)}
    subject, body = MESSAGES[kind]
    subject = translate(_with(subject, mapping), target_language=language)
    text = translate(_with(body, mapping), target_language=language)
    sender = api.portal.get_registry_record("plone.email_from_address", default=None)
    messages = []
    for userid in sorted({u for u in userids if u}):
        member = membership.getMemberById(userid)
        address = member and member.getProperty("email")
        if not address or not sender:
            continue
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = sender
        message["To"] = address
        message.set_content(text)
        messages.append(message)
    return send_after_commit(messages)
