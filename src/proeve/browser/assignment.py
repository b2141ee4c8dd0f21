"""An exam assignment as a person reads it before choosing it: the text, the work processes
with their criteria (crucial ones marked), the attachments, its kind, state and version."""

from AccessControl import getSecurityManager
from Acquisition import aq_parent
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from proeve import _
from proeve.browser.outcome import PostedStep
from proeve.content.bank import KINDS
from proeve.exam_kinds import exam_kind
from proeve.process import ProcessError
from proeve.process.assignment import find_assignment
from proeve.process.assignment_lifecycle import copy_for_cohort
from proeve.process.assignment_lifecycle import new_version
from proeve.process.steps import take_transition
from zope.i18n import translate


# The text, work processes and attachments of an assignment: the PvB pages show their
# frozen copy with the same macro.
ASSIGNMENT_CONTENT = ViewPageTemplateFile("templates/assignment_content.pt")


def exam_words(context, request):
    """How pages call the exam at context and its code: "PvB" and "Crebo", or
    "Keuzedeelexamen" and "Keuzedeelcode" (proeve.exam_kinds)."""
    kind = exam_kind(context)
    return {
        "kind": kind.name,
        "title": translate(kind.title, context=request),
        "code_label": translate(kind.code_label, context=request),
    }


def kind_title(kind, request):
    try:
        return translate(KINDS.getTerm(kind).title, context=request)
    except LookupError:
        return kind


STEP_REFUSED = _("error_step_refused", default="Deze stap is nu niet mogelijk.")


# The steps of the assignment page; those that cannot be undone are confirmed first.
STEPS = {
    "establish": {
        "title": _("button_assignment_establish", default="Vaststellen"),
        "confirm": _(
            "help_confirm_assignment_establish",
            default="Met het vaststellen verklaart u dat deze opdracht, de werkprocessen, de "
            "criteria en de bijlagen geschikt zijn voor het examen. Daarna kan de opdracht "
            "voor PvB's worden gekozen en niet meer worden gewijzigd; een correctie wordt een "
            "nieuwe versie. Proeve legt vast wie u bent en wanneer u vaststelt.",
        ),
    },
    "withdraw": {
        "title": _("button_assignment_withdraw", default="Intrekken"),
        "confirm": _(
            "help_confirm_assignment_withdraw",
            default="Na het intrekken wordt deze opdracht niet meer aangeboden voor nieuwe "
            "PvB's. PvB's die er al van gemaakt zijn, houden hun vastgelegde kopie en gaan "
            "gewoon door. Intrekken kan niet ongedaan worden gemaakt; Proeve legt vast wie u "
            "bent en wanneer u intrekt.",
        ),
    },
    "new_version": {
        "title": _("button_assignment_new_version", default="Nieuwe versie"),
        "confirm": None,
    },
    "copy": {
        "title": _("button_assignment_copy", default="Kopie voor een nieuw cohort"),
        "confirm": None,
    },
}


def available_steps(assignment):
    """The ids of the steps the current user may take on the assignment now."""
    workflow = getToolByName(assignment, "portal_workflow")
    steps = [t["id"] for t in workflow.getTransitionsFor(assignment) if t["id"] in STEPS]
    state = workflow.getInfoFor(assignment, "review_state", None)
    bank = aq_parent(assignment)
    may_add = getSecurityManager().checkPermission("proeve: Add ExamAssignment", bank)
    if state in ("established", "withdrawn") and may_add:
        steps += ["new_version", "copy"]
    return steps


class AssignmentSteps:
    def steps(self):
        return [
            {
                "id": step,
                "title": translate(STEPS[step]["title"], context=self.request),
                "confirm": translate(STEPS[step]["confirm"], context=self.request)
                if STEPS[step]["confirm"]
                else None,
            }
            for step in available_steps(self.context)
        ]

    def token(self):
        return self.context.restrictedTraverse("@@authenticator").token()


class AssignmentLifecycle(AssignmentSteps):
    def version_number(self):
        return getattr(self.context, "version_number", None)

    def predecessor(self):
        uid = getattr(self.context, "predecessor_uid", None)
        found = find_assignment(uid) if uid else None
        if found is None:
            return None
        return {"title": found.Title(), "url": found.absolute_url()}

    def withdrawn(self):
        workflow = getToolByName(self.context, "portal_workflow")
        return workflow.getInfoFor(self.context, "review_state", None) == "withdrawn"


class AssignmentStep(PostedStep, AssignmentSteps, BrowserView):
    """POST step=establish|withdraw|new_version|copy from the assignment page; GET of a
    step that is confirmed first: the confirmation as a page (without JavaScript)."""

    target = None

    def back_url(self):
        return (self.target or self.context).absolute_url()

    def get(self):
        step = self.request.form.get("step", "")
        if not isinstance(step, str) or step not in available_steps(self.context):
            return self.back(STEP_REFUSED, "error")
        if not STEPS[step]["confirm"]:
            return self.back(STEP_REFUSED, "error")
        self.step_id = step
        self.step_title = translate(STEPS[step]["title"], context=self.request)
        self.warning = translate(STEPS[step]["confirm"], context=self.request)
        return self.index()

    def step(self, form):
        step = form.get("step", "")
        if step == "new_version":
            self.target = new_version(self.context)
            return _(
                "msg_assignment_new_version",
                default="De nieuwe versie is gemaakt als concept: wijzig hem en stel hem "
                "daarna opnieuw vast.",
            )
        if step == "copy":
            self.target = copy_for_cohort(self.context, form.get("qualification_cohort"))
            return _(
                "msg_assignment_copied",
                default="De kopie voor het nieuwe cohort is gemaakt als concept.",
            )
        if step in ("establish", "withdraw"):
            take_transition(self.context, step)
            return _("msg_step_done", default="De stap is gezet.")
        raise ProcessError("step_refused", STEP_REFUSED)


class AssignmentView(AssignmentLifecycle, BrowserView):
    assignment_content = ASSIGNMENT_CONTENT

    def exam(self):
        return exam_words(self.context, self.request)

    def kind(self):
        return kind_title(getattr(self.context, "kind", None), self.request)

    def state(self):
        workflow = getToolByName(self.context, "portal_workflow")
        state = workflow.getInfoFor(self.context, "review_state", None)
        chain = workflow.getWorkflowsFor(self.context)
        if chain and state in chain[0].states:
            return translate(chain[0].states[state].title, domain="plone", context=self.request)
        return state

    def version(self):
        return getattr(self.context, "version_id", None)

    def text(self):
        text = getattr(self.context, "text", None)
        return text.output_relative_to(self.context) if text is not None else ""

    def work_processes(self):
        return self.context.work_processes or []

    def attachments(self):
        return [
            {"title": obj.Title(), "url": f"{obj.absolute_url()}/@@download/file"}
            for obj in self.context.objectValues()
            if obj.portal_type == "File"
        ]
