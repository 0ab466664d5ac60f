"""Reading the caller's account for a turn, with the cached copy while the database is down."""

import logging

from sqlalchemy.orm import Session, sessionmaker

from helpline.engine.account_cache import AccountCache, AccountSnapshot, age_in_words
from helpline.engine.actions.account import MAX_TRANSACTIONS
from helpline.engine.facts import FactKey, Facts, facts
from helpline.store.customers import customer_for_turn, recent_transactions
from helpline.store.outbox import DATABASE_DOWN
from helpline.store.values import Customer

log = logging.getLogger(__name__)


class AccountReader:
    """The customer for each turn; every successful read refreshes the cache."""

    def __init__(self, db: sessionmaker[Session], cache: AccountCache) -> None:
        self._db = db
        self.cache = cache

    def read(self, phone: str) -> tuple[Customer, AccountSnapshot | None]:
        """The customer as read now, or while the database is down their cached account (the
        snapshot is then returned too); DATABASE_DOWN when nothing recent is cached."""
        try:
            with self._db() as session:
                customer = customer_for_turn(session, phone)
                payments = None
                if self.cache.transactions_due(phone):
                    payments = recent_transactions(session, customer.user_id, MAX_TRANSACTIONS)
        except DATABASE_DOWN:
            snapshot = self.cache.get(phone)
            if snapshot is None:
                raise
            log.warning("database down: answering from the cached account", exc_info=True)
            return snapshot.customer, snapshot
        self.cache.put_customer(customer)
        if payments is not None:
            self.cache.put_transactions(phone, tuple(payments))
        return customer, None

    def age_note(self, snapshot: AccountSnapshot, *, transactions: bool) -> Facts:
        """How old a cached answer is, as one more fact of the reply."""
        age = snapshot.age_seconds(self.cache.clock(), transactions=transactions)
        return facts(FactKey.CACHED_ANSWER, age=age_in_words(age))
