"""Marker interfaces of the Proeve add-on."""

from plone.rest.interfaces import IAPIRequest
from zope.interface import Attribute
from zope.interface import Interface
from zope.interface.interfaces import IObjectEvent
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IProeveLayer(IDefaultBrowserLayer):
    """Browser layer: active only on sites where the Proeve profile is installed."""


class IProeveAPIRequest(IAPIRequest):
    """A REST request on a Proeve site, once traversed: its exception views (the project's
    error form) come before plone.rest's, also for a bare Exception."""


class IProeveContent(Interface):
    """Any content object of Proeve."""


class ISchoolsFolder(IProeveContent):
    """The folder that holds the schools (/scholen)."""


class ISchool(IProeveContent):
    """A school: its roster, groups and own exam bank."""


class IExamBank(IProeveContent):
    """A bank of exam assignments: the national one or a school's own."""


class IExamAssignment(IProeveContent):
    """An exam assignment: the task, work processes and assessment criteria."""


class IArchivable(IProeveContent):
    """Content a school admin can archive (hidden for all but the school admin)."""


class IExamGroup(IArchivable):
    """A group of candidates per cohort and crebo."""


class ICandidate(IArchivable):
    """A candidate (student) of a school."""


class IPvB(IProeveContent):
    """One Proeve van Bekwaamheid: one candidate, one frozen assignment, its people."""


class IPvBPart(IProeveContent):
    """Content inside a PvB: evidence, appointments, forms, supplementary assignments."""


class IEvidence(IPvBPart):
    """A piece of evidence (bewijsstuk)."""


class IAppointment(IPvBPart):
    """An appointment (afspraak)."""


class IAssessmentForm(IPvBPart):
    """The assessment form of one assessor."""


class ISupplementaryAssignment(IPvBPart):
    """A supplementary assignment (aanvulopdracht)."""


class IScoreRules(Interface):
    """The process's rules for an assessment form's scores (proeve.process.assessment): the
    scores field of the content asks them without importing the process."""

    def __call__(pvb, scores):
        """The messages of every rule the scores break ([] when they hold)."""


class ILoginLinkRule(Interface):
    """Whether a candidate's linked login may change (adapts a candidate; proeve.process
    registers the rule, so the content's field validator asks it without importing it)."""

    def refusal(userid):
        """None when the login may become userid (None: no login), else the message why not."""

    def check(userid):
        """Raise the process's refusal (a ProcessError) when the login may not become userid."""


class ILoginLinkChanged(IObjectEvent):
    """A candidate's linked login was set, changed or cleared."""

    old = Attribute("The login linked before (None: none)")
    new = Attribute("The login linked now (None: none)")
