"""The PvB page: phases as a progress line, the content the approvals sign (the frozen
assignment, attachments), people, approvals, appointments, evidence, forms and journal; and
the steps the current user may take (each decided by the server)."""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from html import escape
from plone.app.textfield.value import RichTextValue
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve import _
from proeve.accounts import Names
from proeve.browser.assignment import ASSIGNMENT_CONTENT
from proeve.browser.assignment import kind_title
from proeve.browser.outcome import PostedStep
from proeve.browser.pvb_jobs import PvBJobLinks
from proeve.content.school import school_contact
from proeve.content.utils import find_school
from proeve.dates import format_date
from proeve.dates import format_datetime
from proeve.journal.roles import label as role_label
from proeve.journal.store import chain_for
from proeve.people import label as person_label
from proeve.process import ProcessError
from proeve.process.approvals import approve
from proeve.process.approvals import approver_label
from proeve.process.approvals import approver_roles
from proeve.process.approvals import approving_roles
from proeve.process.approvals import valid_approvals
from proeve.process.assessment import current_form
from proeve.process.assessment import establish_result
from proeve.process.assessment import forms_fingerprint
from proeve.process.assessment import result_waits_for_me
from proeve.process.assessment import waits_for_assessor
from proeve.process.dossier import build_dossier
from proeve.process.dossier import request_language
from proeve.process.labels import entry_title
from proeve.process.phases import phase_title
from proeve.process.phases import transition_title
from proeve.process.steps import take_transition
from proeve.process.supplementary import problems as supplementary_problems
from zope.i18n import translate


SUPPLEMENTARY_STATES = {
    "draft": _("state_supplementary_draft", default="Concept, wacht op vaststelling"),
    "established": _("state_supplementary_established", default="Vastgesteld"),
}
PHASE_STATUS = {
    "done": _("phase_done", default="afgerond"),
    "current": _("phase_current", default="huidige fase"),
    "to come": _("phase_to_come", default="nog niet"),
}
# The steps of the PvB page (approval, pausing, assessment and the result have their own).
PAGE_STEPS = (
    "submit",
    "submit_for_check",
    "approve_content",
    "reject_content",
    "establish",
    "send_back",
    "resume",
    "start_assessment",
)
# Steps that need a reason from the person who takes them.
NEEDS_REASON = {"send_back", "reject_content"}
# Steps that cannot be undone or that sign (the vaststelling): the page says what follows
# or what is signed, and asks to confirm first.
CONFIRM = {
    "establish": _(
        "help_confirm_establish",
        default="Met het vaststellen zet u namens de examencommissie uw handtekening: u "
        "verklaart dat de opdracht, de betrokkenen, de examenlocatie en de periode van deze "
        "PvB geschikt zijn voor het examen. Proeve legt in het logboek vast wie u bent, dat u "
        "als vaststeller tekent, wanneer, en een vingerafdruk van precies deze "
        "inhoud. Daarna begint de uitvoering.",
    ),
    "resume": _(
        "help_confirm_resume",
        default="Na het hervatten gaat de uitvoering verder: de kandidaat kan weer "
        "bewijsstukken uploaden en afspraken plannen. Het hervatten komt in het logboek.",
    ),
    "start_assessment": _(
        "help_confirm_start_assessment",
        default="Na het starten van de beoordeling kan de kandidaat geen bewijsstukken meer "
        "toevoegen, ook later niet. Controleer eerst of alle bewijsstukken binnen zijn. "
        "Proeve stuurt de kandidaat een e-mail dat de beoordeling is gestart.",
    ),
}
# The committee's decision is a signature: what it means, shown before it is confirmed.
RESULT_SIGNATURE = _(
    "help_confirm_result",
    default="Met het vaststellen van het resultaat zet u namens de examencommissie uw "
    "handtekening onder dit besluit: u verklaart dat u de vastgelegde beoordelingen hebt "
    "gelezen en dat het resultaat daarop berust. Proeve legt in het logboek vast wie u bent, "
    "wanneer u tekent, het resultaat en uw motivering. Daarna is de PvB afgesloten en ziet de "
    "kandidaat het resultaat en de beoordelingen.",
)
JOURNAL_SHOWN = 50
# What of an entry's details the journal on the page shows beside what happened.
JOURNAL_NOTES = {
    "reason": _("journal_note_reason", default="Reden: ${text}"),
    "decision": _("journal_note_decision", default="Besluit: ${text}"),
}
STEP_REFUSED = _("error_step_refused", default="Deze stap is nu niet mogelijk.")


def user_id():
    return getSecurityManager().getUser().getId()


# The text value a page shows of an object's frozen HTML, kept on the object while it is in
# memory (a volatile attribute: never stored, so a GET writes nothing).
_KEPT_TEXT = "_v_proeve_text_value"


