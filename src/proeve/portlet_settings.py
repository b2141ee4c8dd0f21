"""Portlet assignment settings that reading never creates.

plone.portlets' adapter stores an empty settings object in the annotations of every portlet
assignment the first time a page shows it: a GET that writes, and under load concurrent first
GETs conflict on the navigation portlet's assignment. Here reading finds the defaults and only
the first write (manage portlets, the profile's `visible`) stores Plone's own settings object.
"""

from plone.portlets.constants import ASSIGNMENT_SETTINGS_KEY
from plone.portlets.interfaces import IPortletAssignment
from plone.portlets.interfaces import IPortletAssignmentSettings
from plone.portlets.settings import PortletAssignmentSettings
from zope.annotation import IAnnotations
from zope.component import adapter
from zope.component import queryAdapter
from zope.interface import implementer


@implementer(IPortletAssignmentSettings)
class UnsavedSettings:
    """The defaults of an assignment without settings; stored on the first write."""

    def __init__(self, annotations):
        self._annotations = annotations

    def _stored(self):
        return self._annotations.get(ASSIGNMENT_SETTINGS_KEY)

    def _store(self):
        stored = self._stored()
        if stored is None:
            stored = self._annotations[ASSIGNMENT_SETTINGS_KEY] = PortletAssignmentSettings()
        return stored

    def __setitem__(self, name, value):
        self._store()[name] = value

    def __delitem__(self, name):
        stored = self._stored()
        if stored is None:
            raise KeyError(name)
        del stored[name]

    def __getitem__(self, name):
        stored = self._stored()
        if stored is None:
            raise KeyError(name)
        return stored[name]

    def get(self, name, default=None):
        stored = self._stored()
        return default if stored is None else stored.get(name, default)


@adapter(IPortletAssignment)
@implementer(IPortletAssignmentSettings)
def assignment_settings(assignment):
    annotations = queryAdapter(assignment, IAnnotations)
    stored = annotations.get(ASSIGNMENT_SETTINGS_KEY)
    return stored if stored is not None else UnsavedSettings(annotations)
