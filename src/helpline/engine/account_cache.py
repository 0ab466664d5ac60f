"""A short-lived copy of each verified customer's own account, for when the database is down.

Every turn that reads the customer refreshes the copy; while the database cannot be reached the
engine answers balance, plan, validity and recent payments from it, saying how old it is. After
MAX_AGE_SECONDS the copy is not used: stale money figures are worse than an apology.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from helpline.store.values import Customer, TransactionInfo

# The business's limit: an answer from the cache is at most five minutes old.
MAX_AGE_SECONDS = 300.0
# Recent payments change rarely; reading them once a minute keeps the extra query off most turns.
TRANSACTIONS_REFRESH_SECONDS = 60.0
_SWEEP_EVERY = 256


@dataclass(frozen=True, slots=True)
class AccountSnapshot:
    """The customer as last read, and their recent payments (None until read once)."""

    customer: Customer
    read_at: float  # clock seconds
    transactions: tuple[TransactionInfo, ...] | None = None
    transactions_read_at: float = 0.0

    def age_seconds(self, now: float, *, transactions: bool = False) -> float:
        return now - (self.transactions_read_at if transactions else self.read_at)


def age_in_words(seconds: float) -> str:
    """How old a cached answer is, as the customer hears it: '3 minute', '1 minute se kam'."""
    minutes = int(seconds // 60)
    return "1 minute se kam" if minutes < 1 else f"{minutes} minute"


class AccountCache:
    """Snapshots by phone, kept in this process; the clock is injectable for tests."""

    def __init__(
        self, *, max_age_seconds: float = MAX_AGE_SECONDS, clock: Callable[[], float] = time.time
    ) -> None:
        self.max_age_seconds = max_age_seconds
        self.clock = clock
        self._entries: dict[str, AccountSnapshot] = {}
        self._mutex = threading.Lock()
        self._puts = 0

    def put_customer(self, customer: Customer) -> None:
        """Remember the customer as just read, keeping the payments read before."""
        with self._mutex:
            now = self.clock()
            old = self._entries.get(customer.phone)
            if old is None:
                self._entries[customer.phone] = AccountSnapshot(customer, now)
            else:
                self._entries[customer.phone] = replace(old, customer=customer, read_at=now)
            self._puts += 1
            if self._puts % _SWEEP_EVERY == 0:
                self._sweep(now)

    def put_transactions(self, phone: str, rows: tuple[TransactionInfo, ...]) -> None:
        with self._mutex:
            old = self._entries.get(phone)
            if old is not None:
                self._entries[phone] = replace(
                    old, transactions=rows, transactions_read_at=self.clock()
                )

    def forget(self, phone: str) -> None:
        """The account just changed (a recharge): no answer from the old copy."""
        with self._mutex:
            self._entries.pop(phone, None)

    def transactions_due(self, phone: str) -> bool:
        """Whether the payments should be read again on this turn."""
        with self._mutex:
            entry = self._entries.get(phone)
        if entry is None or entry.transactions is None:
            return True
        return entry.age_seconds(self.clock(), transactions=True) >= TRANSACTIONS_REFRESH_SECONDS

    def get(self, phone: str) -> AccountSnapshot | None:
        """The snapshot if the customer was read within the maximum age, else None."""
        with self._mutex:
            entry = self._entries.get(phone)
        if entry is None or entry.age_seconds(self.clock()) > self.max_age_seconds:
            return None
        if (
            entry.transactions is not None
            and entry.age_seconds(self.clock(), transactions=True) > self.max_age_seconds
        ):
            entry = replace(entry, transactions=None)
        return entry

    def _sweep(self, now: float) -> None:
        stale = [p for p, e in self._entries.items() if now - e.read_at > self.max_age_seconds]
        for phone in stale:
            del self._entries[phone]
