"""Assessment forms: Voldaan / Onvoldoende per criterion, recording, and the result."""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from Acquisition import aq_base
from Acquisition import aq_parent
from datetime import datetime
from datetime import UTC
from OFS.event import ObjectWillBeAddedEvent
from plone.app.versioningbehavior.utils import get_change_note
from plone.dexterity.interfaces import IDexterityFTI
from plone.dexterity.utils import createContent
from Products.CMFCore.utils import getToolByName
from Products.CMFEditions.interfaces.IArchivist import ArchivistUnregisteredError
from proeve import _
from proeve.content.utils import review_state
from proeve.journal import record
from proeve.journal.records import current_sha256
from proeve.journal.records import seal
from proeve.journal.records import sha256_of
from proeve.process import ProcessError
from proeve.process.phases import check_phase_step
from proeve.process.supplementary import criteria as supplementary_criteria
from proeve.process.supplementary import problems as supplementary_problems
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility
from zope.container.interfaces import INameChooser
from zope.event import notify
from zope.lifecycleevent import ObjectAddedEvent


SATISFIED = "satisfied"
UNSATISFACTORY = "unsatisfactory"
RESULTS = ("passed", "failed")


def criteria(pvb):
    """The criteria assessed: those of the frozen assignment, then those of every
    established aanvulopdracht (each with "supplementary": the aanvulopdracht's id, and its
    id prefixed by it, see proeve.process.supplementary)."""
    snapshot = pvb.assignment_snapshot or {}
    main = [c for p in snapshot.get("work_processes", []) for c in p["criteria"]]
    return main + supplementary_criteria(pvb)


def score_problems(pvb, scores):
    """Messages for scores that break a rule (unknown criterion, missing justification)."""
    known = {c["id"] for c in criteria(pvb)}
    problems = []
    for criterion_id, score in (scores or {}).items():
        if criterion_id not in known:
            problems.append(
                _(
                    "error_unknown_criterion",
                    default="Criterium ${id} hoort niet bij deze opdracht.",
                    mapping={"id": criterion_id},
                )
            )
        elif (
            score.get("result") == UNSATISFACTORY and not (score.get("justification") or "").strip()
        ):
            problems.append(
                _(
                    "error_justification_required",
                    default="Onderbouw de Onvoldoende bij criterium ${id}.",
                    mapping={"id": criterion_id},
                )
            )
    return problems


def missing_justifications(scores):
    """The criteria scored Onvoldoende without a justification, by id."""
    return [
        criterion_id
        for criterion_id, score in (scores or {}).items()
        if isinstance(score, dict)
        and score.get("result") == UNSATISFACTORY
        and not str(score.get("justification") or "").strip()
    ]


def refuse_scores(problems, scores):
    """The refusal of scores that break a rule: the first problem, and (for a page to say it
    beside each one) the criteria whose Onvoldoende lacks a justification."""
    raise ProcessError(
        "invalid_scores", problems[0], missing_justification=missing_justifications(scores)
    )


def open_criteria(form):
    pvb = aq_parent(form)
    scores = form.scores or {}
    return [c["id"] for c in criteria(pvb) if not (scores.get(c["id"]) or {}).get("result")]


def is_second_assessor(form):
    pvb = aq_parent(form)
    return form.assessor == getattr(pvb, "assessor_2", None) != getattr(pvb, "assessor_1", None)


def incomplete(form):
    """Open criteria that make the form incomplete (the second assessor may leave them)."""
    return [] if is_second_assessor(form) else open_criteria(form)


def forms(pvb):
    return [o for o in pvb.objectValues() if o.portal_type == "AssessmentForm"]


