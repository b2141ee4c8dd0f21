"""Pages for the jobs on a PvB that need more than a button: changing people after the
vaststelling (with a reason), pausing for study delay, and a correction by the exam committee.

Each page only translates its form into one process call (proeve.process.people, .pause,
.assessment). Who may, and when, is the process's to say: a GET by someone it refuses shows
its refusal (browser/refusal.py), a refused POST shows the form again with the process's
message and writes nothing, and a step taken returns to the PvB page with a message.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_parent
from plone.protect import CheckAuthenticator
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from proeve import _
from proeve.people import label as person_label
from proeve.process import ProcessError
from proeve.process import Refused
from proeve.process.assessment import check_may_correct
from proeve.process.assessment import correct_form
from proeve.process.assessment import correctable_forms
from proeve.process.pause import check_may_pause
from proeve.process.pause import pause
from proeve.process.pause import resume_date_of
from proeve.process.people import change_people
from proeve.process.people import check_may_change_people
from proeve.process.people import people_choices
from proeve.process.people import reason_required
from proeve.process.steps import run
from zope.i18n import translate


CONFIRM_REQUIRED = _(
    "error_confirm_required", default="Bevestig eerst dat u deze stap wilt zetten."
)
NOTHING_CHANGED = _("error_people_unchanged", default="U hebt niemand anders gekozen.")


def allowed(check, pvb):
    """Whether the process lets the current user take this job on the PvB now."""
    try:
        check(pvb)
    except ProcessError:
        return False
    return True


class PvBJobLinks:
    """The PvB page's links to these pages and to the dossier export, each shown only to
    those the process (or the export's permission) lets do the job now."""

    def may_change_people(self):
        return allowed(check_may_change_people, self.context)

    def may_pause(self):
        return allowed(check_may_pause, self.context)

    def may_correct(self):
        return allowed(check_may_correct, self.context) and bool(correctable_forms(self.context))

    def may_add_appointment(self):
        return bool(getSecurityManager().checkPermission("proeve: Add Appointment", self.context))

    def dossier_export_url(self):
        """The candidate's dossier export (a zip with its manifest), for those who may."""
        candidate = aq_parent(self.context)
        if not getSecurityManager().checkPermission("proeve: Manage retention", candidate):
            return None
        return f"{candidate.absolute_url()}/@@dossier-export"


class PvBJobForm(BrowserView):
    """GET: the form, to those the process lets do the job; POST: the job itself."""

    check = None  # the process's check of who may do the job now (raises ProcessError)
    needs_confirmation = False
    error = None

    def __call__(self):
        if self.request.method == "POST":
            return self.post()
        try:
            self.check(self.context)
        except ProcessError as exc:
            raise Refused(exc) from None
        return self.index()

    def post(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        try:
            if self.needs_confirmation and not form.get("confirm"):
                raise ProcessError("confirmation_required", CONFIRM_REQUIRED)
            message = run(self.step, form)
        except ProcessError as exc:
            if exc.status == 403:
                raise Refused(exc) from None
            return self.show_again(exc)
        IStatusMessage(self.request).add(message, type="info")
        self.request.response.redirect(self.context.absolute_url())
        return ""

    def show_again(self, error):
        """The form with what was entered and the process's message; nothing is written."""
        self.error = translate(error.message, context=self.request)
        self.request.response.setStatus(error.status)
        return self.index()

    def value(self, name, default=""):
        value = self.request.form.get(name, default)
        return value if isinstance(value, str) else default

    def authenticator(self):
        return self.context.restrictedTraverse("@@authenticator").token()

    def fullname(self, userid):
        membership = getToolByName(self.context, "portal_membership")
        member = membership.getMemberById(userid) if userid else None
        return (member and member.getProperty("fullname")) or userid


class PeopleForm(PvBJobForm):
    """@@pvb-people: change the people; from the vaststelling on with the reason the journal
    keeps (process.people.change_people)."""

    check = staticmethod(check_may_change_people)

    def reason_required(self):
        return reason_required(self.context)

    def fields(self):
        rows = []
        for field, pool in people_choices(self.context):
            current = getattr(self.context, field, None) or ""
            chosen = self.value(field, current)
            options = [{"value": userid, "title": self.fullname(userid)} for userid in pool]
            if current and current not in pool:
                options.insert(0, {"value": current, "title": self.fullname(current)})
            rows.append(
                {
                    "field": field,
                    "label": translate(person_label(field, self.context), context=self.request),
                    "chosen": chosen,
                    "options": options,
                }
            )
        return rows

    def step(self, form):
        changes = {}
        for field, _pool in people_choices(self.context):
            if field not in form:
                continue
            value = form[field] or None
            if value != (getattr(self.context, field, None) or None):
                changes[field] = value
        if not changes:
            raise ProcessError("nothing_changed", NOTHING_CHANGED)
        change_people(self.context, changes, (self.value("reason") or "").strip())
        return _("msg_people_changed", default="De betrokkenen zijn gewijzigd.")


class PauseForm(PvBJobForm):
    """@@pvb-pause: pause for study delay, with the reason and the expected date to resume
    (process.pause.pause). Resuming is the workflow step on the PvB page."""

    check = staticmethod(check_may_pause)
    needs_confirmation = True

    def step(self, form):
        reason = self.value("reason").strip()
        pause(self.context, reason, resume_date_of(self.value("resume_date").strip()))
        return _("msg_paused", default="De PvB is gepauzeerd.")


class CorrectionForm(PvBJobForm):
    """@@pvb-correction: the exam committee's correction of a recorded form, with its
    decision (process.assessment.correct_form): a new form, the original stays."""

    check = staticmethod(check_may_correct)
    needs_confirmation = True

    def forms(self):
        chosen = self.value("form")
        return [
            {
                "id": form.getId(),
                "assessor": self.fullname(form.assessor),
                "recorded_at": str(form.recorded_at or "")[:16].replace("T", " "),
                "checked": form.getId() == chosen,
            }
            for form in correctable_forms(self.context)
        ]

    def step(self, form):
        correct_form(self.context, self.value("form"), self.value("decision").strip())
        return _(
            "msg_correction_created",
            default="De correctie is aangemaakt. De beoordelaar vult het nieuwe formulier in "
            "en legt het vast; het oorspronkelijke formulier blijft bewaard.",
        )
