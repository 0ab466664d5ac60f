"""The plan catalogue as the engine reads it: loaded from the database, refreshed every minute.

Every turn needs the plan names (for the language layer) and most recommendation and recharge
turns need the plans; reading them once a minute keeps a turn to a few milliseconds.
"""

import logging
import threading
import time
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.plans import list_plans
from helpline.store.values import PlanInfo

log = logging.getLogger(__name__)
REFRESH_SECONDS = 60.0


class Catalogue:
    """Active plans, cheapest first, with the lookups the dialogue needs."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        refresh_seconds: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = sessions
        self._refresh = refresh_seconds
        self._clock = clock
        self._plans: tuple[PlanInfo, ...] = ()
        self._loaded_at: float | None = None
        self._mutex = threading.Lock()
        self._names: tuple[tuple[PlanInfo, ...], tuple[str, ...]] = ((), ())

    def plans(self) -> tuple[PlanInfo, ...]:
        with self._mutex:
            now = self._clock()
            if self._loaded_at is None or now - self._loaded_at >= self._refresh:
                try:
                    with self._db() as session:
                        self._plans = tuple(list_plans(session))
                except SQLAlchemyError:
                    if self._loaded_at is None:
                        raise
                    # The database is down: the plans change rarely, so the last list serves
                    # (every turn needs the names) until a later refresh succeeds.
                    log.warning("plan catalogue not refreshed: keeping the last list")
                self._loaded_at = now
            return self._plans

    def names(self) -> tuple[str, ...]:
        plans = self.plans()
        if self._names[0] is not plans:
            self._names = (plans, tuple(p.plan_name for p in plans))
        return self._names[1]

    def by_id(self, plan_id: int) -> PlanInfo | None:
        return next((p for p in self.plans() if p.plan_id == plan_id), None)

    def by_price(self, price: Decimal) -> PlanInfo | None:
        return next((p for p in self.plans() if p.price == price), None)

    def by_name(self, name: str) -> PlanInfo | None:
        wanted = name.strip().lower()
        return next((p for p in self.plans() if p.plan_name.lower() == wanted), None)

    def nearest_by_price(self, price: Decimal, count: int = 2) -> list[PlanInfo]:
        """The plans closest in price, cheapest first: what to offer when a price has no plan."""
        ranked = sorted(self.plans(), key=lambda p: (abs(p.price - price), p.price))
        return sorted(ranked[:count], key=lambda p: p.price)
