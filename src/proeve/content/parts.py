"""What lives inside a PvB: evidence, appointments, forms, supplementary assignments."""

from plone.app.textfield import RichText
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.namedfile.interfaces import INamedBlobFileField
from plone.schema import JSONField
from plone.supermodel import model
from proeve import _
from proeve.content.criteria import work_processes_field
from proeve.content.json_schemas import first_error
from proeve.content.security import reindex_security_walking
from proeve.content.validation import FieldError
from proeve.evidence.limits import megabytes
from proeve.interfaces import IAppointment
from proeve.interfaces import IAssessmentForm
from proeve.interfaces import IEvidence
from proeve.interfaces import ISupplementaryAssignment
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.interfaces import WrongContainedType
import json


MAX_BYTES_RECORD = "proeve.evidence_max_bytes"


def max_evidence_bytes():
    from plone import api
    from proeve.evidence.limits import remember_limit

    limit = api.portal.get_registry_record(MAX_BYTES_RECORD, default=536870912)
    remember_limit(limit)
    return limit


class IEvidenceFileField(INamedBlobFileField):
    """The file field of evidence (its form widget streams the upload into the blob)."""


@implementer(IEvidenceFileField)
class EvidenceFile(NamedBlobFile):
    """A file of evidence: at most the site's limit (537 MB by default, FAQ "Fase 2")."""

    def _validate(self, value):
        super()._validate(value)
        limit = max_evidence_bytes()
        if value is not None and value.getSize() > limit:
            raise FieldError(
                _(
                    "error_evidence_too_big",
                    default="Een bewijsstuk is hoogstens ${limit} MB; dit bestand is ${size} MB.",
                    mapping={"limit": megabytes(limit), "size": megabytes(value.getSize())},
                )
            )


class IEvidenceSchema(model.Schema):
    file = EvidenceFile(title=_("label_evidence_file", default="Bestand"), required=True)
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


class ScoresField(JSONField):
    """Scores per criterion of the PvB's frozen assignment; Onvoldoende needs a reason."""

    def _validate(self, value):
        # JSONField's own check, with its schema checked once (proeve.content.json_schemas).
        super(JSONField, self)._validate(value)
        error = first_error(value, self.json_schema)
        if error is not None:
            raise WrongContainedType(error.message, self.__name__)
        from Acquisition import aq_parent
        from proeve.interfaces import IPvB
        from proeve.interfaces import IScoreRules
        from zope.component import getUtility

        context = self.context
        pvb = aq_parent(context) if context is not None else None
        if pvb is None or not IPvB.providedBy(pvb):
            return
        problems = getUtility(IScoreRules)(pvb, value)
        if problems:
            raise FieldError(problems[0])


class IAssessmentFormSchema(model.Schema):
    directives.write_permission(
        assessor="cmf.ManagePortal", corrects="cmf.ManagePortal", decision="cmf.ManagePortal"
    )
    assessor = schema.ASCIILine(
        title=_("label_form_assessor", default="Beoordelaar"), required=True
    )
    corrects = schema.ASCIILine(
        title=_("label_corrects", default="Correctie van formulier"), required=False
    )
    decision = schema.Text(
        title=_("label_correction_decision", default="Besluit van de examencommissie"),
        required=False,
    )
    scores = ScoresField(
        title=_("label_scores", default="Beoordeling per criterium"),
        schema=SCORES_SCHEMA,
        default={},
        required=False,
    )


class ISupplementaryAssignmentSchema(model.Schema):
    text = RichText(title=_("label_supplementary_text", default="Aanvulopdracht"), required=True)
    work_processes = work_processes_field()


@implementer(IEvidence)
class Evidence(Item):
    """A piece of evidence (bewijsstuk)."""

    # The parts of a PvB hold (almost) nothing: walking them is one step, where CMFCore's
    # path query intersects the sets of every step of the path (a recorded form: about
    # 2.5 ms at 50,000 PvBs).
    reindexObjectSecurity = reindex_security_walking


@implementer(IAppointment)
class Appointment(Item):
    """An appointment (afspraak)."""

    reindexObjectSecurity = reindex_security_walking


@implementer(IAssessmentForm)
class AssessmentForm(Item):
    """The assessment form of one assessor."""

    reindexObjectSecurity = reindex_security_walking
    corrects = None
    decision = None
    recorded_at = None
    _v_confirmed_incomplete = False

    def Title(self):
        return f"Beoordeling {self.assessor or ''}".strip()


@implementer(ISupplementaryAssignment)
class SupplementaryAssignment(Container):
    """A supplementary assignment; needs its own vaststelling."""

    reindexObjectSecurity = reindex_security_walking
