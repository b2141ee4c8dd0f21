"""Real-browser tests: Playwright driving Debian's chromium against a live test server."""

from pathlib import Path
import os
import pytest


CHROMIUM = os.environ.get("PROEVE_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network and running as root (see docs/operations.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, functional_portal):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def portal_url(functional_portal):
    return functional_portal.absolute_url()


@pytest.fixture
def login(page, portal_url):
    def do_login(userid, password):
        page.goto(f"{portal_url}/login")
        page.fill("#__ac_name", userid)
        page.fill("#__ac_password", password)
        page.click("#login-form button[type=submit], #login-form input[type=submit]")
        page.wait_for_load_state()
        return page

    return do_login
