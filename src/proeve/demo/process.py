"""Demo PvBs in every phase, moved there by their own people (as they would over REST)."""

from datetime import datetime
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from proeve.process.approvals import approve
from proeve.process.approvals import approving_roles
from proeve.process.approvals import content_hash
from proeve.process.approvals import role_holder
from proeve.process.assessment import create_form
from proeve.process.assessment import criteria
from proeve.process.assessment import establish_result
from proeve.process.assessment import record_form
import transaction


def _as(userid, func, *args, **kwargs):
    with api.env.adopt_user(username=userid):
        return func(*args, **kwargs)


def _transition(userid, pvb, name):
    with api.env.adopt_user(username=userid):
        api.content.transition(obj=pvb, transition=name)


def _approve_all(pvb):
    # Those whose approval this PvB's kind of exam needs (a keuzedeel exam may have no
    # praktijkbegeleider).
    for role in approving_roles(pvb):
        _as(role_holder(pvb, role), approve, pvb, content_hash(pvb), role)


def _fill(pvb, assessor, unsatisfactory=(), record=True):
    form, _created = _as(assessor, create_form, pvb)
    scores = {}
    for criterion in criteria(pvb):
        if criterion["id"] in unsatisfactory:
            scores[criterion["id"]] = {
                "result": "unsatisfactory",
                "justification": "Niet aangetoond tijdens de opdracht.",
            }
        else:
            scores[criterion["id"]] = {"result": "satisfied"}
    form.scores = scores
    if record:
        _as(assessor, record_form, form)
    return form


def advance(pvb, phase):
    """Move a demo PvB from preparation to the given phase."""
    if phase == "preparation":
        return
    _approve_all(pvb)
    if phase == "establishment":
        return
    _transition(pvb.establisher, pvb, "establish")
    _as(
        pvb.candidate().userid,
        createContentInContainer,
        pvb,
        "Evidence",
        title="Foto's van de aangelegde groepenkast",
        file=NamedBlobFile(b"demo evidence", filename="groepenkast.jpg"),
    )
    _as(
        pvb.candidate().userid,
        createContentInContainer,
        pvb,
        "Appointment",
        title="Eindgesprek op de examenlocatie",
        start=datetime(2027, 2, 15, 14, 0),  # after the desired end date: shown, not blocked
        location="Installatiebedrijf Jansen",
    )
    if phase == "execution":
        return
    _transition(pvb.school_supervisor, pvb, "start_assessment")
    if phase == "assessment":
        _fill(pvb, pvb.assessor_1, unsatisfactory={"W2-3"})
        _fill(pvb, pvb.assessor_2, record=False)
        return
    _fill(pvb, pvb.assessor_1)
    _fill(pvb, pvb.assessor_2)
    committee = "examencie-vaart"
    _as(committee, establish_result, pvb, "passed", "Alle cruciale criteria voldaan.")
    transaction.savepoint(optimistic=True)
