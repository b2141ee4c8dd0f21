"""Plone's toolbar for those who may edit (issue 22, goal 3): the same menus and icons,
computed once.

Registered for Proeve's browser layer only, each as a subclass of Plone's own: the pages
show what Plone shows, to whom Plone shows it.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.app.contentmenu import menu
from plone.memoize.instance import memoize
from Products.CMFCore.utils import getToolByName
from Products.CMFPlone.browser.icons import IconsView
from proeve.process.display import PERMISSION as MODIFY_VIEW_TEMPLATE


# The SVG markup of each icon as Plone's resolver makes it, by (icon file, class, title).
# The files are the packages' resources, so the markup is the same for every request; a
# template asks for some twenty per toolbar, and Plone parses the file each time.
SVG_TAGS = {}
SVG_TAGS_KEPT = 1000  # more combinations than the templates ask for; beyond: not kept
OBJECT_BUTTONS = "object_buttons"


class CachingIconsView(IconsView):
    """@@iconresolver: Plone's, with each SVG tag made once per process."""

    def tag(self, name, tag_class="", tag_alt=""):
        icon = self.lookup(name)  # the registry's answer (it may change): the key
        if not icon.endswith(".svg"):  # an <img> with the site's URL: per request
            return super().tag(name, tag_class, tag_alt)
        key = (icon, tag_class, tag_alt)
        markup = SVG_TAGS.get(key)
        if markup is None:
            markup = super().tag(name, tag_class, tag_alt)
            if len(SVG_TAGS) < SVG_TAGS_KEPT:
                SVG_TAGS[key] = markup
        return markup


class ActionsSubMenuItem(menu.ActionsSubMenuItem):
    """The content menu's "Actions" entry. Plone asks the actions tool whether one object
    button is allowed, and the menu then asks for all of them (plone_context_state's
    actions, kept for the request): each button's permissions and condition are evaluated
    twice. Here the entry is available when the request's list has a button of the
    actions tool: that list is the types tool's buttons followed by the actions tool's."""

    @memoize
    def available(self):
        context = aq_inner(self.context)
        buttons = self.context_state.actions(OBJECT_BUTTONS)
        types_buttons = getToolByName(context, "portal_types").listActionInfos(
            object=context, category=OBJECT_BUTTONS
        )
        return len(buttons) > len(types_buttons)


class DisplaySubMenuItem(menu.DisplaySubMenuItem):
    """The content menu's "Weergave" entry. Plone reads the object's available layouts
    (a lookup of each view the type names) before asking whether the user may set one;
    setting a layout or a default page needs Modify view template on the object, or on
    its folder when it is the folder's default page (what Plone's canSetLayout and
    canSetDefaultPage ask). Without it, the entry is not available, as in Plone."""

    @memoize
    def available(self):
        context = aq_inner(self.context)
        checker = getSecurityManager()
        if not checker.checkPermission(MODIFY_VIEW_TEMPLATE, context) and not (
            self.context_state.is_default_page()
            and checker.checkPermission(MODIFY_VIEW_TEMPLATE, aq_parent(context))
        ):
            return False
        return super().available()
