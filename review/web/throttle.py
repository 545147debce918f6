"""Login throttling, per account and per client address.

Every login attempt is counted under both keys before its password is checked, so parallel
guesses cannot slip past the limit while argon2 is still busy with the first ones; a successful
login takes its own attempt back and clears the account's count. Once a key holds ``limit``
attempts within ``window`` seconds, further logins under it are refused (HTTP 429 with
Retry-After) until the oldest attempt leaves the window. Counting per account stops guessing one
password from many addresses; counting per address stops trying many accounts from one.

The counts live in the process: ``crosstally review`` is one process, and a restart forgetting
them costs an attacker a restart of the app, which they cannot cause.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence

LIMIT = 10
WINDOW = 60.0
MAX_KEYS = 10_000  # bounds memory when an attacker rotates names or addresses


def login_keys(name: str, address: str) -> tuple[str, str]:
    """The account key first, then the address key."""
    return f"account:{name.strip().casefold()}", f"address:{address}"


class LoginThrottle:
    def __init__(
        self,
        limit: int = LIMIT,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.limit, self.window, self.clock, self.max_keys = limit, window, clock, max_keys
        self._attempts: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def attempt(self, keys: Sequence[str]) -> int | None:
        """Count one attempt under every key, or refuse it: seconds to wait, None when allowed."""
        with self._lock:
            now = self.clock()
            waits = [self._wait(key, now) for key in keys]
            if any(wait is not None for wait in waits):
                return max(wait for wait in waits if wait is not None)
            for key in keys:
                self._attempts.setdefault(key, deque()).append(now)
                self._attempts.move_to_end(key)
            self._bound(now)
            return None

    def succeeded(self, account_key: str, other_keys: Sequence[str] = ()) -> None:
        """A login worked: the account starts afresh, and its attempt is taken back elsewhere."""
        with self._lock:
            self._attempts.pop(account_key, None)
            for key in other_keys:
                stamps = self._attempts.get(key)
                if stamps:
                    stamps.pop()
                if not stamps:
                    self._attempts.pop(key, None)

    def _wait(self, key: str, now: float) -> int | None:
        stamps = self._attempts.get(key)
        if stamps is None:
            return None
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if len(stamps) < self.limit:
            return None
        return max(1, math.ceil(stamps[-self.limit] + self.window - now))

    def _bound(self, now: float) -> None:
        if len(self._attempts) <= self.max_keys:
            return
        stale = [k for k, stamps in self._attempts.items() if stamps[-1] <= now - self.window]
        for key in stale:
            del self._attempts[key]
        while len(self._attempts) > self.max_keys:
            self._attempts.popitem(last=False)
