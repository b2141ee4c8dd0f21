"""Plone's navigation portlet stays out of the schools (issue 22, goal 3).

Inside a school every page brings its own way on (breadcrumbs, *Mijn overzicht*, the
group's and the PvB's own lists); the site's navigation tree repeated it, listing a
group's hundred candidates beside the group page's own list, and was the largest part of
what a PvB page cost beyond a plain page. So the left column's portlets of the site are
blocked on the schools folder and everything in it.
"""

from plone.portlets.constants import CONTEXT_CATEGORY
from plone.portlets.interfaces import ILocalPortletAssignmentManager
from plone.portlets.interfaces import IPortletManager
from zope.component import getMultiAdapter
from zope.component import getUtility


SCHOOLS = "scholen"
COLUMN = "plone.leftcolumn"


def _blocked(portal, status):
    folder = portal.get(SCHOOLS)
    if folder is None:
        return
    manager = getUtility(IPortletManager, name=COLUMN)
    assignments = getMultiAdapter((folder, manager), ILocalPortletAssignmentManager)
    if assignments.getBlacklistStatus(CONTEXT_CATEGORY) is not status:
        assignments.setBlacklistStatus(CONTEXT_CATEGORY, status)


def install_school_navigation(portal):
    _blocked(portal, True)


def remove_school_navigation(portal):
    _blocked(portal, None)
