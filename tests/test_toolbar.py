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


def every_login_at(portal, places):
    """(login, place) for every demo login at every place, as that login, each with a request
    that remembers nothing yet (a request has one user: what it keeps for another goes)."""
    from plone import api
    from proeve.demo.users import DEMO_USERS

    for login, *_rest in DEMO_USERS:
        with api.env.adopt_user(username=login):
            for place in places:
                forget_the_request(portal)
                yield login, place


def forget_the_request(portal):
    from zope.annotation.interfaces import IAnnotations

    IAnnotations(portal.REQUEST).clear()


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


def test_the_actions_entry_is_available_as_in_plone(portal):
    """Proeve's "Actions" entry of the content menu asks the request's list of object
    buttons; it is available exactly where Plone's is."""
    from plone.app.contentmenu.menu import ActionsSubMenuItem as PlonesItem
    from proeve.browser.toolbar import ActionsSubMenuItem

    places = [portal, portal.unrestrictedTraverse(GROUP)]
    places.append(places[1].unrestrictedTraverse("kandidaat-0001/pvb-demo"))
    answers = set()
    for login, place in every_login_at(portal, places):
        expected = PlonesItem(place, portal.REQUEST).available()
        assert ActionsSubMenuItem(place, portal.REQUEST).available() == expected, login
        answers.add(expected)
    assert answers == {True, False}


def test_the_page_evaluates_the_object_buttons_once(request_factory, monkeypatch):
    """The platform admin's group page has the "Actions" menu (URL-beheer): its buttons are
    listed once for the entry and its menu."""
    from Products.CMFPlone.ActionsTool import ActionsTool

    listed = []
    list_infos = ActionsTool.listActionInfos

    def counted(self, *args, **kwargs):
        listed.append(kwargs.get("categories"))
        return list_infos(self, *args, **kwargs)

    monkeypatch.setattr(ActionsTool, "listActionInfos", counted)
    session = request_factory(basic_auth=("platformbeheer", DEMO_PASSWORD), api=False)
    html = session.get(GROUP, headers={"Accept": "text/html"}).text
    assert 'id="plone-contentmenu-actions-redirection"' in html
    assert listed.count(("object_buttons",)) == 1


def test_the_display_entry_is_available_as_in_plone(portal, monkeypatch):
    """Proeve's "Weergave" entry answers as Plone's for every demo login, on the site, a
    group, a PvB and a default page; without Modify view template it does not read the
    object's layouts."""
    from plone import api
    from plone.app.contentmenu.menu import DisplaySubMenuItem as PlonesItem
    from Products.CMFDynamicViewFTI.browserdefault import BrowserDefaultMixin
    from proeve.browser.toolbar import DisplaySubMenuItem

    group = portal.unrestrictedTraverse(GROUP)
    page = group["kandidaat-0002"]
    group.setDefaultPage("kandidaat-0002")
    places = [portal, group, group.unrestrictedTraverse("kandidaat-0001/pvb-demo"), page]
    answers = set()
    for login, place in every_login_at(portal, places):
        expected = bool(PlonesItem(place, portal.REQUEST).available())
        forget_the_request(portal)
        ours = bool(DisplaySubMenuItem(place, portal.REQUEST).available())
        assert ours == expected, (login, place)
        answers.add(expected)
    assert answers == {True, False}
    read = []
    layouts = BrowserDefaultMixin.getAvailableLayouts
    monkeypatch.setattr(
        BrowserDefaultMixin, "getAvailableLayouts", lambda self: read.append(1) or layouts(self)
    )
    with api.env.adopt_user(username="beheer-vaart"):
        forget_the_request(portal)
        assert not DisplaySubMenuItem(group, portal.REQUEST).available()
    assert read == []


def test_the_add_menu_offers_what_plone_offers(portal, monkeypatch):
    """Proeve's folder_factories lists the same entries as Plone's for every demo login,
    on the site, a school, a group, a candidate and a PvB, without listing the add action
    of every type of the site."""
    from plone import api
    from plone.app.content.browser.folderfactories import FolderFactoriesView as Plones
    from Products.CMFPlone.TypesTool import TypesTool
    from proeve.browser.factories import FolderFactoriesView

    group = portal.unrestrictedTraverse(GROUP)
    places = [portal, group.aq_parent, group, group["kandidaat-0001"]]
    places.append(group.unrestrictedTraverse("kandidaat-0001/pvb-demo"))
    seen = set()
    for _login, place in every_login_at(portal, places):
        expected = Plones(place, portal.REQUEST).addable_types()
        forget_the_request(portal)
        assert FolderFactoriesView(place, portal.REQUEST).addable_types() == expected
        seen.update(entry["id"] for entry in expected)
    assert {"Candidate", "PvB", "ExamGroup"} <= seen
    listed = []
    monkeypatch.setattr(TypesTool, "listActionInfos", lambda *a, **k: listed.append(k) or [])
    with api.env.adopt_user(username="beheer-vaart"):
        forget_the_request(portal)
        entries = FolderFactoriesView(group, portal.REQUEST).addable_types()
    assert [entry["id"] for entry in entries] == ["Candidate"]
    assert listed == []


def test_the_add_page_still_shows_plones_page(request_factory):
    session = request_factory(basic_auth=("beheer-vaart", DEMO_PASSWORD), api=False)
    response = session.get(f"{GROUP}/folder_factories", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "++add++Candidate" in response.text
    assert "++add++PvB" not in response.text


def test_copy_and_rename_ask_copy_or_move_with_the_same_answers(portal):
    """The object buttons copy and rename ask Copy or Move (actions.xml) instead of Plone's
    View and Add portal content; their conditions ask Copy or Move anyway, so every demo
    login gets the same buttons everywhere."""

    buttons = portal.portal_actions.object_buttons
    assert buttons.copy.permissions == ("Copy or Move",)
    assert buttons.rename.permissions == ("Copy or Move",)
    group = portal.unrestrictedTraverse(GROUP)
    bank = portal.unrestrictedTraverse("scholen/roc-de-vaart/opdrachtenbank")
    places = [portal, group.aq_parent, group, group["kandidaat-0001"], bank]
    places.extend(bank.objectValues()[:3])
    places.append(group.unrestrictedTraverse("kandidaat-0001/pvb-demo"))

    def listed():
        found = {}
        for login, place in every_login_at(portal, places):
            infos = portal.portal_actions.listActionInfos(
                object=place, categories=("object_buttons",)
            )
            found[login, place.getPhysicalPath()] = [info["id"] for info in infos]
        return found

    ours = listed()
    buttons.copy.permissions = ("View",)
    buttons.rename.permissions = ("Add portal content",)
    assert listed() == ours
    assert any(ids for ids in ours.values())


def test_upgrade_1031_sets_the_buttons_permissions(portal):
    from plone import api

    buttons = portal.portal_actions.object_buttons
    buttons.copy.permissions = ("View",)
    buttons.rename.permissions = ("Add portal content",)
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1030")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("proeve:default", dest="1031")
    assert buttons.copy.permissions == buttons.rename.permissions == ("Copy or Move",)
