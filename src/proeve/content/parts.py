"""What lives inside a PvB: evidence, appointments, forms, supplementary assignments."""

from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.schema import JSONField
from plone.supermodel import model
from proeve import _
from proeve.content.bank import WORK_PROCESSES_SCHEMA
from proeve.interfaces import IAppointment
from proeve.interfaces import IAssessmentForm
from proeve.interfaces import IEvidence
from proeve.interfaces import ISupplementaryAssignment
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
import json


class IEvidenceSchema(model.Schema):
    file = NamedBlobFile(title=_("label_evidence_file", default="Bestand"), required=True)
    criteria = schema.List(
        title=_("label_evidence_criteria", default="Criteria die dit bewijsstuk onderbouwt"),
        value_type=schema.TextLine(max_length=40),
        required=False,
        default=[],
    )


class IAppointmentSchema(model.Schema):
    start = schema.Datetime(title=_("label_appointment_start", default="Begin"), required=True)
    end = schema.Datetime(title=_("label_appointment_end", default="Einde"), required=False)
    location = schema.TextLine(
        title=_("label_appointment_location", default="Locatie"), required=False, max_length=200
    )

    @invariant
    def end_after_start(data):
        start, end = getattr(data, "start", None), getattr(data, "end", None)
        if start and end and end < start:
            raise Invalid(_("error_appointment_end", default="Het einde ligt vóór het begin."))


SCORES_SCHEMA = json.dumps(
    {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "required": ["result"],
            "additionalProperties": False,
            "properties": {
                "result": {"enum": ["satisfied", "unsatisfactory", None]},
                "justification": {"type": "string", "maxLength": 5000},
            },
        },
    }
)


class IAssessmentFormSchema(model.Schema):
    assessor = schema.ASCIILine(
        title=_("label_form_assessor", default="Beoordelaar"), required=True
    )
    scores = JSONField(
        title=_("label_scores", default="Beoordeling per criterium"),
        schema=SCORES_SCHEMA,
        default={},
        required=False,
    )


class ISupplementaryAssignmentSchema(model.Schema):
    text = RichText(title=_("label_supplementary_text", default="Aanvulopdracht"), required=True)
    work_processes = JSONField(
        title=_("label_work_processes", default="Werkprocessen en beoordelingscriteria"),
        schema=WORK_PROCESSES_SCHEMA,
        default=[],
        required=False,
    )


@implementer(IEvidence)
class Evidence(Item):
    """A piece of evidence (bewijsstuk)."""


@implementer(IAppointment)
class Appointment(Item):
    """An appointment (afspraak)."""


@implementer(IAssessmentForm)
class AssessmentForm(Item):
    """The assessment form of one assessor."""


@implementer(ISupplementaryAssignment)
class SupplementaryAssignment(Container):
    """A supplementary assignment; needs its own vaststelling."""
