"""Plone's user directory, narrowed to the people one works with (proeve.process.directory).

The user, group and principal vocabularies (REST @vocabularies, Classic @@getVocabulary,
@@qsOptions and @querystring, widgets) and portal_membership's member searches name only
the principals the current user may see; looking up a term by value or token answers
"unknown" for anyone else. The account forms (@@personal-information and its siblings)
show another user's name only to the platform admin. Plone's author pages (/author/<id>,
with a form that mails the person) list members and serve no exam: they are the platform
admin's only.
"""

from plone.app.users.browser.account import AccountPanelForm
from Products.CMFCore.utils import getToolByName
from Products.CMFPlone.browser.author import AuthorView
from proeve.browser.directory import may_open_author_pages
from proeve.process.directory import may_see
from zExceptions import NotFound


def _principal_id(value):
    """The id in a vocabulary value: 'user:id' and 'group:id' in the Principals vocabulary."""
    kind, sep, principal_id = value.partition(":")
    return principal_id if sep and kind in ("user", "group") else value


def use_visible_principal(self, principal_triple):
    """BaseFactory.use_principal_triple: only principals the current user may see."""
    value = principal_triple[0]
    return may_see(_principal_id(value)) and self._old_use_principal_triple(principal_triple)


def visible_principal_from_source(self, value=None, token=None, default=None):
    """PrincipalsVocabulary._get_principal_from_source: a term outside the search (looked up
    by value or token) only for a principal the current user may see."""
    principal = self._old__get_principal_from_source(value=value, token=token, default=default)
    if principal is None or principal is default or may_see(principal.getId()):
        return principal
    return default


def visible_member_info(self, memberId=None):  # noqa: N803 (Plone's name)
    """MembershipTool.getMemberInfo, which pages (bylines, listings, histories) name people
    with: someone the current user may not see is "no such member" (no full name)."""
    if memberId and not may_see(memberId):
        return None
    return self._old_getMemberInfo(memberId)


def search_visible_members(self, search_param, search_term):
    """MembershipTool.searchMembers ({username, email} per member)."""
    found = self._old_searchMembers(search_param, search_term)
    return [row for row in found if may_see(row.get("username"))]


def search_visible_members_for(self, REQUEST=None, **kw):  # noqa: N803 (Plone's name)
    """MembershipTool.searchForMembers (member objects)."""
    found = self._old_searchForMembers(REQUEST, **kw)
    return [member for member in found if may_see(member.getId())]


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
