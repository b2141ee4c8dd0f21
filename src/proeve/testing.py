"""plone.app.testing layers for Proeve (wired into pytest in tests/conftest.py)."""

from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import MOCK_MAILHOST_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing import zope
from plone.testing.zope import WSGI_SERVER_FIXTURE
from proeve.undo import close_undo


class ProeveLayer(PloneSandboxLayer):
    """A Plone site with the Proeve profile and its demo data."""

    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi
        import proeve

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=proeve)
        # Loaded after Plone's own registrations, so they override them (as in an instance).
        self.loadZCML(package=proeve, name="overrides.zcml")
        # collective.workspace is a Zope product (its PAS plugin needs initialising).
        zope.installProduct(app, "collective.workspace")
        # As at every start of Zope (IDatabaseOpenedWithRoot, which the layers do not send).
        close_undo(app)

    def tearDownZope(self, app):
        zope.uninstallProduct(app, "collective.workspace")

    def setUpPloneSite(self, portal):
        from Products.CMFCore.indexing import processQueue
        from proeve.demo import ensure_demo_data
        from proeve.demosite import mark_site

        applyProfile(portal, "proeve:default")
        mark_site(portal, True)
        ensure_demo_data(portal)
        # Index now, while the site is set: the layer commits after unsetting it.
        processQueue()


PROEVE_FIXTURE = ProeveLayer()

# Mail goes to portal.MailHost.messages in tests (a mock), never out.
PROEVE_INTEGRATION_TESTING = IntegrationTesting(
    bases=(PROEVE_FIXTURE, MOCK_MAILHOST_FIXTURE),
    name="Proeve:Integration",
)

PROEVE_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(PROEVE_FIXTURE, MOCK_MAILHOST_FIXTURE, WSGI_SERVER_FIXTURE),
    name="Proeve:Functional",
)
