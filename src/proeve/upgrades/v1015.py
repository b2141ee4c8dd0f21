"""1014 → 1015: Proeve's own frame (proeve.browser.frame).

Proeve's name as the site title (when it still has Plone's default), the frame bundle (CSS
variables, focus ring, skip link), Proeve's footer in place of Plone's copyright and colophon,
and the CMS toolbar only for those who manage content (rolemap: "Show Toolbar").
"""

from plone import api
from plone.base.interfaces import IBundleRegistry
from plone.registry.interfaces import IRegistry
from Products.CMFCore.utils import getToolByName
from zope.component import getUtility


PROFILE = "profile-proeve:default"
PLONE_DEFAULT_TITLES = {"Plone site", "Site", ""}
BUNDLE = "plone.bundles/proeve-frame"
BUNDLE_VALUES = {
    "enabled": True,
    "jscompilation": "++resource++proeve/frame.js",
    "csscompilation": "++resource++proeve/frame.css",
    "load_async": False,
    "load_defer": True,
}


def proeve_frame(setup_tool):
    setup = getToolByName(setup_tool, "portal_setup")
    for step in ("rolemap", "portlets", "viewlets"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    # Not the whole registry step: it would reset records the site has edited since.
    registry = getUtility(IRegistry)
    registry.registerInterface(IBundleRegistry, prefix=BUNDLE)
    for key, value in BUNDLE_VALUES.items():
        registry[f"{BUNDLE}.{key}"] = value
    if api.portal.get_registry_record("plone.site_title", default="") in PLONE_DEFAULT_TITLES:
        api.portal.set_registry_record("plone.site_title", "Proeve")
