"""PvB: one exam of one candidate, with a frozen copy of its assignment and its people."""

from plone.autoform import directives
from plone.dexterity.content import Container
from plone.schema import JSONField
from plone.supermodel import model
from proeve import _
from proeve.content.criteria import WORK_PROCESSES_SCHEMA
from proeve.content.security import reindex_security_walking
from proeve.content.snapshot import shared_snapshot
from proeve.interfaces import IPvB
from proeve.people import BY_FIELD
from proeve.people import CHANGE_PERMISSION
from proeve.people import FIELDS as PEOPLE_FIELDS
from proeve.terms import in_school_words
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary
import json


# The frozen copy of the assignment: what the people approve and assess.
SNAPSHOT_SCHEMA = json.dumps(
    {
        "type": "object",
        "properties": {
            "uid": {"type": "string"},
            "title": {"type": "string"},
            "kind": {"type": "string"},
            "crebo": {"type": "string"},
            "qualification": {"type": "string"},
            "qualification_cohort": {"type": ["integer", "null"]},
            "text": {"type": "string"},
            "version": {"type": ["integer", "null"]},
            "work_processes": json.loads(WORK_PROCESSES_SCHEMA),
        },
    }
)


def person_field(name):
    """A person of the PvB (a row of proeve.people), chosen from a pool of the school's
    roster."""
    person = BY_FIELD[name]
    # In the default word: the type's schema belongs to no school (the PvB's forms relabel
    # the people in the school's own words, proeve.browser.pvb_form).
    return schema.Choice(
        title=person.label,
        description=in_school_words(person.help, None) if person.help else "",
        vocabulary=f"proeve.roster.{person.pool}",
        required=False,
    )


RESULTS = SimpleVocabulary(
    [
        SimpleTerm("passed", title=_("result_passed", default="Geslaagd")),
        SimpleTerm("failed", title=_("result_failed", default="Niet geslaagd")),
    ]
)


class IPvBSchema(model.Schema):
    assignment_uid = schema.Choice(
        title=_("label_assignment", default="Examenopdracht"),
        # Only assignments of the national bank and of the PvB's own school.
        vocabulary="proeve.assignments",
        description=_(
            "help_assignment",
            default="De opdracht uit de examenbank; de PvB bewaart er een vaste kopie van. "
            "Een andere opdracht kiezen (alleen in de voorbereiding) maakt een nieuwe kopie en "
            "laat gegeven akkoorden vervallen.",
        ),
        required=True,
    )
    # Set by the server when the PvB is made; nobody writes it through a form or REST.
    directives.omitted("assignment_snapshot")
    directives.write_permission(assignment_snapshot="cmf.ManagePortal")
    assignment_snapshot = JSONField(
        title=_("label_assignment_snapshot", default="Vastgelegde opdracht"),
        schema=SNAPSHOT_SCHEMA,
        default={},
        required=False,
    )
    exam_location = schema.TextLine(
        title=_("label_exam_location", default="Examenlocatie"),
        description=_("help_exam_location", default="De plaats waar het examen wordt afgenomen."),
        required=False,
        max_length=200,
    )
    start_date = schema.Date(title=_("label_start_date", default="Startdatum"), required=False)
    end_date = schema.Date(
        title=_("label_end_date", default="Gewenste einddatum"),
        description=_(
            "help_end_date",
            default="Een gewenste datum: afspraken na deze datum blijven mogelijk.",
        ),
        required=False,
    )

    model.fieldset(
        "people",
        label=_("fieldset_people", default="Betrokkenen"),
        fields=list(PEOPLE_FIELDS),
    )
    directives.write_permission(**dict.fromkeys(PEOPLE_FIELDS, CHANGE_PERMISSION))
    school_supervisor = person_field("school_supervisor")
    workplace_supervisor = person_field("workplace_supervisor")
    assessor_1 = person_field("assessor_1")
    assessor_2 = person_field("assessor_2")
    establisher = person_field("establisher")
    content_checker = person_field("content_checker")

    # Set by the exam committee through @establish-result only.
    directives.omitted("result", "result_motivation")
    directives.write_permission(result="cmf.ManagePortal", result_motivation="cmf.ManagePortal")
    result = schema.Choice(
        title=_("label_result", default="Resultaat"), vocabulary=RESULTS, required=False
    )
    result_motivation = schema.Text(
        title=_("label_result_motivation", default="Motivering van de examencommissie"),
        required=False,
    )

    @invariant
    def dates_in_order(data):
        start, end = getattr(data, "start_date", None), getattr(data, "end_date", None)
        if start and end and end < start:
            raise Invalid(
                _("error_end_before_start", default="De einddatum ligt vóór de startdatum.")
            )


@implementer(IPvB)
class PvB(Container):
    """Title: the assignment title and the candidate's name."""

    reindexObjectSecurity = reindex_security_walking
    result = None
    result_motivation = None
    # Set with the result; a PvB closed before they were kept has none.
    result_at = None
    result_by = None
    content_checker = None
    pause_reason = None
    pause_until = None
    # The frozen assignment, shared with the PvBs that froze the same content
    # (content.snapshot); a PvB not yet moved by upgrade 1024 holds its own dict.
    _assignment_snapshot = None

    @property
    def assignment_snapshot(self):
        frozen = self._assignment_snapshot
        if frozen is not None:
            return frozen.data
        return self.__dict__.get("assignment_snapshot") or {}

    @assignment_snapshot.setter
    def assignment_snapshot(self, value):
        frozen = shared_snapshot(value) if value else None
        self._p_activate()
        self.__dict__.pop("assignment_snapshot", None)
        if frozen is None and value:
            self.__dict__["assignment_snapshot"] = value
        self._assignment_snapshot = frozen  # (marks the PvB changed)

    def Title(self):
        snapshot = getattr(self, "assignment_snapshot", None) or {}
        candidate = self.candidate()
        parts = [snapshot.get("title") or "PvB"]
        if candidate is not None:
            parts.append(candidate.Title())
        return " — ".join(parts)

    def people(self):
        """{field name: userid} of the people filled in."""
        return {name: getattr(self, name, None) for name in PEOPLE_FIELDS}

    def candidate(self):
        from Acquisition import aq_parent
        from proeve.interfaces import ICandidate

        parent = aq_parent(self)
        return parent if ICandidate.providedBy(parent) else None