def create_form(pvb):
    user = getSecurityManager().getUser().getId()
    if user not in (pvb.assessor_1, pvb.assessor_2):
        raise ProcessError(
            "not_an_assessor",
            _("error_not_an_assessor", default="U bent geen beoordelaar van deze PvB."),
            status=403,
        )
    if not getSecurityManager().checkPermission("proeve: Add AssessmentForm", pvb):
        raise ProcessError(
            "not_in_assessment",
            _("error_not_in_assessment", default="Deze PvB is niet in de beoordelingsfase."),
            status=403,
        )
    existing = current_form(pvb, user)
    if existing is not None:
        return existing, False
    form = add_form(pvb, assessor=user, scores={})
    record(form, "form_created", {"assessor": user})
    return form, True


def add_form(pvb, check_constraints=True, **fields):
    """A new form in the PvB, with the events of an added object but not those of a
    modified PvB. A new form changes none of the PvB's catalog entries but
    result_to_establish (form_changed reindexes that one); reindexing the whole PvB for it
    was the largest part of POST @assessment, and a write that concurrent assessors
    conflicted on (issue 22)."""
    form = createContent("AssessmentForm", **fields)
    if check_constraints:
        fti = getUtility(IDexterityFTI, name="AssessmentForm")
        if not fti.isConstructionAllowed(pvb):
            raise Unauthorized("Cannot create AssessmentForm")
    name = INameChooser(pvb).chooseName(None, form)
    form.id = name
    notify(ObjectWillBeAddedEvent(form, pvb, name))
    pvb._setObject(name, form, suppress_events=True)
    form = pvb._getOb(name)
    notify(ObjectAddedEvent(form, pvb, name))
    return form


def describe(form):
    """An assessment form as data (REST, the dossier export)."""
    workflow = getToolByName(form, "portal_workflow")
    return {
        "@id": form.absolute_url(),
        "assessor": form.assessor,
        "state": workflow.getInfoFor(form, "review_state"),
        "scores": dict(form.scores or {}),
        "open_criteria": incomplete(form),
        "corrects": form.corrects,
        "decision": form.decision,
        "recorded_at": form.recorded_at,
        "version": getattr(form, "version_id", None),
    }


def scored_criteria(pvb, form):
    """A form's scores as it is read: every criterion of the PvB in the assignment's order,
    with its text, whether it is crucial, the result (None while open) and the
    justification."""
    scores = form.scores or {}
    rows = []
    for criterion in criteria(pvb):
        score = scores.get(criterion["id"]) or {}
        rows.append(
            {
                "id": criterion["id"],
                "label": criterion.get("own_id") or criterion["id"],
                "text": criterion.get("text", ""),
                "crucial": bool(criterion.get("crucial")),
                "result": score.get("result"),
                "justification": score.get("justification") or "",
            }
        )
    return rows


def my_form(pvb):
    """The current user's live form on this PvB, or a refusal when there is none."""
    form = current_form(pvb, getSecurityManager().getUser().getId())
    if form is None:
        raise ProcessError(
            "no_form",
            _("error_no_form", default="U hebt voor deze PvB nog geen beoordelingsformulier."),
            status=404,
        )
    return form


def update_my_scores(pvb, scores):
    """Merge scores into the current user's draft form; a recorded form never changes."""
    form = my_form(pvb)
    if not getSecurityManager().checkPermission("Modify portal content", form):
        raise ProcessError(
            "form_locked",
            _("error_form_recorded", default="Een vastgelegde beoordeling verandert nooit meer."),
            status=403,
        )
    return save_scores(form, scores)


def check_may_correct(pvb):
    """Those who establish the result correct a form, in the assessment phase only."""
    check_phase_step(
        pvb,
        "proeve: Establish result",
        "assessment",
        _(
            "error_correction_not_allowed",
            default="Alleen de examencommissie corrigeert een beoordeling.",
        ),
        ProcessError(
            "not_in_assessment",
            _("error_not_in_assessment", default="Deze PvB is niet in de beoordelingsfase."),
            status=409,
        ),
    )


def correctable_forms(pvb):
    """The forms a correction may start from: each assessor's live form, once recorded."""
    workflow = getToolByName(pvb, "portal_workflow")
    return [
        form
        for form in live_forms(pvb).values()
        if workflow.getInfoFor(form, "review_state") == "recorded"
    ]


