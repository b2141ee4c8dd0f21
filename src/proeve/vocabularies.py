"""Vocabularies of people (drawn from the roster of the school in context), candidates and
assignments."""

from collective.workspace.interfaces import IWorkspace
from plone import api
from proeve.accounts import Names
from proeve.content.bank import KINDS
from proeve.content.utils import find_school
from proeve.process.assignment import kinds_in_bank
from proeve.process.directory import may_see
from proeve.roles import ROSTER_GROUPS
from zope.interface import implementer
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def roster_members(school, group):
    """User ids on the school's roster in the given group."""
    if school is None:
        return []
    members = IWorkspace(school).members
    return [userid for userid, data in members.items() if group in data.get("groups", ())]


@implementer(IVocabularyFactory)
class RosterVocabulary:
    """A pool of the school's roster, as far as the current user may see its people
    (proeve.process.directory): the school's staff see the whole pool, a candidate only the
    people on their own PvBs. Whether a person is in the pool asks roster_members."""

    def __init__(self, group):
        self.group = group

    def __call__(self, context):
        school = find_school(context) if context is not None else None
        # The whole pool's full names (hundreds of staff in a large school): read from the
        # property sheets, not by building each member (api.user.get, about ten times more).
        fullname = Names(api.portal.get())
        terms = [
            SimpleTerm(userid, token=userid, title=fullname(userid))
            for userid in sorted(roster_members(school, self.group))
            if may_see(userid)
        ]
        return SimpleVocabulary(terms)


ROSTER_VOCABULARIES = {group: RosterVocabulary(group) for group in ROSTER_GROUPS}
SupervisorsVocabulary = ROSTER_VOCABULARIES["Supervisors"]
WorkplaceSupervisorsVocabulary = ROSTER_VOCABULARIES["WorkplaceSupervisors"]
AssessorsVocabulary = ROSTER_VOCABULARIES["Assessors"]
EstablishersVocabulary = ROSTER_VOCABULARIES["Establishers"]


@implementer(IVocabularyFactory)
class AssignmentsVocabulary:
    """Assignments a PvB may be made from: the national bank and the own school's bank."""

    def __call__(self, context):
        if context is None:
            return SimpleVocabulary([])
        catalog = api.portal.get_tool("portal_catalog")
        portal_path = "/".join(api.portal.get().getPhysicalPath())
        banks = [f"{portal_path}/examenbank"]
        school = find_school(context)
        if school is not None:
            # An assignment lives only in a bank, and a school's banks are its children
            # (neither type may be added anywhere else): the banks' children are found in
            # the path index's table of parents, where a search below the school intersects
            # the set of everything in it (150,000 objects at 50,000 PvBs).
            school_path = {"query": "/".join(school.getPhysicalPath()), "depth": 1}
            found = catalog.unrestrictedSearchResults(portal_type="ExamBank", path=school_path)
            banks.extend(brain.getPath() for brain in found)
        brains = catalog.unrestrictedSearchResults(
            portal_type="ExamAssignment",
            path={"query": banks, "depth": 1},
            sort_on="sortable_title",
        )
        # Established assignments, and a candidate's own assignment (established per PvB);
        # a withdrawn one is offered for no new PvB, but stays the value of a PvB made from it.
        # The kind as the catalog's metadata holds it: no assignment is woken.
        current = getattr(context, "assignment_uid", None)
        usable = [
            b
            for b in brains
            if b.review_state == "established"
            or current == b.UID
            or (b.review_state != "withdrawn" and b.kind == "own")
        ]
        return SimpleVocabulary([SimpleTerm(b.UID, token=b.UID, title=b.Title) for b in usable])


Assignments = AssignmentsVocabulary()


@implementer(IVocabularyFactory)
class CandidatesVocabulary:
    """The candidates of the school in context that the user may see: whom an own
    assignment in the school's bank may be written for."""

    def __call__(self, context):
        school = find_school(context) if context is not None else None
        if school is None:
            return SimpleVocabulary([])
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(
            portal_type="Candidate",
            path="/".join(school.getPhysicalPath()),
            sort_on="sortable_title",
        )
        return SimpleVocabulary([SimpleTerm(b.UID, token=b.UID, title=b.Title) for b in brains])


Candidates = CandidatesVocabulary()


@implementer(IVocabularyFactory)
class AssignmentKindsVocabulary:
    """The kinds an assignment in the bank in context may have (process.assignment)."""

    def __call__(self, context):
        allowed = kinds_in_bank(context)
        return SimpleVocabulary([term for term in KINDS if term.value in allowed])


AssignmentKinds = AssignmentKindsVocabulary()
