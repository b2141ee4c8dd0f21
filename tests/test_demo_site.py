"""A production site is not a demo site: demo data only in a site created as a demo."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from proeve.demo import ensure_demo_data
from proeve.demo.users import DEMO_USERS
from proeve.demosite import is_demo_site
from proeve.sitesetup import main
from zope.component.hooks import getSite
from zope.component.hooks import setSite
import pytest


@pytest.fixture
def app(functional_portal, monkeypatch):
    """The Zope root of a test that may commit (its own DemoStorage), site restored after.

    The test layer has no Classic UI distribution: new sites are plain Plone sites."""
    from plone.distribution.api import site as site_api
    from Products.CMFPlone.factory import addPloneSite

    def create(app, distribution, answers):
        return addPloneSite(
            app,
            answers["site_id"],
            extension_ids=("plone.app.contenttypes:default",),
            setup_content=False,
        )

    monkeypatch.setattr(site_api, "create", create)
    previous = getSite()
    app = functional_portal.aq_parent
    login(app, SITE_OWNER_NAME)  # as zconsole's scripts run: all allowed
    yield app
    logout()
    setSite(previous)


def demo_logins(site):
    acl_users = site.acl_users
    return [userid for userid, *_ in DEMO_USERS if acl_users.getUserById(userid) is not None]


def test_a_site_created_without_demo_data_never_gets_any(app):
    site, created, report = main(app, site_id="productie", demo=False)
    assert created
    assert report == {}
    assert not is_demo_site(site)

    # What `make run` and `run-cluster` run on every start (PROEVE_DEMO unset, so demo=True).
    site, created, report = main(app, site_id="productie", demo=True)
    assert not created
    assert report == {}
    assert ensure_demo_data(site) == {}

    assert demo_logins(site) == []
    assert api.user.get(userid="platformbeheer") is None
    assert site.scholen.objectIds() == []
    assert not is_demo_site(site)


def test_the_sender_of_the_mail_comes_from_the_environment(app, monkeypatch):
    monkeypatch.setenv("PROEVE_MAIL_FROM", "examens@school.example")
    monkeypatch.setenv("PROEVE_MAIL_FROM_NAME", "Examens")
    main(app, site_id="productie", demo=False)
    assert api.portal.get_registry_record("plone.email_from_address") == "examens@school.example"
    assert api.portal.get_registry_record("plone.email_from_name") == "Examens"


def test_the_demo_site_of_the_tests_is_marked_as_one(functional_portal):
    assert is_demo_site(functional_portal)
    assert "platformbeheer" in demo_logins(functional_portal)


def test_a_demo_site_without_a_sender_gets_one_so_its_mail_can_be_read(functional_portal):
    """Without a sender Proeve mails nobody: no .eml of a notification to read in the demo."""
    api.portal.set_registry_record("plone.email_from_address", "")
    ensure_demo_data(functional_portal)
    assert api.portal.get_registry_record("plone.email_from_address") == (
        "proeve@demo.proeve.invalid"
    )
