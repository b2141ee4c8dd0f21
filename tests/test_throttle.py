"""Password guessing is slowed: per account and per client, on every path."""

from proeve.demo.users import DEMO_PASSWORD
from proeve.throttle import PER_CLIENT
from proeve.throttle import PER_LOGIN
from proeve.throttle import Throttle
import pytest


@pytest.fixture
def anon(request_factory):
    return request_factory(role="Anonymous")


def login(session, user, password):
    return session.post("@login", json={"login": user, "password": password})


def test_an_account_is_locked_after_repeated_failures(functional_portal, anon, request_factory):
    for _ in range(PER_LOGIN - 1):
        assert login(anon, "docent-vaart", "fout").status_code == 401
    # The failure that reaches the limit locks the account at once.
    assert login(anon, "docent-vaart", "fout").status_code in (401, 429)
    locked = login(anon, "docent-vaart", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert int(locked.headers["Retry-After"]) > 0
    # Basic auth with the right password is refused as well ...
    basic = request_factory(basic_auth=("docent-vaart", DEMO_PASSWORD))
    assert basic.get("scholen/roc-de-vaart").status_code == 401
    # ... and other accounts are not affected.
    assert login(anon, "beheer-vaart", DEMO_PASSWORD).status_code == 200


def test_basic_auth_guessing_counts_too(functional_portal, anon, request_factory):
    guesser = request_factory(basic_auth=("beheer-vaart", "raden"))
    for _ in range(PER_LOGIN):
        guesser.get("scholen/roc-de-vaart")
    assert login(anon, "beheer-vaart", DEMO_PASSWORD).status_code == 429


def test_a_success_resets_the_count(functional_portal, anon):
    for _ in range(PER_LOGIN - 1):
        login(anon, "docent-vaart", "fout")
    assert login(anon, "docent-vaart", DEMO_PASSWORD).status_code == 200
    assert login(anon, "docent-vaart", "fout").status_code == 401
    assert login(anon, "docent-vaart", DEMO_PASSWORD).status_code == 200


def test_locks_expire_and_clients_are_limited():
    now = [1000.0]
    throttle = Throttle(clock=lambda: now[0])
    for n in range(PER_CLIENT):
        throttle.failed(f"user-{n}", "10.0.0.9")
    assert throttle.wait("someone-else", "10.0.0.9") > 0
    assert throttle.wait("someone-else", "10.0.0.10") == 0
    now[0] += 15 * 60 + 1
    assert throttle.wait("someone-else", "10.0.0.9") == 0
