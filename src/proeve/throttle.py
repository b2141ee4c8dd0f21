"""How long a login attempt must wait: growing delays per account and per client address.

The rules (docs/api.md "Password guessing"), as trusted systems keep them:
- one account from one address: `FREE_PER_PAIR` failures are free, then every further attempt
  waits a delay that doubles with each failure (`FIRST_DELAY`, at most `MAX_DELAY`);
- one account from all addresses together (guessing spread over many addresses): the same
  after `FREE_PER_ACCOUNT` failures, except from an address this account recently logged in
  from, so that an attacker cannot keep the owner out;
- one address for all accounts (trying one password on many accounts): the same after
  `FREE_PER_CLIENT` failures (schools share an address, hence the larger number).
A count is forgotten `FORGET` seconds after its last failure; a success clears the count of
that account from that address. There is no hard lock: after the delay one attempt is
checked again. The counts live in the memory of each Zope process. The PAS plugin
(proeve.logins.guard) asks and tells this object on every path that checks a password.
"""

import threading
import time


FREE_PER_PAIR = 5
FREE_PER_ACCOUNT = 20
FREE_PER_CLIENT = 50
FIRST_DELAY = 1
MAX_DELAY = 15 * 60
FORGET = 15 * 60
# Addresses an account logged in from, remembered to exempt from the account-wide delay.
KNOWN_ADDRESSES = 20
KNOWN_FOR = 30 * 24 * 3600


def delay_after(failures, free):
    """Seconds an attempt must wait after the last of `failures` failures."""
    if failures < free:
        return 0
    return min(FIRST_DELAY * 2 ** min(failures - free, 20), MAX_DELAY)


def normalised(login):
    return (login or "").strip().lower()


class Throttle:
    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.guard = threading.Lock()
        self.reset()

    def reset(self):
        # key -> [failures, time of the last failure]
        self.failures = {}
        # login -> {address: time of the last success}
        self.known = {}

    def _counts(self, login, client):
        login = normalised(login)
        counts = []
        if login and client:
            counts.append((("pair", login, client), FREE_PER_PAIR))
        if login and not self._known(login, client):
            counts.append((("login", login), FREE_PER_ACCOUNT))
        if client:
            counts.append((("client", client), FREE_PER_CLIENT))
        return counts

    def _known(self, login, client):
        since = self.known.get(login, {}).get(client)
        return since is not None and self.clock() - since < KNOWN_FOR

    def _current(self, key, now):
        entry = self.failures.get(key)
        if entry is not None and now - entry[1] > FORGET:
            del self.failures[key]
            return None
        return entry

    def wait(self, login, client):
        """Seconds until this login may be tried from this client (0: now)."""
        now = self.clock()
        with self.guard:
            waits = [0]
            for key, free in self._counts(login, client):
                entry = self._current(key, now)
                if entry is not None:
                    waits.append(entry[1] + delay_after(entry[0], free) - now)
            return max(waits)

    def failed(self, login, client):
        now = self.clock()
        with self.guard:
            for key, _free in self._counts(login, client):
                entry = self._current(key, now)
                if entry is None:
                    self.failures[key] = [1, now]
                else:
                    entry[0] += 1
                    entry[1] = now
            if len(self.failures) > 100_000:
                self._forget_old(now)

    def succeeded(self, login, client):
        login = normalised(login)
        with self.guard:
            self.failures.pop(("pair", login, client), None)
            addresses = self.known.setdefault(login, {})
            addresses.pop(client, None)
            addresses[client] = self.clock()
            while len(addresses) > KNOWN_ADDRESSES:
                addresses.pop(next(iter(addresses)))

    def _forget_old(self, now):
        for key in [k for k, entry in self.failures.items() if now - entry[1] > FORGET]:
            del self.failures[key]


THROTTLE = Throttle()
# Requests for help with getting in (activation, reset link, user name): every request
# counts, whether anything was found or not, so that the delay tells nothing.
ACCOUNT_HELP = Throttle()
