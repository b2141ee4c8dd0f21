"""A demo user logs in through the Classic UI login form in a real browser."""

from proeve.demo.users import DEMO_PASSWORD


def test_demo_user_logs_in(login, portal_url):
    page = login("docent-vaart", DEMO_PASSWORD)
    page.goto(portal_url)
    # The toolbar's user menu, or Plone's plain one where the toolbar is not shown (frame).
    menu = "#personaltools-menulink, #portal-personaltools, #portal-membertools"
    assert page.locator(menu).count() > 0
    assert "Dirk Docent" in page.content()


def test_wrong_password_shows_an_error_and_no_session(login, portal_url):
    page = login("docent-vaart", "niet-het-wachtwoord")
    assert page.locator(".portalMessage, .alert-danger, .alert").count() > 0
    page.goto(portal_url)
    assert "Dirk Docent" not in page.content()


def test_site_is_dutch(page, portal_url):
    page.goto(portal_url)
    assert page.locator("html").get_attribute("lang") == "nl"
