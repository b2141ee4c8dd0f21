"""pytest wiring of the plone.app.testing layers (through pytest-plone)."""

from proeve.testing import PROEVE_FUNCTIONAL_TESTING
from proeve.testing import PROEVE_INTEGRATION_TESTING
from pytest_plone import fixtures_factory
import os
import pytest


# Compile the .po catalogs so translated strings can be asserted.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (PROEVE_INTEGRATION_TESTING, "integration"),
            (PROEVE_FUNCTIONAL_TESTING, "functional"),
        )
    )
)


@pytest.fixture
def sent_mail(monkeypatch):
    """Messages the test MailHost sent, from any thread (the live server's too)."""
    from plone.app.testing.utils import MockMailHost

    sent = []

    def send(self, message, *args, **kwargs):
        # Record only: Proeve sends after the commit, when persistent changes are over.
        if hasattr(message, "as_bytes"):
            message = message.as_bytes()
        sent.append(message.encode("utf-8") if isinstance(message, str) else message)

    def _send(self, mfrom, mto, message_text, immediate=False):
        sent.append(message_text)

    monkeypatch.setattr(MockMailHost, "send", send)
    monkeypatch.setattr(MockMailHost, "_send", _send)
    return sent


@pytest.fixture
def database_url(functional_portal, monkeypatch):
    """The URL of the test database in the Zope root's Control Panel (where Zope offers undo).

    The test layers start Zope without its Control Panel and without zope.conf's table of
    databases, which the Control Panel lists: both are made here, the test database as "main".
    """
    from App.ApplicationManager import ApplicationManager
    from App.config import getConfiguration
    import OFS.Application

    database = functional_portal._p_jar.db()

    class Databases:
        def listDatabaseNames(self):
            return ["main"]

        def hasDatabase(self, name):
            return name == "main"

        def getDatabase(self, mount_path=None, name=None, is_root=0):
            return database

    monkeypatch.setattr(OFS.Application, "APP_MANAGER", ApplicationManager())
    monkeypatch.setattr(getConfiguration(), "dbtab", Databases(), raising=False)
    return f"{functional_portal.getPhysicalRoot().absolute_url()}/Control_Panel/Database/main"


@pytest.fixture(autouse=True)
def _fresh_login_throttle():
    """Failed logins of one test must not lock accounts in the next."""
    from proeve.throttle import ACCOUNT_HELP
    from proeve.throttle import THROTTLE

    THROTTLE.reset()
    ACCOUNT_HELP.reset()
    yield
    THROTTLE.reset()
    ACCOUNT_HELP.reset()


_FUZZ_REPORT = pytest.StashKey[list]()


@pytest.fixture
def fuzz_report(request):
    """Rows (persona, cases, 2xx, 4xx, seconds) of the fuzz test, printed at the end."""
    return request.config.stash.setdefault(_FUZZ_REPORT, [])


def pytest_terminal_summary(terminalreporter, config):
    rows = config.stash.get(_FUZZ_REPORT, [])
    if not rows:
        return
    terminalreporter.section("fuzz test of the REST API (schemathesis)")
    for persona, cases, ok, refused, seconds in rows:
        terminalreporter.write_line(
            f"{persona:15} {cases:5} cases ({ok} 2xx, {refused} 4xx) in {seconds:5.1f} s"
        )
    total = sum(r[1] for r in rows)
    terminalreporter.write_line(f"{'total':15} {total:5} cases in {sum(r[4] for r in rows):5.1f} s")


@pytest.fixture(scope="session")
def postgresql():
    """One throwaway PostgreSQL cluster for every live test that needs one (tests/live.py)."""
    from tests.live import PostgreSQL

    reason = PostgreSQL.unavailable()
    if reason:
        if os.environ.get("PROEVE_REQUIRE_PG") == "1":
            pytest.fail(f"PROEVE_REQUIRE_PG=1, but {reason}")
        pytest.skip(reason)
    cluster = PostgreSQL().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def oidc_providers():
    """A real OpenID Connect provider per school on loopback: {school id: issuer}."""
    from tests import oidc

    reason = oidc.unavailable()
    if reason:
        oidc.require_or_skip(reason)
    stack, issuers = oidc.start_providers()
    with stack:
        yield issuers


@pytest.fixture
def school_signon(oidc_providers, monkeypatch):
    """Both demo schools sign on through their own provider (proeve.signon.config)."""
    from tests import oidc

    oidc.configure(monkeypatch, oidc_providers)
    return oidc_providers
