"""The user object finds its user folder directly (proeve.roles.user): the same answers to
every permission check, without acquiring ``acl_users`` through the site for each."""

from Acquisition import aq_base
from plone import api
from Products.PlonePAS.plugins.ufactory import PloneUser
from Products.PlonePAS.plugins.ufactory import PloneUserFactory
from proeve.roles.user import ProeveUser
from proeve.roles.user import ProeveUserFactory


GROUP = "scholen/roc-de-vaart/mei-2024-25451"


def test_the_site_makes_proeve_users_that_find_their_folder_directly(portal, monkeypatch):
    user = portal.acl_users.getUserById("beheer-vaart")
    assert isinstance(aq_base(user), ProeveUser)
    acquired = []
    monkeypatch.setattr(
        PloneUser, "acl_users", property(lambda self: acquired.append(1)), raising=False
    )
    assert aq_base(user._getPAS()) is aq_base(portal.acl_users)
    assert acquired == []


def test_a_user_wrapped_elsewhere_still_finds_the_sites_folder(portal):
    user = aq_base(portal.acl_users.getUserById("beheer-vaart")).__of__(portal)
    assert aq_base(user._getPAS()) is aq_base(portal.acl_users)


def test_local_roles_answer_as_before(portal):
    group = portal.unrestrictedTraverse(GROUP)
    for login, may in (("beheer-vaart", True), ("docent-vaart", True), ("student-sanne", False)):
        assert api.user.has_permission("proeve: Add PvB", username=login, obj=group) is may
        assert api.user.has_permission("View", username=login, obj=group) is may


def test_upgrade_1030_swaps_the_factory_keeping_the_plugin(portal):
    from proeve.roles.user import remove_user_factory

    remove_user_factory(portal)
    plugin = aq_base(portal.acl_users.user_factory)
    assert type(plugin) is PloneUserFactory
    assert type(aq_base(portal.acl_users.getUserById("beheer-vaart"))) is PloneUser
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1029")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("proeve:default", dest="1030")
    assert aq_base(portal.acl_users.user_factory) is plugin
    assert type(plugin) is ProeveUserFactory
    assert isinstance(aq_base(portal.acl_users.getUserById("beheer-vaart")), ProeveUser)