def correct_form(pvb, form_id, decision):
    """The exam committee's correction of a recorded form: a new form linked to the
    original, which stays as it is (its scores are the start of the correction)."""
    check_may_correct(pvb)
    form = pvb.get(form_id) if isinstance(form_id, str) and form_id else None
    if form is None or form.UID() not in {f.UID() for f in correctable_forms(pvb)}:
        raise ProcessError(
            "not_correctable",
            _(
                "error_not_correctable",
                default="Alleen het laatst vastgelegde formulier van een beoordelaar kan "
                "worden gecorrigeerd.",
            ),
        )
    if not decision:
        raise ProcessError(
            "decision_required",
            _(
                "error_decision_required",
                default="Een correctie vraagt om het besluit van de examencommissie.",
            ),
        )
    correction = add_form(
        pvb,
        check_constraints=False,
        assessor=form.assessor,
        scores=dict(form.scores or {}),
        corrects=form.UID(),
        decision=decision,
    )
    record(
        correction,
        "correction_created",
        {"corrects": form.UID(), "assessor": form.assessor, "decision": decision},
        sealed=seal("correction", correction),
    )
    return correction


def live_forms(pvb):
    """{assessor: their live form}, in one pass over the PvB: per assessor the newest form
    that no other form corrects."""
    every = forms(pvb)
    corrected = {f.corrects for f in every if getattr(f, "corrects", None)}
    live = {}
    for form in every:
        if not corrected or form.UID() not in corrected:
            live[form.assessor] = form  # the newest live one stays
    return live


def current_form(pvb, userid):
    """The assessor's live form (see live_forms), or None."""
    return live_forms(pvb).get(userid)


def save_version(form, comment):
    """Keep the form's history (CMFEditions): every change and the recording."""
    repository = getToolByName(form, "portal_repository")
    if repository.isVersionable(form):
        repository.save(obj=form, comment=comment)


def version_change(form):
    """A version of a changed form that came without a change note (Plone's own edit form,
    a content PATCH): the type has no automatic versioning, so that its empty start is not
    saved (issue 22), and this keeps what that policy kept of every later change. A change
    with a note is saved by plone.app.versioningbehavior's subscriber."""
    if get_change_note(getattr(form, "REQUEST", None)):
        return
    repository = getToolByName(form, "portal_repository")
    if not repository.isVersionable(form):
        return
    version = getattr(aq_base(form), "version_id", None)
    if version is not None:
        try:
            if repository.isUpToDate(form, version):
                return
        except ArchivistUnregisteredError:
            pass
    repository.save(obj=form)


def save_scores(form, scores):
    """Merge scores into the assessor's draft form, by the rules of the field and the PvB."""
    from proeve.content.parts import IAssessmentFormSchema
    from zope.schema.interfaces import ValidationError

    if not isinstance(scores, dict):
        raise ProcessError(
            "invalid_scores",
            _("error_scores_object", default="Stuur de beoordeling als object 'scores'."),
        )
    merged = dict(form.scores or {})
    merged.update(scores)
    bound = IAssessmentFormSchema["scores"].bind(form)
    try:
        bound.validate(merged)
    except ValidationError as exc:
        # (The field checks the rules of score_problems too.)
        raise ProcessError(
            "invalid_scores", exc.doc(), missing_justification=missing_justifications(merged)
        ) from None
    problems = score_problems(aq_parent(form), merged)
    if problems:
        refuse_scores(problems, merged)
    form.scores = merged
    modified_with_version(form, "Beoordeling bijgewerkt")
    return form


# Where plone.app.versioningbehavior reads the change note of a request (its edit forms' field).
CHANGE_NOTE = "plone.app.versioningbehavior-changeNote"


