"""The add-on installs, upgrades and uninstalls cleanly."""

from plone import api
from proeve import PROFILE_ID
from proeve.interfaces import IProeveLayer
import pytest


PACKAGE = "proeve"


class TestInstall:
    def test_installed(self, installer):
        assert installer.is_product_installed(PACKAGE) is True

    def test_browserlayer(self, browser_layers):
        assert IProeveLayer in browser_layers

    def test_profile_version_is_recorded(self, setup_tool, profile_last_version):
        recorded = setup_tool.getLastVersionForProfile(PROFILE_ID)
        assert recorded == tuple(profile_last_version(PROFILE_ID).split("."))

    def test_no_pending_upgrade_steps(self, setup_tool):
        assert setup_tool.listUpgrades(PROFILE_ID) == []

    def test_dependencies_installed(self, installer):
        for name in ("plone.restapi", "plone.app.versioningbehavior", "collective.workspace"):
            assert installer.is_product_installed(name), name


class TestUninstall:
    @pytest.fixture(autouse=True)
    def _uninstall(self, portal, installer):
        with api.env.adopt_roles(["Manager"]):
            installer.uninstall_product(PACKAGE)

    def test_not_installed(self, installer):
        assert installer.is_product_installed(PACKAGE) is False

    def test_browserlayer_removed(self, browser_layers):
        assert IProeveLayer not in browser_layers

    def test_dependencies_stay(self, installer):
        assert installer.is_product_installed("plone.restapi") is True

    def test_reinstall_works(self, installer, setup_tool):
        with api.env.adopt_roles(["Manager"]):
            installer.install_product(PACKAGE)
        assert installer.is_product_installed(PACKAGE) is True
        assert setup_tool.listUpgrades(PROFILE_ID) == []


def test_dutch_first_english_available(portal):
    assert api.portal.get_registry_record("plone.default_language") == "nl"
    assert api.portal.get_registry_record("plone.available_languages") == ["nl", "en"]
    assert api.portal.get_registry_record("plone.use_request_negotiation") is True
    assert api.portal.get_registry_record("plone.portal_timezone") == "Europe/Amsterdam"
