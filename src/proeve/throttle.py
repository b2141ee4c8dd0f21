"""Slow down password guessing: per account and per client address.

Every path that checks a password (the login form, basic auth, plone.restapi's @login)
ends in the user manager's authenticateCredentials, which is wrapped here. After
`PER_LOGIN` failures within `WINDOW` seconds the account is locked for `LOCK` seconds;
after `PER_CLIENT` failures one client address is. A locked attempt fails even with the
right password. The counts live in the memory of each Zope process (with several processes
each keeps its own).
"""

from collections import deque
from zope.globalrequest import getRequest
import threading
import time


PER_LOGIN = 5
PER_CLIENT = 50
WINDOW = 15 * 60
LOCK = 15 * 60


class Throttle:
    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.guard = threading.Lock()
        self.reset()

    def reset(self):
        self.failures = {}
        self.locked_until = {}

    @staticmethod
    def keys(login, client):
        keys = []
        if login:
            keys.append((("login", login.strip().lower()), PER_LOGIN))
        if client:
            keys.append((("client", client), PER_CLIENT))
        return keys

    def wait(self, login, client):
        """Seconds until this login and client may try again (0: now)."""
        now = self.clock()
        with self.guard:
            return max(
                [0] + [self.locked_until.get(key, 0) - now for key, _ in self.keys(login, client)]
            )

    def failed(self, login, client):
        now = self.clock()
        with self.guard:
            for key, limit in self.keys(login, client):
                times = self.failures.setdefault(key, deque())
                times.append(now)
                while times and times[0] < now - WINDOW:
                    times.popleft()
                if len(times) >= limit:
                    self.locked_until[key] = now + LOCK
                    times.clear()

    def succeeded(self, login):
        with self.guard:
            self.failures.pop(("login", (login or "").strip().lower()), None)


THROTTLE = Throttle()


def throttled_authenticate(self, credentials):
    """Wraps ZODBUserManager.authenticateCredentials (see patches.zcml)."""
    login = credentials.get("login")
    client = credentials.get("remote_address") or credentials.get("remote_host")
    if credentials.get("password") is None or not login:
        return self._old_authenticateCredentials(credentials)
    if THROTTLE.wait(login, client) > 0:
        return None
    result = self._old_authenticateCredentials(credentials)
    if result:
        THROTTLE.succeeded(login)
        return result
    # PAS may check the same credentials more than once in a request: count it once.
    request = getRequest()
    marker = ("proeve.throttle", login)
    if request is None or request.other.get(marker) is None:
        THROTTLE.failed(login, client)
        if request is not None:
            request.other[marker] = True
    return result