def safe_html(holder, raw, context):
    """Raw HTML kept on holder (the PvB's copy of the assignment, an aanvulopdracht) as safe
    HTML, through the same filter as the assignment page. portal_transforms keeps what its
    filter made on the text value, per page URL, as it does for a Document's text; kept on
    the holder, the value lasts from view to view, so the filter does not run on each."""
    if not raw:
        return ""
    kept = getattr(aq_base(holder), _KEPT_TEXT, None)
    if kept is None or kept.raw != raw:
        kept = RichTextValue(raw, "text/html", "text/x-html-safe")
        setattr(aq_base(holder), _KEPT_TEXT, kept)
    return kept.output_relative_to(context)


# The words of each criterion's row in the recorded forms (pvb_forms.pt): translated once
# per page, not once per row (a form has some thirty criteria).
FORM_ROW_TEXTS = {
    "score": _("label_score", default="Oordeel"),
    "justification": _("label_form_justification", default="Onderbouwing"),
    "crucial": _("label_crucial", default="cruciaal"),
    "satisfied": _("score_satisfied", default="Voldaan"),
    "unsatisfactory": _("score_unsatisfactory", default="Onvoldoende"),
    "open": _("score_open", default="Nog niet beoordeeld"),
}


def _content(value):
    """value as the content of an element, escaped as the page templates do."""
    return "" if value is None else escape(str(value), quote=False)


def _attribute(name, value):
    """name="value", escaped as the page templates do; nothing for None."""
    if value is None:
        return ""
    return f' {name}="{escape(str(value), quote=False).replace(chr(34), "&quot;")}"'


def _score_cell(result, texts):
    if result == "satisfied":
        return f"<span>{_content(texts['satisfied'])}</span>"
    if result == "unsatisfactory":
        return f"<strong>{_content(texts['unsatisfactory'])}</strong>"
    if not result:
        return f'<span class="text-muted">{_content(texts["open"])}</span>'
    return ""


def _criterion_row(criterion, texts):
    result = criterion["result"]
    crucial = (
        f' <span class="badge bg-secondary">{_content(texts["crucial"])}</span>'
        if criterion["crucial"]
        else ""
    )
    return (
        "<tr"
        + _attribute("class", "table-danger" if result == "unsatisfactory" else None)
        + _attribute("data-criterion", criterion["id"])
        + _attribute("data-result", result)
        + f'>\n  <th scope="row">{_content(criterion["label"])}{crucial}</th>'
        + f"\n  <td>{_content(criterion['text'])}</td>"
        + f"\n  <td{_attribute('data-label', texts['score'])}>{_score_cell(result, texts)}</td>"
        + '\n  <td class="proeve-justification"'
        + _attribute("data-label", texts["justification"])
        + f">{_content(criterion['justification'])}</td>\n</tr>"
    )


class FormsRead:
    """What the recorded forms' macro (pvb_forms.pt) needs of its page besides "forms"."""

    moment = staticmethod(format_datetime)

    def form_rows(self, criteria, texts):
        """The rows of a recorded form's table as HTML, each value escaped. A form has some
        thirty criteria and the committee's PvB page shows two forms: built here, the rows
        cost a fraction of the dozen template expressions each row took."""
        return "\n".join(_criterion_row(criterion, texts) for criterion in criteria)

    def form_row_texts(self):
        language = request_language(self.request)
        return {
            key: translate(message, target_language=language, context=self.request)
            for key, message in FORM_ROW_TEXTS.items()
        }


class ApprovedContent:
    """What an approval signs, as the PvB pages show it: the PvB's frozen copy of the
    assignment and its attachments (process.approvals.approved_content), never the bank's
    current assignment. Needs self.dossier (build_dossier)."""

    assignment_content = ASSIGNMENT_CONTENT
    approved_parts = ViewPageTemplateFile("templates/pvb_approved.pt")
    # The one way pages write dates and times (proeve.dates).
    day = staticmethod(format_date)
    moment = staticmethod(format_datetime)

    def snapshot(self):
        return self.dossier["assignment"] or {}

    def kind(self):
        return kind_title(self.snapshot().get("kind"), self.request)

    def text(self):
        # The copy keeps the raw HTML; it is shown through the same safe-HTML filter as the
        # assignment page.
        return safe_html(self.context, self.snapshot().get("text"), self.context)

    def work_processes(self):
        return self.snapshot().get("work_processes") or []

    def attachments(self):
        return [{"title": a["title"], "url": a["download"]} for a in self.dossier["attachments"]]

    def supplementaries(self):
        """The aanvulopdrachten as the dossier lists them, with their text as safe HTML and
        whether the current user may establish them now."""
        check = getSecurityManager().checkPermission
        rows = []
        for item in self.dossier.get("supplementary_assignments", []):
            obj = self.context.get(item["id"])
            rows.append(
                dict(
                    item,
                    html=safe_html(obj, item["text"], self.context) if obj is not None else "",
                    state_title=translate(
                        SUPPLEMENTARY_STATES.get(item["state"], item["state"]),
                        context=self.request,
                    ),
                    may_establish=not item["established"]
                    and obj is not None
                    and bool(check("proeve: Establish PvB", obj)),
                )
            )
        return rows


