"""Only views and services are published on Proeve content, never a method of the object.

Zope publishes any method with a docstring that the security declarations let through; on
exam content that makes helpers, getters and ZMI methods URLs by accident (a guard answered
anonymous ``GET <pvb>/guard``). After traversal, a published method of Proeve content is
refused as "not found", whoever asks. A WebDAV or HTTP verb (PROPFIND, PUT, DELETE…) is
published as a method of the same name as the request's method: that stays a matter of its
own permission (and of the subscribers that keep records from being removed).

The same holds for Plone's helper views (plone_context_state, plone_portal_state, plone_tools,
breadcrumbs_view, plone_layout, plone_interface_info, plone…): their methods serve templates
and answer anyone by URL (``<pvb>/@@plone_context_state/object_title`` gave anonymous the
candidate's name). A method of any view is no URL, except the few that Plone's own pages
link to. The user-listing tools' methods are no URL for anyone but the platform admin.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from Acquisition.interfaces import IAcquirer
from Products.CMFCore.utils import getToolByName
from proeve.interfaces import IProeveContent
from zExceptions import NotFound
from zope.publisher.interfaces.browser import IBrowserView


# Methods of views that Plone's pages link to (the lock viewlet, the event actions).
PUBLISHED_VIEW_METHODS = {
    "plone_lock_operations": {"create_lock", "safe_unlock", "force_unlock", "refresh_lock"},
    "ical_import_settings": {"enable", "disable"},
}
# Tools whose methods list users; their methods are URLs only for the platform admin.
DIRECTORY_TOOLS = {"portal_membership", "portal_memberdata", "portal_groups", "portal_groupdata"}


def published_method_owner(published):
    """The object whose method (or class attribute, such as a DTML file of OFS) is published;
    None for anything else: a view, a service, a skin script, the object itself."""
    owner = getattr(published, "__self__", None)
    if owner is not None and callable(published):
        return owner
    parent = aq_parent(published) if IAcquirer.providedBy(published) else None
    name = getattr(aq_base(published), "__name__", None)
    is_class_attribute = (
        parent is not None
        and isinstance(name, str)
        and getattr(type(aq_base(parent)), name, None) is aq_base(published)
    )
    return parent if is_class_attribute else None


def published_view_method(published):
    """The name of the method a URL asked of a view (``<view>/<method>``), or None.

    Five publishes a view's allowed attribute by remembering its name on the view
    (``__page_attribute__`` on the instance; a view registered with an attribute keeps it on
    its class)."""
    if not IBrowserView.providedBy(published):
        return None
    return aq_base(published).__dict__.get("__page_attribute__")


def is_refused_view_method(published):
    method = published_view_method(published)
    if method is None:
        return False
    return method not in PUBLISHED_VIEW_METHODS.get(getattr(published, "__name__", None), ())


def is_directory_tool_method(owner):
    if getattr(aq_base(owner), "id", None) not in DIRECTORY_TOOLS:
        return False
    if aq_base(getToolByName(owner, owner.id, None)) is not aq_base(owner):
        return False
    return not getToolByName(owner, "portal_membership").checkPermission("Manage users", owner)


def refuse_methods(event):
    """IPubAfterTraversal: a method of Proeve content, of a view or of a user-listing tool
    is no endpoint."""
    request = event.request
    published = request.get("PUBLISHED")
    if is_refused_view_method(published):
        raise NotFound(request.get("URL", ""))
    owner = published_method_owner(published)
    if owner is None:
        return
    if is_directory_tool_method(owner):
        raise NotFound(request.get("URL", ""))
    if not IProeveContent.providedBy(aq_base(owner)):
        return
    if getattr(aq_base(published), "__name__", None) == request.get("REQUEST_METHOD"):
        return  # an HTTP verb of the object (WebDAV), published by the request's method
    raise NotFound(request.get("URL", ""))
