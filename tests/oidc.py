"""A real OpenID Connect provider on loopback for the school sign-on tests
(oidc-provider-mock: Authlib's authorization server in a thread), one per school."""

from contextlib import ExitStack
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlparse
import base64
import json
import os
import pytest
import requests


SCHOOL_A = "roc-de-vaart"
SCHOOL_B = "noorderlicht-college"
CLIENT = {
    SCHOOL_A: ("proeve-vaart", "geheim-vaart"),
    SCHOOL_B: ("proeve-noorder", "geheim-noorder"),
}


def unavailable():
    try:
        import oidc_provider_mock  # noqa: F401
    except ImportError:
        return "oidc-provider-mock is not installed (pip install -e '.[test]')"
    return None


def start_providers():
    """Two providers, one per school; yields {school id: issuer}."""
    from oidc_provider_mock import run_server_in_thread

    stack = ExitStack()
    issuers = {}
    for school_id in (SCHOOL_A, SCHOOL_B):
        server = stack.enter_context(run_server_in_thread(port=0, require_nonce=False))
        issuers[school_id] = f"http://localhost:{server.server_port}"
    return stack, issuers


def configure(monkeypatch, issuers, required=()):
    """The per-school settings of proeve.signon.config, in the environment."""
    monkeypatch.setenv("PROEVE_SIGNON_SCHOOLS", " ".join(issuers))
    for school_id, issuer in issuers.items():
        key = school_id.upper().replace("-", "_")
        client_id, secret = CLIENT[school_id]
        monkeypatch.setenv(f"PROEVE_SIGNON_{key}_ISSUER", issuer)
        monkeypatch.setenv(f"PROEVE_SIGNON_{key}_CLIENT_ID", client_id)
        monkeypatch.setenv(f"PROEVE_SIGNON_{key}_CLIENT_SECRET", secret)
        monkeypatch.setenv(f"PROEVE_SIGNON_{key}_REQUIRED", "1" if school_id in required else "0")


def set_person(issuer, sub, **claims):
    """The provider knows this person with these claims (its PUT /users/<sub>)."""
    requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10).raise_for_status()


def id_token(issuer, school_id, sub, redirect_uri="http://localhost/cb"):
    """An ID token the school's provider issues to Proeve's client for this person, through
    the provider's own authorization code flow."""
    client_id, secret = CLIENT[school_id]
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid email profile",
        "state": "s",
    }
    answer = requests.post(
        f"{issuer}/oauth2/authorize?{urlencode(query)}",
        data={"sub": sub},
        allow_redirects=False,
        timeout=10,
    )
    code = parse_qs(urlparse(answer.headers["Location"]).query)["code"][0]
    token = requests.post(
        f"{issuer}/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
        auth=(client_id, secret),
        timeout=10,
    )
    token.raise_for_status()
    return token.json()["id_token"]


def tampered(token, **changes):
    """The same token with other claims and the original signature."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{signature}"


def require_or_skip(reason):
    if os.environ.get("PROEVE_REQUIRE_OIDC") == "1":
        pytest.fail(f"PROEVE_REQUIRE_OIDC=1, but {reason}")
    pytest.skip(reason)