class PvBView(PvBJobLinks, ApprovedContent, FormsRead, BrowserView):
    """The default view of a PvB."""

    school_contact_macro = ViewPageTemplateFile("templates/school_contact.pt")
    jobs_macro = ViewPageTemplateFile("templates/pvb_jobs.pt")
    forms_macro = ViewPageTemplateFile("templates/pvb_forms.pt")

    def __call__(self):
        self.dossier = build_dossier(self.context, self.request)
        # Full names of the approvers and of the journal's actors, each looked up once and
        # without building the member (portal_membership.getMemberById costs about ten times).
        names = Names(self.context)
        self.names = lambda userid: names(userid) if userid else userid
        # The page's many texts (the journal's) in the language negotiated once.
        self.language = request_language(self.request)
        return self.index()

    def tr(self, message):
        return translate(message, target_language=self.language, context=self.request)

    def phases(self):
        return [
            dict(
                phase,
                title=self.tr(phase_title(phase["id"])),
                status_text=self.tr(PHASE_STATUS[phase["status"]]),
            )
            for phase in self.dossier["phases"]
        ]

    def people(self):
        rows = []
        for name, person in self.dossier["people"].items():
            rows.append(
                {
                    "label": self.tr(person_label(name, self.context)),
                    "name": person["fullname"] if person else None,
                }
            )
        return rows

    def checks(self):
        """What is missing or wrong about the people, as the dossier gives it: only to
        those who can act on it (process.checks.may_see_checks), and no longer once the PvB
        is closed."""
        if self.dossier["phase"] == "closed":
            return []  # the dossier gives them only to those who may see them
        checks = self.dossier["checks"]
        return checks["people"] + checks["warnings"]

    def contacts(self):
        """The contact person of the PvB's school: everyone on the PvB belongs to it."""
        contact = school_contact(find_school(self.context))
        return [contact] if contact else []

    def approvals(self):
        by_role = {a["role"]: a for a in self.dossier["approvals"] if "role" in a}
        fullname = self.names

        rows = []
        for role in approving_roles(self.context):
            approval = by_role.get(role)
            rows.append(
                {
                    "label": self.tr(approver_label(role, self.context)),
                    "who": approval and fullname(approval.get("userid")),
                    "when": approval and format_datetime(approval.get("time")),
                    "valid": bool(approval and approval.get("valid")),
                    "void": bool(approval and not approval.get("valid")),
                }
            )
        return rows

    def my_open_approval_roles(self):
        """The approver roles of the current user that still need their signature now."""
        pvb = self.context
        if self.dossier["phase"] != "preparation":
            return []
        if not getSecurityManager().checkPermission("proeve: Approve PvB", pvb):
            return []
        done = set(valid_approvals(pvb))
        return [r for r in approver_roles(pvb, user_id()) if r not in done]

    def transitions(self):
        """Workflow steps the user may take here (approval and assessment have their own)."""
        workflow = getToolByName(self.context, "portal_workflow")
        return [
            {
                "id": t["id"],
                "title": self.tr(transition_title(t["id"])),
                "needs_reason": t["id"] in NEEDS_REASON,
                "confirm": self.tr(CONFIRM[t["id"]]) if t["id"] in CONFIRM else None,
            }
            for t in workflow.getTransitionsFor(self.context)
            if t["id"] in PAGE_STEPS
        ]

    def blocked_by_supplementary(self):
        """Why a step this user would take now waits for an aanvulopdracht's vaststelling."""
        if self.dossier["phase"] == "execution" and self.can("proeve: Start assessment"):
            return [self.tr(m) for m in supplementary_problems(self.context)]
        if self.dossier["phase"] == "assessment" and self.can("proeve: Establish result"):
            return [self.tr(m) for m in supplementary_problems(self.context)]
        return []

    def can(self, permission):
        return bool(getSecurityManager().checkPermission(permission, self.context))

    def may_assess(self):
        """The assessor's form waits for them (not once it is recorded)."""
        return waits_for_assessor(self.context, user_id())

    def may_establish_result(self):
        return result_waits_for_me(self.context)

    def is_me(self, person):
        return bool(person) and person.get("userid") == user_id()

    def my_form(self):
        return current_form(self.context, user_id())

    def journal(self):
        if not self.can("proeve: View journal"):
            return None
        chain = chain_for(self.context, create=False)
        entries = list(chain) if chain is not None else []
        name = self.names

        rows = []
        for entry in reversed(entries[-JOURNAL_SHOWN:]):
            what = ": ".join(self.tr(part) for part in entry_title(entry))
            role = role_label(entry.get("role"), self.context)
            rows.append(
                {
                    "time": format_datetime(entry["time"]),
                    "actor": name(entry.get("actor")),
                    "role": self.tr(role) if role is not None else "",
                    "what": what,
                    "note": self.journal_note(entry),
                }
            )
        return rows

    def journal_note(self, entry):
        """The reason or decision an entry keeps (a people change, a pause, a correction)."""
        details = entry.get("details") or {}
        for key, label in JOURNAL_NOTES.items():
            if isinstance(details.get(key), str) and details[key]:
                return self.tr(_(label, default=label.default, mapping={"text": details[key]}))
        return ""

    @staticmethod
    def size(size):
        """1.2 MB, 340 kB, 12 bytes: what a person reads as a file size."""
        if size >= 1e6:
            return f"{size / 1e6:.1f} MB"
        if size >= 1e3:
            return f"{size / 1e3:.0f} kB"
        return f"{size} bytes"

    def authenticator(self):
        return self.context.restrictedTraverse("@@authenticator").token()


