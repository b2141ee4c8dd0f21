"""The entries of the toolbar's add menu (issue 22, goal 3), as Plone's, made cheaper.

Plone's folder_factories view asks the types tool for the add action of every type of the
site (some 40 action infos, each with its title, description and expressions) to take the
URLs of the few types that may be added here (one on a group: a candidate). This view asks
only those types for theirs. Registered for Proeve's layer under Plone's name; the entries
are the same (tests/test_toolbar.py compares them).
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from pathlib import Path
from plone.app.content.browser import folderfactories
from plone.i18n.normalizer.interfaces import IIDNormalizer
from plone.protect.authenticator import createToken
from Products.CMFCore.ActionInformation import ActionInfo
from Products.CMFCore.Expression import createExprContext
from Products.CMFCore.interfaces import IAction
from Products.CMFCore.utils import getToolByName
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import quote_plus
from zope.component import getMultiAdapter
from zope.component import queryUtility
from zope.i18n import translate


class FolderFactoriesView(folderfactories.FolderFactoriesView):
    # Plone's page (for browsers without the toolbar's menu), with these entries.
    index = ViewPageTemplateFile("folderfactories.pt", str(Path(folderfactories.__file__).parent))

    def addable_types(self, include=None):
        context = aq_inner(self.context)
        add_context = self.add_context()
        portal = getMultiAdapter((context, self.request), name="plone_portal_state").portal()
        types = [
            info
            for info in folderfactories._allowedTypes(self.request, add_context)
            if include is None or info.getId() in include
        ]
        if not types:
            return []
        # The expression context of the types tool's actions, and the one of the icons.
        actions_context = getToolByName(context, "portal_types")._getExprContext(add_context)
        icons_context = createExprContext(aq_parent(add_context), portal, add_context)
        normalize = queryUtility(IIDNormalizer).normalize
        token = createToken()
        entries = []
        for info in types:
            type_id = info.getId()
            # A type's add action is the type itself (its add_view_expr), as the types tool
            # lists it; without one, Plone's generic createObject.
            url = ActionInfo(info, actions_context)["url"] if IAction.providedBy(info) else ""
            if not url:
                url = (
                    f"{add_context.absolute_url()}/createObject?type_name="
                    f"{quote_plus(type_id)}&_authenticator={token}"
                )
            icon = info.getIconExprObject()
            css_id = normalize(type_id)
            entries.append(
                {
                    "id": type_id,
                    "title": info.Title(),
                    "description": info.Description(),
                    "action": url,
                    "selected": False,
                    "icon": icon(icons_context) if icon else icon,
                    "extra": {"id": css_id, "separator": None, "class": f"contenttype-{css_id}"},
                    "submenu": None,
                }
            )
        # By translated title, as Plone's.
        entries.sort(key=lambda entry: translate(entry["title"], context=self.request))
        return entries
