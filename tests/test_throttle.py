"""Password guessing is slowed per account and per client address, with growing delays and
no hard lock, on every login path (the guard plugin in the site's acl_users)."""

from proeve.demo.users import DEMO_PASSWORD
from proeve.throttle import FREE_PER_ACCOUNT
from proeve.throttle import FREE_PER_CLIENT
from proeve.throttle import FREE_PER_PAIR
from proeve.throttle import MAX_DELAY
from proeve.throttle import THROTTLE
from proeve.throttle import Throttle
from ZPublisher.HTTPRequest import HTTPRequest
import pytest


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by the test (no sleeping)."""
    now = [1000.0]
    monkeypatch.setattr(THROTTLE, "clock", lambda: now[0])
    return now


@pytest.fixture
def addresses(monkeypatch):
    """Requests come from the address in X-Test-Client, as a trusted proxy would forward it
    (the test server's waitress drops X-Forwarded-For, as production does without a
    trusted proxy)."""

    def client_addr(self):
        return self.getHeader("X-Test-Client") or self._client_addr

    monkeypatch.setattr(HTTPRequest, "getClientAddr", client_addr)


@pytest.fixture
def anon(request_factory):
    return request_factory(role="Anonymous")


def login(session, user, password, client=None):
    headers = {"X-Test-Client": client} if client else {}
    return session.post("@login", json={"login": user, "password": password}, headers=headers)


def test_an_account_waits_after_repeated_failures_from_one_address(
    functional_portal, anon, request_factory, clock
):
    for _ in range(FREE_PER_PAIR):
        assert login(anon, "docent-vaart", "fout").status_code == 401
    waiting = login(anon, "docent-vaart", DEMO_PASSWORD)
    assert waiting.status_code == 429
    assert waiting.json()["error"]["code"] == "too_many_attempts"
    assert int(waiting.headers["Retry-After"]) >= 1
    # Basic auth and the login form wait as well ...
    basic = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    assert basic.get("scholen/roc-de-vaart").status_code == 401
    assert not form_login(request_factory, "docent-vaart")
    # ... other accounts do not, and after the delay the right password works.
    assert login(anon, "beheer-vaart", DEMO_PASSWORD).status_code == 200
    clock[0] += 1.5
    assert form_login(request_factory, "docent-vaart")


def form_login(request_factory, user):
    """The Classic login form: True when it logged in (set the session cookie)."""
    browser = request_factory(role="Anonymous", api=False)
    browser.headers["Accept"] = "text/html"
    browser.post(
        "login",
        data={"__ac_name": user, "__ac_password": DEMO_PASSWORD, "buttons.login": "Log in"},
    )
    return "__ac" in browser.cookies


def test_basic_auth_guessing_counts_too(functional_portal, anon, request_factory, clock):
    guesser = request_factory(basic_auth=("beheer-vaart", "raden"))
    for _ in range(FREE_PER_PAIR):
        guesser.get("scholen/roc-de-vaart")
    assert login(anon, "beheer-vaart", DEMO_PASSWORD).status_code == 429


def test_a_success_resets_the_count(functional_portal, anon, clock):
    for _ in range(FREE_PER_PAIR - 1):
        login(anon, "docent-vaart", "fout")
    assert login(anon, "docent-vaart", DEMO_PASSWORD).status_code == 200
    assert login(anon, "docent-vaart", "fout").status_code == 401
    assert login(anon, "docent-vaart", DEMO_PASSWORD).status_code == 200


def test_at_login_is_throttled_per_address_across_logins(functional_portal, anon, clock):
    for n in range(FREE_PER_CLIENT):
        assert login(anon, f"gok-{n}", "fout").status_code == 401
    assert login(anon, "gok-nieuw", "fout").status_code == 429
    assert login(anon, "docent-vaart", DEMO_PASSWORD).status_code == 429


def test_an_untrusted_forwarded_for_does_not_change_the_address(functional_portal, anon, clock):
    for n in range(FREE_PER_CLIENT):
        anon.post(
            "@login",
            json={"login": f"gok-{n}", "password": "fout"},
            headers={"X-Forwarded-For": f"10.9.0.{n}"},
        )
    refused = anon.post(
        "@login",
        json={"login": "gok-nieuw", "password": "fout"},
        headers={"X-Forwarded-For": "10.9.1.1"},
    )
    assert refused.status_code == 429


def test_the_root_admins_requests_are_no_failures(functional_portal, anon, request_factory):
    admin = request_factory(role="Manager")  # the Zope root's user, by Basic auth
    for _ in range(FREE_PER_CLIENT + 5):
        assert admin.get("").status_code == 200
    assert THROTTLE.failures == {}
    assert login(anon, "docent-vaart", DEMO_PASSWORD).status_code == 200


def test_guessing_from_elsewhere_cannot_keep_the_owner_out(
    functional_portal, anon, addresses, clock
):
    assert login(anon, "docent-vaart", DEMO_PASSWORD, client="10.0.0.5").status_code == 200
    # Guessing spread over many addresses, a few tries each.
    for n in range(FREE_PER_ACCOUNT + 10):
        login(anon, "docent-vaart", "fout", client=f"10.1.{n}.1")
        clock[0] += 0.01
    # The owner, from where they logged in before, is not delayed ...
    assert login(anon, "docent-vaart", DEMO_PASSWORD, client="10.0.0.5").status_code == 200
    # ... a new address is, for a while (no hard lock).
    assert login(anon, "docent-vaart", DEMO_PASSWORD, client="10.2.0.1").status_code == 429
    clock[0] += MAX_DELAY + 1
    assert login(anon, "docent-vaart", DEMO_PASSWORD, client="10.2.0.1").status_code == 200


def test_one_address_guessing_one_account_does_not_lock_it_for_others(
    functional_portal, anon, addresses, clock
):
    for _ in range(FREE_PER_PAIR + 3):
        login(anon, "docent-vaart", "fout", client="10.6.6.6")
    assert login(anon, "docent-vaart", "fout", client="10.6.6.6").status_code == 429
    assert login(anon, "docent-vaart", DEMO_PASSWORD, client="10.0.0.7").status_code == 200


def test_delays_grow_and_are_forgotten():
    now = [1000.0]
    throttle = Throttle(clock=lambda: now[0])
    waits = []
    for _ in range(FREE_PER_PAIR + 4):
        throttle.failed("docent", "10.0.0.9")
        waits.append(throttle.wait("docent", "10.0.0.9"))
    assert waits[: FREE_PER_PAIR - 1] == [0] * (FREE_PER_PAIR - 1)
    assert waits[FREE_PER_PAIR - 1 :] == [1, 2, 4, 8, 16]
    assert throttle.wait("docent", "10.0.0.10") == 0  # another address: not this pair
    for n in range(FREE_PER_CLIENT):
        throttle.failed(f"user-{n}", "10.0.0.11")
    assert throttle.wait("someone-else", "10.0.0.11") > 0
    now[0] += 15 * 60 + 1
    assert throttle.wait("docent", "10.0.0.9") == 0
    assert throttle.wait("someone-else", "10.0.0.11") == 0
