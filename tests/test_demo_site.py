"""A production site is not a demo site: demo data only in a site created as a demo."""

from pathlib import Path
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
import importlib.util
import os
import pytest
import subprocess
import sys


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


def test_a_production_site_gets_the_platform_admin_the_operator_chose(app, monkeypatch):
    """Issue 19.2: a site without demo data had no login but the Zope root admin's."""
    monkeypatch.setenv("PROEVE_ADMIN_LOGIN", "beheer-platform")
    monkeypatch.setenv("PROEVE_ADMIN_EMAIL", "beheer@school.example")
    monkeypatch.setenv("PROEVE_ADMIN_PASSWORD", "een-lang-en-eigen-wachtwoord")
    site, _created, _report = main(app, site_id="productie", demo=False)
    user = api.user.get(userid="beheer-platform")
    assert "Manager" in api.user.get_roles(user=user)
    assert user.getProperty("email") == "beheer@school.example"
    assert site.acl_users.authenticate("beheer-platform", "een-lang-en-eigen-wachtwoord", None)
    # A later start with another password changes nothing of the existing login.
    monkeypatch.setenv("PROEVE_ADMIN_PASSWORD", "nog-een-ander-wachtwoord")
    main(app, site_id="productie", demo=False)
    assert site.acl_users.authenticate("beheer-platform", "een-lang-en-eigen-wachtwoord", None)


@pytest.mark.parametrize(
    ("email", "password"),
    [("beheer@school.example", "kort"), ("beheer@school.example", "admin"), ("geen", "x" * 20)],
)
def test_unusable_admin_settings_are_refused_before_anything_is_made(email, password):
    from proeve.platformadmin import admin_settings
    from proeve.platformadmin import AdminSettingsError

    environ = {
        "PROEVE_ADMIN_LOGIN": "beheer-platform",
        "PROEVE_ADMIN_EMAIL": email,
        "PROEVE_ADMIN_PASSWORD": password,
    }
    with pytest.raises(AdminSettingsError):
        admin_settings(environ)


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


ROOT = Path(__file__).resolve().parents[1]


def test_run_cluster_creates_a_site_only_when_asked(tmp_path):
    """Issue 19.10: run-cluster on a database without the site made a demo site (demo
    logins with the published password) unasked. Without --create it stops, creating nothing;
    --create production makes a site without demo data."""
    spec = importlib.util.spec_from_file_location("run_cluster", ROOT / "scripts/run_cluster.py")
    run_cluster = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_cluster)
    assert run_cluster.site_creation("no") == {"PROEVE_CREATE_SITE": "0"}
    assert run_cluster.site_creation("production")["PROEVE_DEMO"] == "0"
    assert run_cluster.site_creation("demo")["PROEVE_DEMO"] == "1"

    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [sys.executable, ROOT / "instance/generate.py", "--instance", tmp_path, "--port", "8097"],
        check=True,
    )
    done = subprocess.run(
        [bin_dir / "zconsole", "run", tmp_path / "etc/zope.conf", ROOT / "scripts/create_site.py"],
        env=dict(os.environ, PROEVE_SITE_ID="proeve", PROEVE_CREATE_SITE="0"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "none is created unasked" in done.stderr
    assert "created" not in done.stdout
