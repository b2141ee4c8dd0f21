"""The OpenID Connect protocol, all of it through Authlib and joserfc: discovery, the
authorization request with state, nonce and PKCE, the code exchange and the ID token's
signature and claims. Proeve only decides which issuer and client belong to which school.
"""

from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.errors import InvalidClaimError
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from proeve import _
from proeve.signon import NOT_VERIFIED
from proeve.signon import refused
from zope.i18nmessageid import Message
import logging
import requests
import time


logger = logging.getLogger("proeve.signon")

SCOPE = "openid email profile"
TIMEOUT = 10
# Seconds of clock difference with the provider that are tolerated on exp and iat.
LEEWAY = 30
# Asymmetric signatures only: an HS256 token would be signed with our own client secret.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")

PROVIDER_UNREACHABLE = (
    "signon_provider_unreachable",
    _(
        "error_signon_provider_unreachable",
        default="De inlogdienst van je school is nu niet bereikbaar. Probeer het later "
        "opnieuw, of neem contact op met je school.",
    ),
)
TOO_OLD = (
    "id_token_too_old",
    _(
        "error_id_token_too_old",
        default="Je inlogbewijs van de school is te oud (ouder dan ${minutes} minuten). Log "
        "opnieuw in met je schoolaccount.",
    ),
)


class IDTokenTooOld(InvalidClaimError):
    """The ID token was issued longer ago than the school's bound."""


def now():
    """The clock of the ID token checks (tests put another clock here)."""
    return int(time.time())


def client_for(settings, redirect_uri=None):
    return OAuth2Session(
        settings.client_id,
        settings.client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method's name
    )


def metadata(settings):
    """The provider's discovery document, checked by Authlib and bound to the issuer."""
    url = f"{settings.issuer}/.well-known/openid-configuration"
    try:
        response = client_for(settings).get(url, timeout=TIMEOUT, withhold_token=True)
        response.raise_for_status()
        found = OpenIDProviderMetadata(response.json())
        found.validate()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("Sign-on discovery of %s failed: %s", settings.school_id, exc)
        raise refused(*PROVIDER_UNREACHABLE, status=502) from exc
    if found.get("issuer", "").rstrip("/") != settings.issuer:
        logger.warning("Sign-on discovery of %s names another issuer", settings.school_id)
        raise refused(*PROVIDER_UNREACHABLE, status=502)
    return found


def key_set(settings, found):
    try:
        response = client_for(settings).get(found["jwks_uri"], timeout=TIMEOUT, withhold_token=True)
        response.raise_for_status()
        return KeySet.import_key_set(response.json())
    except (requests.RequestException, ValueError, JoseError) as exc:
        logger.warning("Sign-on keys of %s could not be read: %s", settings.school_id, exc)
        raise refused(*PROVIDER_UNREACHABLE, status=502) from exc


def start(settings, redirect_uri):
    """The provider's authorization URL and what the callback must find again: state,
    nonce and the PKCE verifier (kept by the caller in a signed cookie)."""
    found = metadata(settings)
    nonce = generate_token(32)
    verifier = generate_token(64)
    url, state = client_for(settings, redirect_uri).create_authorization_url(
        found["authorization_endpoint"], nonce=nonce, code_verifier=verifier
    )
    return url, {"state": state, "nonce": nonce, "verifier": verifier}


def finish(settings, redirect_uri, callback_url, pending):
    """Exchange the code of the callback (state checked by Authlib) and verify the ID token
    (nonce checked). Returns the token's claims."""
    found = metadata(settings)
    client = client_for(settings, redirect_uri)
    try:
        token = client.fetch_token(
            found["token_endpoint"],
            authorization_response=callback_url,
            state=pending["state"],
            code_verifier=pending["verifier"],
            timeout=TIMEOUT,
        )
    except (OAuth2Error, OAuthError, requests.RequestException, ValueError) as exc:
        logger.info("Sign-on code exchange for %s refused: %s", settings.school_id, exc)
        raise refused(*NOT_VERIFIED) from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise refused(*NOT_VERIFIED)
    return verify_id_token(
        settings,
        id_token,
        nonce=pending["nonce"],
        access_token=token.get("access_token"),
        found=found,
    )


def issued_since(earliest):
    """Authlib's claim hook for iat: neither Authlib nor joserfc bounds a token's age (they
    only refuse an iat in the future), so the hook raises its own error for an older one."""

    def check(_claims, iat):
        if iat < earliest:
            raise IDTokenTooOld("iat")
        return True

    return check


def verify_id_token(settings, id_token, nonce=None, access_token=None, found=None):
    """The claims of an ID token of this school's provider for Proeve's client: signature
    against the provider's published keys, issuer, audience, expiry, the age of its iat
    (settings.max_age) and (when given) nonce."""
    found = found or metadata(settings)
    keys = key_set(settings, found)
    checked_at = now()
    try:
        decoded = jwt.decode(id_token, keys, algorithms=list(ALGORITHMS))
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            options={
                "iss": {"essential": True, "value": settings.issuer},
                "aud": {"essential": True, "value": settings.client_id},
                "iat": {"validate": issued_since(checked_at - settings.max_age - LEEWAY)},
            },
            params={"nonce": nonce, "client_id": settings.client_id, "access_token": access_token},
        )
        claims.validate(now=checked_at, leeway=LEEWAY)
    except IDTokenTooOld as exc:
        logger.info("Sign-on ID token for %s too old: %r", settings.school_id, exc)
        code, message = TOO_OLD
        minutes = max(1, round(settings.max_age / 60))
        raise refused(code, Message(message, mapping={"minutes": minutes})) from exc
    except (JoseError, ValueError) as exc:
        logger.info("Sign-on ID token for %s refused: %r", settings.school_id, exc)
        raise refused(*NOT_VERIFIED) from exc
    if nonce is not None and "nonce" not in claims:
        raise refused(*NOT_VERIFIED)
    return dict(claims)
