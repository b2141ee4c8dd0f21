"""The assessor's form in the Classic UI: criteria per work process, Voldaan/Onvoldoende,
a justification with every Onvoldoende (the criteria of an established aanvulopdracht
under its own heading), saving as a draft, and recording ("vastleggen")
after an explicit confirmation. The rules are those of the REST API (proeve.process)."""

from AccessControl import getSecurityManager
from plone.protect import CheckAuthenticator
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from proeve import _
from proeve.dates import format_datetime
from proeve.process import ProcessError
from proeve.process.assessment import create_form
from proeve.process.assessment import criteria
from proeve.process.assessment import current_form
from proeve.process.assessment import incomplete
from proeve.process.assessment import record_form
from proeve.process.assessment import update_my_scores
from proeve.process.steps import run
from proeve.process.supplementary import describe
from proeve.process.supplementary import established
from zope.i18n import translate


RESULTS = ("satisfied", "unsatisfactory")


class AssessmentFormView(BrowserView):
    moment = staticmethod(format_datetime)  # the one way pages write a time (proeve.dates)
    error = None
    open_criteria = ()
    missing_justification = ()
    submitted = None

    def __call__(self):
        self.user = getSecurityManager().getUser().getId()
        self.form = current_form(self.context, self.user)
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            done = self.handle(self.request.form.get("action"))
            if done:
                IStatusMessage(self.request).add(done, type="info")
                target = self.context.absolute_url()
                if self.request.form.get("action") != "record":
                    target += "/@@assessment-form"
                self.request.response.redirect(target)
                return ""
        return self.index()

    def handle(self, action):
        """The step the form asks for, run as every step is run (proeve.process.steps.run);
        a refusal is shown on the form and writes nothing."""
        try:
            return run(self.step, action)
        except ProcessError as exc:
            self.error = translate(exc.message, context=self.request)
            self.open_criteria = exc.details.get("open_criteria", ())
            # Said beside each criterion too; what was entered stays on the page (value()).
            self.missing_justification = exc.details.get("missing_justification", ())
            return None

    def step(self, action):
        if action == "start":
            self.form, _created = create_form(self.context)
            return _("msg_form_started", default="Uw beoordelingsformulier staat klaar.")
        if self.form is None:
            raise ProcessError(
                "no_form",
                _(
                    "error_no_form",
                    default="U hebt voor deze PvB nog geen beoordelingsformulier.",
                ),
            )
        self.submitted = self.scores_from_request()
        update_my_scores(self.context, self.submitted)
        if action == "record":
            record_form(
                self.form, confirm_incomplete=self.request.form.get("confirm_incomplete") == "1"
            )
            return _("msg_form_recorded", default="Uw beoordeling is vastgelegd.")
        return _("msg_form_saved", default="Uw beoordeling is opgeslagen (concept).")

    def scores_from_request(self):
        form = self.request.form
        scores = {}
        for criterion in self.criterion_ids():
            result = form.get(f"result.{criterion}") or None
            if result not in RESULTS:
                result = None
            reason = (form.get(f"reason.{criterion}") or "").strip()
            score = {"result": result}
            if reason:
                score["justification"] = reason
            scores[criterion] = score
        return scores

    def work_processes(self):
        snapshot = getattr(self.context, "assignment_snapshot", None) or {}
        return snapshot.get("work_processes", [])

    def supplementaries(self):
        """The established aanvulopdrachten: assessed with the assignment, shown apart."""
        return [describe(s) for s in established(self.context)]

    def evidence(self):
        """The candidate's evidence, to open beside the form."""
        check = getSecurityManager().checkPermission
        return [
            {
                "title": obj.Title(),
                "url": f"{obj.absolute_url()}/@@download/file",
                "filename": obj.file.filename if obj.file else "",
            }
            for obj in self.context.objectValues()
            if obj.portal_type == "Evidence" and check("View", obj)
        ]

    def criterion_ids(self):
        return [c["id"] for c in criteria(self.context)]

    def value(self, criterion):
        """What to show for a criterion: what was just sent (when refused), else what is saved."""
        if self.submitted is not None:
            return self.submitted.get(criterion, {})
        return (self.form.scores or {}).get(criterion, {}) if self.form is not None else {}

    def recorded(self):
        if self.form is None:
            return False
        workflow = getToolByName(self.form, "portal_workflow")
        return workflow.getInfoFor(self.form, "review_state") == "recorded"

    def may_start(self):
        pvb = self.context
        return (
            self.form is None
            and self.user in (pvb.assessor_1, pvb.assessor_2)
            and getSecurityManager().checkPermission("proeve: Add AssessmentForm", pvb)
        )

    def open_now(self):
        return incomplete(self.form) if self.form is not None else []

    def authenticator(self):
        return self.context.restrictedTraverse("@@authenticator").token()
