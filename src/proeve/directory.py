"""Plone's user directory, narrowed to the people one works with (proeve.process.directory).

Through extension points, not patches: the vocabularies are Proeve's subclasses of
plone.app.vocabularies' factories, registered in overrides.zcml under Plone's names, and the
site's portal_membership is a `ProeveMembershipTool` (setuphandlers, upgrade step 1014).

The user, group and principal vocabularies (REST @vocabularies, Classic @@getVocabulary,
@@qsOptions and @querystring, widgets) and portal_membership's member searches name only
the principals the current user may see; looking up a term by value or token answers
"unknown" for anyone else. The account forms (@@personal-information and its siblings)
show another user's name only to the platform admin. Plone's author pages (/author/<id>,
with a form that mails the person) list members and serve no exam: they are the platform
admin's only.
"""

from AccessControl.class_init import InitializeClass
from AccessControl.SecurityInfo import ClassSecurityInfo
from Acquisition import aq_base
from plone.app.users.browser.account import AccountPanelForm
from plone.app.vocabularies.principals import GroupsFactory
from plone.app.vocabularies.principals import PrincipalsFactory
from plone.app.vocabularies.principals import PrincipalsVocabulary
from plone.app.vocabularies.principals import UsersFactory
from Products.CMFCore.utils import getToolByName
from Products.CMFPlone.browser.author import AuthorView
from Products.PlonePAS.tools.membership import MembershipTool
from proeve.browser.directory import may_open_author_pages
from proeve.process.directory import may_see
from zExceptions import NotFound
from zope.interface import implementer
from zope.schema.interfaces import IVocabularyFactory


def _principal_id(value):
    """The id in a vocabulary value: 'user:id' and 'group:id' in the Principals vocabulary."""
    kind, sep, principal_id = value.partition(":")
    return principal_id if sep and kind in ("user", "group") else value


class VisiblePrincipalsVocabulary(PrincipalsVocabulary):
    """A term outside the search (looked up by value or token) only for a principal the
    current user may see."""

    def _get_principal_from_source(self, value=None, token=None, default=None):
        principal = super()._get_principal_from_source(value=value, token=token, default=default)
        if principal is None or principal is default or may_see(principal.getId()):
            return principal
        return default


class VisiblePrincipals:
    """What Proeve adds to plone.app.vocabularies' factories, through the hook they offer for
    it (`use_principal_triple`, "meant to be overridden in subclasses")."""

    def use_principal_triple(self, principal_triple):
        value = principal_triple[0]
        return may_see(_principal_id(value)) and super().use_principal_triple(principal_triple)

    def __call__(self, context, query=""):
        vocabulary = super().__call__(context, query)
        # The factory builds a PrincipalsVocabulary; ours is that class plus one check.
        vocabulary.__class__ = VisiblePrincipalsVocabulary
        return vocabulary


@implementer(IVocabularyFactory)
class VisibleUsersFactory(VisiblePrincipals, UsersFactory):
    pass


@implementer(IVocabularyFactory)
class VisibleGroupsFactory(VisiblePrincipals, GroupsFactory):
    pass


@implementer(IVocabularyFactory)
class VisiblePrincipalsFactory(VisiblePrincipals, PrincipalsFactory):
    pass


class ProeveMembershipTool(MembershipTool):
    """portal_membership, whose member searches and member information name only the people
    the current user may see (installed by the profile and upgrade step 1014)."""

    security = ClassSecurityInfo()

    def getMemberInfo(self, memberId=None):  # noqa: N802, N803 (Plone's names)
        """Bylines, listings and histories name people with this: someone the current user
        may not see is "no such member" (no full name)."""
        if memberId and not may_see(memberId):
            return None
        return super().getMemberInfo(memberId)

    def searchMembers(self, search_param, search_term):  # noqa: N802 (Plone's name)
        found = super().searchMembers(search_param, search_term)
        return [row for row in found if may_see(row.get("username"))]

    def searchForMembers(self, REQUEST=None, **kw):  # noqa: N802, N803 (Plone's names)
        found = super().searchForMembers(REQUEST, **kw)
        return [member for member in found if may_see(member.getId())]


InitializeClass(ProeveMembershipTool)


def install_membership_tool(portal, tool_class=ProeveMembershipTool):
    """Make the site's portal_membership a `tool_class`: the same persistent object (its
    settings and registrations stay), stored from now on with the new class."""
    tool = aq_base(portal._getOb("portal_membership"))
    if type(tool) is not tool_class:
        tool._p_activate()
        tool.__class__ = tool_class
        tool._p_changed = True


def remove_membership_tool(portal):
    """Back to PlonePAS' own tool (on uninstall)."""
    install_membership_tool(portal, MembershipTool)


def is_someone_elses_account(view, request):
    userid = request.form.get("userid")
    if not isinstance(view, AccountPanelForm) or not userid:
        return False
    membership = getToolByName(view.context, "portal_membership")
    if membership.checkPermission("Plone Site Setup: Users and Groups", view.context):
        return False
    return userid != membership.getAuthenticatedMember().getId()


def is_author_page(view):
    return isinstance(view, AuthorView) and not may_open_author_pages(view.context)


def refuse_directory_pages(event):
    """IPubAfterTraversal: someone else's account form and the author pages are the user
    management of the platform admin; for anyone else they do not exist."""
    request = event.request
    view = request.get("PUBLISHED")
    if is_someone_elses_account(view, request) or is_author_page(view):
        raise NotFound(request.get("URL", ""))
