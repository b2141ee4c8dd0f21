"""Plone's toolbar for those who may edit, made cheaper (proeve.browser.toolbar): the same
markup, computed once."""

from proeve.demo.users import DEMO_PASSWORD
import re


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
ICONS = (
    ("arrow-bar-left", ""),
    ("toolbar-action/personaltools", ""),
    ("toolbar-action/factories", ""),
    ("contenttype/candidate", "some-class"),
    ("plone-logout", ""),
    ("no-such-icon", ""),
)


def test_the_icon_resolver_makes_each_svg_once_as_plone_does(portal, monkeypatch):
    from Products.CMFPlone.browser import icons
    from proeve.browser import toolbar
    import lxml.etree

    parsed = []

    class CountingEtree:
        def __getattr__(self, name):
            return getattr(lxml.etree, name)

        def parse(self, source):
            parsed.append(source)
            return lxml.etree.parse(source)

    monkeypatch.setattr(icons, "etree", CountingEtree())
    monkeypatch.setattr(toolbar, "SVG_TAGS", {})
    plone = icons.IconsView(portal, portal.REQUEST)
    ours = toolbar.CachingIconsView(portal, portal.REQUEST)
    for name, css in ICONS:
        expected = plone.tag(name, tag_class=css)
        assert expected.startswith("<svg")
        for _ in range(3):
            assert ours.tag(name, tag_class=css) == expected
    titled = plone.tag("arrow-bar-left", tag_alt="Terug")
    assert ours.tag("arrow-bar-left", tag_alt="Terug") == titled
    # Plone's resolver parsed each file once per call above; ours once per icon.
    assert len(parsed) == 2 * len(ICONS) + 2


def test_the_pages_resolver_is_the_caching_one_on_proeves_layer(portal):
    from proeve.browser.toolbar import CachingIconsView
    from proeve.interfaces import IProeveLayer
    from zope.component import getMultiAdapter
    from zope.interface import alsoProvides

    request = portal.REQUEST
    alsoProvides(request, IProeveLayer)
    assert isinstance(getMultiAdapter((portal, request), name="iconresolver"), CachingIconsView)


def test_the_toolbar_of_the_group_page_shows_the_same_icons(request_factory):
    """The page's resolver is Proeve's on its layer, and the toolbar has its icons."""
    session = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD), api=False)
    html = session.get(GROUP, headers={"Accept": "text/html"}).text
    toolbar = html.split('id="edit-bar"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r"<svg[^>]*plone-icon", toolbar)) >= 10
    for item in ("plone-contentmenu-factories", "plone-contentmenu-workflow"):
        assert f'id="{item}"' in toolbar