def modified_with_version(form, comment):
    """ObjectModifiedEvent for a changed form, and one version of the change, saved with
    comment: plone.app.versioningbehavior's subscriber saves it (it does for a change with
    a note); only when it did not is it saved here. Saving it here as well stored every
    change twice, which was a third of a score PATCH."""
    from zope.globalrequest import getRequest
    from zope.lifecycleevent import ObjectModifiedEvent
    from zope.publisher.interfaces.browser import IBrowserRequest

    before = getattr(form, "version_id", None)
    request = getRequest()
    notes = IAnnotations(request) if IBrowserRequest.providedBy(request) else {}
    earlier = notes.get(CHANGE_NOTE)
    notes[CHANGE_NOTE] = comment
    try:
        notify(ObjectModifiedEvent(form))
    finally:
        if earlier is None:
            notes.pop(CHANGE_NOTE, None)
        else:
            notes[CHANGE_NOTE] = earlier
    if getattr(form, "version_id", None) == before:
        save_version(form, comment)


def record_form(form, confirm_incomplete=False):
    workflow = getToolByName(form, "portal_workflow")
    if workflow.getInfoFor(form, "review_state") != "draft":
        raise ProcessError(
            "already_recorded",
            _("error_already_recorded", default="Dit formulier is al vastgelegd."),
            status=409,
        )
    problems = score_problems(aq_parent(form), form.scores)
    if problems:
        refuse_scores(problems, form.scores)
    missing = incomplete(form)
    if missing and not confirm_incomplete:
        raise ProcessError(
            "incomplete",
            _(
                "error_incomplete_form",
                default="De beoordeling is onvolledig: ${count} criteria zijn niet beoordeeld. "
                "Weet u zeker dat u wilt vastleggen? Daarna kan niemand de beoordeling nog "
                "wijzigen.",
                mapping={"count": len(missing)},
            ),
            status=409,
            open_criteria=missing,
        )
    repository = getToolByName(form, "portal_repository")
    if repository.isVersionable(form):
        # The version that is recorded; afterwards nobody may save another one.
        repository.save(obj=form, comment="Vastgelegd")
    form._v_confirmed_incomplete = bool(missing)
    try:
        workflow.doActionFor(form, "record")
    finally:
        form._v_confirmed_incomplete = False
    form.recorded_at = datetime.now(UTC).isoformat()
    record(
        form,
        "form_recorded",
        {
            "assessor": form.assessor,
            "open_criteria": missing,
            "version": getattr(form, "version_id", None),
        },
        sealed=seal("form", form),
    )
    pvb = aq_parent(form)
    if required_forms_recorded(pvb):
        from proeve.process.notify import committee_members
        from proeve.process.notify import send

        send(pvb, "result", committee_members(pvb))
    return form


def required_forms_recorded(pvb):
    workflow = getToolByName(pvb, "portal_workflow")
    for userid in (pvb.assessor_1, pvb.assessor_2):
        if not userid:
            continue
        form = current_form(pvb, userid)
        if form is None or workflow.getInfoFor(form, "review_state") != "recorded":
            return False
    return True


def waits_for_assessor(pvb, userid):
    """The assessor's next step is their form: the PvB is in its assessment phase, they are
    one of its assessors, and their form is not recorded yet."""
    if review_state(pvb) != "assessment" or not userid:
        return False
    if userid not in (pvb.assessor_1, pvb.assessor_2):
        return False
    form = current_form(pvb, userid)
    return form is None or review_state(form) == "draft"


def result_to_establish(pvb):
    """The result waits for the exam committee: the assessment phase, and every required
    form recorded. Also the catalog index of the same name (process.indexers), which
    lists the committee's results without waking the PvBs and their forms."""
    return review_state(pvb) == "assessment" and required_forms_recorded(pvb)


def result_waits_for_me(pvb):
    """The result can be established now by the current user: result_to_establish, and
    their right to establish it (the step's other rules are result_problems)."""
    return result_to_establish(pvb) and bool(
        getSecurityManager().checkPermission("proeve: Establish result", pvb)
    )


