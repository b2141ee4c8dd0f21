"""Which identity a request runs as: an explicit Bearer token decides.

`@login` (and the login form) also set the session cookie `__ac`; a client that keeps
cookies and sends another login's token would otherwise run as the cookie's login (PAS tries
the session cookie first). With a Bearer token the request's cookie login is dropped before
authentication, so it runs as the token's login, or anonymous when the token is not valid.
"""

SESSION_COOKIE = "__ac"


def bearer_token(request):
    auth = getattr(request, "_auth", None) or ""
    return auth[:7].lower() == "bearer "


def bearer_decides(event):
    """IPubStart: before traversal, so before PAS looks at the request."""
    request = event.request
    if not bearer_token(request):
        return
    for source in (request.cookies, request.form):
        source.pop(SESSION_COOKIE, None)
    request.other.pop(SESSION_COOKIE, None)