class PvBStep(PostedStep, BrowserView):
    """Form posts of the PvB page; each ends on the PvB page with a message.

    Subclasses implement step(form) and return the message of success; a refusal by the
    process (ProcessError, a workflow guard, a subscriber's Forbidden) commits nothing.
    """

    def get(self):
        return self.back(STEP_REFUSED, "error")


class ApproveStep(ApprovedContent, PvBStep):
    """GET: what the signature means and a confirmation; POST: sign the shown content."""

    def get(self):
        self.dossier = build_dossier(self.context, self.request)
        return self.index()

    def step(self, form):
        approve(self.context, form.get("content_hash"))
        return _("msg_approved", default="Uw akkoord is vastgelegd.")


class TransitionStep(PvBStep):
    """POST: take a workflow step. GET of a step that is confirmed first: the confirmation
    page (what the PvB page shows in a dialog, for browsers without JavaScript)."""

    def get(self):
        transition = self.request.form.get("transition", "")
        if (
            not isinstance(transition, str)
            or transition not in CONFIRM
            or transition not in self.available()
        ):
            return super().get()
        self.transition = transition
        self.step_title = translate(transition_title(transition), context=self.request)
        self.warning = translate(CONFIRM[transition], context=self.request)
        return self.index()

    def available(self):
        workflow = getToolByName(self.context, "portal_workflow")
        return {t["id"] for t in workflow.getTransitionsFor(self.context)}

    def step(self, form):
        transition = form.get("transition", "")
        comment = (form.get("comment") or "").strip()
        if transition in NEEDS_REASON and not comment:
            raise ProcessError(
                "reason_required",
                _("error_step_reason_required", default="Geef een reden op voor deze stap."),
            )
        take_transition(self.context, transition, comment=comment)
        return _("msg_step_done", default="De stap is gezet.")


class SupplementaryStep(PvBStep):
    """POST supplementary=<id>: the vaststeller establishes an aanvulopdracht of this PvB
    (the aanvulopdracht's workflow decides who may)."""

    def step(self, form):
        name = form.get("supplementary")
        obj = self.context.get(name) if isinstance(name, str) and name else None
        if obj is None or obj.portal_type != "SupplementaryAssignment":
            raise ProcessError("step_refused", STEP_REFUSED)
        take_transition(obj, "establish")
        return _("msg_supplementary_established", default="De aanvulopdracht is vastgesteld.")


class ResultStep(FormsRead, PvBStep):
    """GET: the recorded forms beside the decision, which is confirmed as a signature; POST:
    establish the result (process.assessment.establish_result decides)."""

    forms_macro = ViewPageTemplateFile("templates/pvb_forms.pt")
    signature = RESULT_SIGNATURE

    def get(self):
        if not result_waits_for_me(self.context):
            return super().get()
        self.dossier = build_dossier(self.context, self.request)
        return self.index()

    def failed_crucial(self):
        return self.dossier["failed_crucial_criteria"]

    def forms_read(self):
        return forms_fingerprint(self.context)

    def step(self, form):
        establish_result(
            self.context,
            form.get("result"),
            (form.get("motivation") or "").strip(),
            # What the signer read: refused when the forms changed since (a correction).
            forms_read=str(form.get("forms_read") or ""),
        )
        return _("msg_result_established", default="Het resultaat is vastgesteld.")
