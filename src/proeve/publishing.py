"""Only views and services are published on Proeve content, never a method of the object.

Zope publishes any method with a docstring that the security declarations let through; on
exam content that makes helpers, getters and ZMI methods URLs by accident (a guard answered
anonymous ``GET <pvb>/guard``). After traversal, a published method of Proeve content is
refused as "not found", whoever asks; so is a method of anything in a PvB (an attachment).

The same holds for Plone's helper views (plone_context_state, plone_portal_state, plone_tools,
breadcrumbs_view, plone_layout, plone_interface_info, plone…): their methods serve templates
and answer anyone by URL (``<pvb>/@@plone_context_state/object_title`` gave anonymous the
candidate's name). A method of any view is no URL, except the few that Plone's own pages
link to. The user-listing tools' methods are no URL for anyone but the platform admin.

A WebDAV verb (PROPFIND, PROPPATCH, LOCK, PUT, MKCOL, MOVE, COPY, DELETE…) is published as a
method of the same name as the request's method. WebDAV is off unless the operator sets
PROEVE_WEBDAV=on (docs/operations.md): Zope's WebDAV checks neither View on what PROPFIND
lists nor the exam process on what the others change. Switched on, PROPFIND answers only
for the object itself and only to who may view it, and no verb changes Proeve's content
(proeve.process.records.check_webdav).
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from Acquisition import aq_parent
from Acquisition.interfaces import IAcquirer
from plone.rest.interfaces import IAPIRequest
from Products.CMFCore.utils import getToolByName
from proeve import _
from proeve.process import ProcessError
from proeve.process import Refused
from proeve.process.records import check_webdav
from proeve.process.records import kept_in_place
from proeve.process.records import WEBDAV_WRITES
from webdav.NullResource import NullResource
from zExceptions import NotFound
from zope.interface import alsoProvides
from zope.publisher.interfaces.browser import IBrowserView
import os


# Methods of views that Plone's pages link to (the lock viewlet, the event actions).
PUBLISHED_VIEW_METHODS = {
    "plone_lock_operations": {"create_lock", "safe_unlock", "force_unlock", "refresh_lock"},
    "ical_import_settings": {"enable", "disable"},
}
# Tools whose methods list users; their methods are URLs only for the platform admin.
DIRECTORY_TOOLS = {"portal_membership", "portal_memberdata", "portal_groups", "portal_groupdata"}

WEBDAV_SWITCH = "PROEVE_WEBDAV"
WEBDAV_METHODS = WEBDAV_WRITES | {"PROPFIND"}
# Verbs that only WebDAV answers (plone.rest has services for PUT and DELETE).
WEBDAV_ONLY = WEBDAV_METHODS - {"PUT", "DELETE"}
WEBDAV_OFF = _(
    "error_webdav_off",
    default="WebDAV staat uit op deze site. Gebruik de pagina's of de REST-API.",
)
PROPFIND_DEPTH = _(
    "error_propfind_depth",
    default="WebDAV toont alleen de eigenschappen van dit adres zelf (Depth: 0).",
)


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
    if owner is None or isinstance(aq_base(owner), NullResource):
        return
    if is_directory_tool_method(owner):
        raise NotFound(request.get("URL", ""))
    if not kept_in_place(owner):
        return
    if getattr(aq_base(published), "__name__", None) == request.get("REQUEST_METHOD"):
        return  # an HTTP verb of the object; refuse_webdav decides about WebDAV's
    raise NotFound(request.get("URL", ""))


def webdav_enabled():
    return os.environ.get(WEBDAV_SWITCH, "").strip().lower() in ("on", "1", "true", "yes")


def webdav_method(request):
    """The WebDAV method a request publishes, or None (a view or a REST service, which
    plone.rest finds by the same verb, is published under its own name)."""
    method = (request.get("REQUEST_METHOD") or "").upper()
    published = request.get("PUBLISHED")
    if method in WEBDAV_METHODS and getattr(aq_base(published), "__name__", None) == method:
        return method
    return None


def refuse(request, error):
    """A WebDAV client gets the status; the body is the REST API's error form, with its
    code (the Classic error page would answer a refusal it does not know with a 500)."""
    alsoProvides(request, IAPIRequest)
    raise Refused(error) if isinstance(error, ProcessError) else error


def refuse_webdav_early(site, event):
    """IBeforeTraverseEvent of the site: a verb only WebDAV knows, while WebDAV is off, is
    refused before Zope asks for the permission of the verb (so with one answer for all)."""
    request = event.request
    method = (request.get("REQUEST_METHOD") or "").upper()
    if method in WEBDAV_ONLY and not webdav_enabled():
        refuse(request, ProcessError("webdav_off", WEBDAV_OFF, status=405))


def refuse_webdav(event):
    """IPubAfterTraversal: WebDAV only when switched on, and then it reads at most."""
    request = event.request
    method = webdav_method(request)
    if method is None:
        return
    if not webdav_enabled():
        refuse(request, ProcessError("webdav_off", WEBDAV_OFF, status=405))
    target = published_method_owner(request["PUBLISHED"])
    if isinstance(aq_base(target), NullResource):
        target = aq_parent(target)  # PUT, MKCOL or LOCK of a name that is not there yet
    try:
        check_webdav(target, method)
        if method == "PROPFIND":
            check_propfind(target, request)
    except (ProcessError, NotFound) as exc:
        refuse(request, exc)


def check_propfind(target, request):
    """Zope lists the properties of every child (Depth: 1 or infinity) without asking
    whether the user may view it, and of the object itself to anyone with WebDAV access."""
    if request.get_header("Depth", "infinity") != "0":
        raise ProcessError("propfind_depth", PROPFIND_DEPTH, status=403)
    if not getSecurityManager().checkPermission("View", target):
        raise NotFound(request.get("URL", ""))
