"""Marker interfaces of the Proeve add-on."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IProeveLayer(IDefaultBrowserLayer):
    """Browser layer: active only on sites where the Proeve profile is installed."""
