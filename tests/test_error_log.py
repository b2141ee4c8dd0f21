"""Refusals are answers, not errors: Zope's error log of the site leaves them out
(proeve.errorlog), and keeps what is not a refusal."""

from plone import api
from proeve.demo.users import DEMO_PASSWORD
from tests.test_error_form import ATTACHMENT
import pytest
import transaction


GROUP = "scholen/roc-de-vaart/mei-2024-25451"
PVB = f"{GROUP}/kandidaat-0001/pvb-demo"


@pytest.fixture
def error_log_listening():
    """A Zope instance loads Products.SiteErrorLog's subscriber of failed requests; the test
    layers do not."""
    from Products.SiteErrorLog.SiteErrorLog import IPubFailureSubscriber
    from zope.component import getGlobalSiteManager

    registry = getGlobalSiteManager()
    registry.registerHandler(IPubFailureSubscriber)
    yield
    registry.unregisterHandler(IPubFailureSubscriber)


def logged_types(portal):
    transaction.begin()
    return [entry["type"] for entry in portal.error_log.getLogEntries()]


@pytest.mark.parametrize(
    ("login", "method", "path", "body", "status"),
    [
        # a ProcessError inside plone.restapi's PATCH (the display rule's deserializer)
        ("beheer-vaart", "patch", GROUP, {"layout": "view"}, 403),
        # a Refused from an event subscriber during plone.restapi's add
        ("student-sanne", "post", PVB, ATTACHMENT, 403),
    ],
    ids=["ProcessError", "Refused"],
)
def test_a_refusal_is_answered_and_not_logged_as_an_error(
    error_log_listening, functional_portal, request_factory, login, method, path, body, status
):
    before = logged_types(functional_portal)
    session = request_factory(basic_auth=(login, DEMO_PASSWORD))
    response = getattr(session, method)(path, json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"]
    assert logged_types(functional_portal) == before


def test_the_log_still_keeps_a_real_error(portal):
    from proeve.process import ProcessError
    import sys

    before = logged_types(portal)
    for error in (ProcessError("x", "x"), KeyError("x"), ValueError("x")):
        try:
            raise error
        except Exception:
            portal.error_log.raising(sys.exc_info())
    assert sorted(logged_types(portal)[: -len(before) or None]) == ["KeyError", "ValueError"]


def test_the_ignored_list_keeps_what_is_no_refusal(portal):
    ignored = portal.error_log.getProperties()["ignored_exceptions"]
    assert {"ProcessError", "Refused"} <= set(ignored)
    assert {"Unauthorized", "NotFound", "Redirect"} <= set(ignored)
    for name in ("BadRequest", "KeyError", "ValueError", "ConflictError"):
        assert name not in ignored


def test_upgrade_1028_quiets_the_refusals(portal):
    log = portal.error_log
    properties = log.getProperties()
    log.setProperties(properties["keep_entries"], properties["copy_to_zlog"], ("NotFound",))
    setup = portal.portal_setup
    setup.setLastVersionForProfile("proeve:default", "1027")
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("proeve:default", dest="1028")
    assert log.getProperties()["ignored_exceptions"] == ("NotFound", "ProcessError", "Refused")