def failed_crucial_criteria(pvb):
    """The crucial criteria scored Onvoldoende in a live recorded form (any assessor's), in
    the order of the assignment: a PvB with one of them is not passed."""
    crucial = [c for c in criteria(pvb) if c.get("crucial")]
    if not crucial:
        return []
    workflow = getToolByName(pvb, "portal_workflow")
    failed = set()
    live = live_forms(pvb)
    for userid in (pvb.assessor_1, pvb.assessor_2):
        form = live.get(userid) if userid else None
        if form is None or workflow.getInfoFor(form, "review_state") != "recorded":
            continue
        failed.update(
            criterion_id
            for criterion_id, score in (form.scores or {}).items()
            if (score or {}).get("result") == UNSATISFACTORY
        )
    return [c for c in crucial if c["id"] in failed]


def may_see_results(pvb, allowed=None):
    """Who reads the scores of the recorded forms together: those who keep the journal (the
    exam committee, the school admin) and, while it is open, those who decide the result.
    ``allowed(permission)`` as in process.checks.may_see_checks."""
    from proeve.process.checks import asker

    allowed = allowed or asker(pvb)
    if allowed("proeve: View journal"):
        return True
    workflow = getToolByName(pvb, "portal_workflow")
    state = workflow.getInfoFor(pvb, "review_state")
    return state == "assessment" and bool(allowed("proeve: Establish result"))


def crucial_failed_message(failed):
    return _(
        "error_crucial_criterion_failed",
        default="Een cruciaal criterium is met Onvoldoende beoordeeld (${criteria}): de PvB "
        "kan niet geslaagd zijn.",
        mapping={"criteria": ", ".join(f"{c['id']} {c['text']}" for c in failed)},
    )


def result_problems(pvb, result):
    """(code, status, message) for every rule that keeps this result from being established;
    the first one is the answer to a refused request."""
    found = []
    if result not in RESULTS:
        found.append(
            (
                "invalid_result",
                400,
                _("error_invalid_result", default="Kies als resultaat 'passed' of 'failed'."),
            )
        )
    if not required_forms_recorded(pvb):
        found.append(
            (
                "forms_not_recorded",
                409,
                _(
                    "error_forms_not_recorded",
                    default="Nog niet alle beoordelaars hebben hun formulier vastgelegd.",
                ),
            )
        )
    found.extend(
        ("supplementary_not_established", 409, message) for message in supplementary_problems(pvb)
    )
    if result == "passed":
        failed = failed_crucial_criteria(pvb)
        if failed:
            found.append(("crucial_criterion_failed", 409, crucial_failed_message(failed)))
    return found


def forms_fingerprint(pvb):
    """The SHA-256 of the live recorded forms as they are now: what the exam committee read
    when it signs the result (a correction in between changes it)."""
    workflow = getToolByName(pvb, "portal_workflow")
    return sha256_of(
        {
            form.UID(): current_sha256("form", form)
            for form in live_forms(pvb).values()
            if workflow.getInfoFor(form, "review_state") == "recorded"
        }
    )


FORMS_CHANGED = _(
    "error_forms_changed",
    default="De beoordelingen zijn veranderd sinds u ze las. Lees ze opnieuw en stel dan "
    "het resultaat vast.",
)


def establish_result(pvb, result, motivation, forms_read=None):
    """The exam committee's decision. ``forms_read`` (forms_fingerprint of the forms as the
    signer read them; optional over REST) must still be the forms' fingerprint now."""
    problems = result_problems(pvb, result)
    if problems:
        code, status, message = problems[0]
        raise ProcessError(code, message, status=status)
    if forms_read is not None and forms_read != forms_fingerprint(pvb):
        raise ProcessError("forms_changed", FORMS_CHANGED, status=409)
    workflow = getToolByName(pvb, "portal_workflow")
    pvb.result = result
    pvb.result_motivation = motivation or ""
    pvb.result_by = getSecurityManager().getUser().getId()
    pvb.result_at = datetime.now(UTC).isoformat()
    workflow.doActionFor(pvb, "establish_result")
    record(
        pvb,
        "result_established",
        {"result": result, "motivation": motivation or ""},
        sealed=seal("result", pvb),
    )
    return pvb
