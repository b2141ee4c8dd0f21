"""Only views and services are published on Proeve content, never a method of the object.

Zope publishes any method with a docstring that the security declarations let through; on
exam content that makes helpers, getters and ZMI methods URLs by accident (a guard answered
anonymous ``GET <pvb>/guard``). After traversal, a published method of Proeve content is
refused as "not found", whoever asks. A WebDAV or HTTP verb (PROPFIND, PUT, DELETE…) is
published as a method of the same name as the request's method: that stays a matter of its
own permission (and of the subscribers that keep records from being removed).
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from Acquisition.interfaces import IAcquirer
from proeve.interfaces import IProeveContent
from zExceptions import NotFound


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


def refuse_methods(event):
    """IPubAfterTraversal: a method of Proeve content is no endpoint."""
    request = event.request
    published = request.get("PUBLISHED")
    owner = published_method_owner(published)
    if owner is None or not IProeveContent.providedBy(aq_base(owner)):
        return
    if getattr(aq_base(published), "__name__", None) == request.get("REQUEST_METHOD"):
        return  # an HTTP verb of the object (WebDAV), published by the request's method
    raise NotFound(request.get("URL", ""))
