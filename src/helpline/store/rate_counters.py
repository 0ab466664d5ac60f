"""Counters shared by every process, in the rate_counters table: tries, locks and sends per key.

Each change runs in one transaction holding the rows' locks (the row is created if missing,
then read with SELECT ... FOR UPDATE on servers; SQLite's BEGIN IMMEDIATE takes the write lock),
so sessions in many threads and processes count exactly, never twice the same try.
Times are naive UTC, as every column in the schema.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Insert, delete, select, update
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.db import transaction
from helpline.store.models import RateCounter

log = logging.getLogger(__name__)
T = TypeVar("T")
_RETRIES = 3
_DEADLOCK_CODES = {1213}  # MySQL/MariaDB/TiDB: deadlock found, the transaction was rolled back
_DEADLOCK_STATES = {"40P01", "40001"}  # PostgreSQL: deadlock detected, serialization failure


@dataclass(frozen=True, slots=True)
class Quota:
    """At most `limit` hits on `key` per `window`; after each hit the key rests for `gap`."""

    key: str
    limit: int
    window: timedelta
    gap: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try taken from a key's allowance: its number in the window, or when it may retry."""

    number: int  # 1, 2, ... ; 0 when refused
    locked_until: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.number > 0


def _is_deadlock(exc: OperationalError) -> bool:
    orig: Any = exc.orig
    code = orig.args[0] if orig is not None and orig.args else None
    return code in _DEADLOCK_CODES or getattr(orig, "sqlstate", None) in _DEADLOCK_STATES


def _retrying(work: Callable[[], T]) -> T:
    """Run a counting transaction again when the server picked it as a deadlock victim."""
    for attempt in range(1, _RETRIES + 1):
        try:
            return work()
        except OperationalError as exc:
            if attempt == _RETRIES or not _is_deadlock(exc):
                raise
            log.warning("rate counter deadlock, trying again", extra={"attempt": attempt})
    raise AssertionError("unreachable")


def _create_missing(session: Session, keys: Sequence[str], now: datetime) -> None:
    rows = [{"key": k, "count": 0, "window_ends_at": now, "locked_until": None} for k in keys]
    dialect = session.get_bind().dialect.name
    stmt: Insert
    if dialect in ("mysql", "mariadb"):
        # A no-op update rather than INSERT IGNORE: it takes the row's exclusive lock at once,
        # where IGNORE's shared lock would deadlock two sessions upgrading it.
        mine = mysql.insert(RateCounter).values(rows)
        stmt = mine.on_duplicate_key_update({"key": mine.inserted.key})
    elif dialect == "postgresql":
        stmt = postgresql.insert(RateCounter).values(rows).on_conflict_do_nothing()
    else:
        stmt = sqlite.insert(RateCounter).values(rows).on_conflict_do_nothing()
    session.execute(stmt)


def _rows(session: Session, keys: Sequence[str], now: datetime) -> dict[str, RateCounter]:
    """The counters for keys, created when missing and locked until the transaction ends."""
    ordered = sorted(set(keys))  # always the same order, so two transactions cannot deadlock
    _create_missing(session, ordered, now)
    found = session.scalars(
        select(RateCounter)
        .where(RateCounter.key.in_(ordered))
        .order_by(RateCounter.key)
        .with_for_update()
    )
    return {row.key: row for row in found}


def _restart_if_over(row: RateCounter, window: timedelta, now: datetime) -> None:
    if row.window_ends_at <= now:
        row.count, row.window_ends_at = 0, now + window


def locked_until(factory: sessionmaker[Session], key: str, now: datetime) -> datetime | None:
    """When the lock on key ends, or None when it is not locked."""
    with factory() as session:
        until = session.scalar(select(RateCounter.locked_until).where(RateCounter.key == key))
    return until if until is not None and until > now else None


def take_attempt(
    factory: sessionmaker[Session],
    key: str,
    *,
    limit: int,
    window: timedelta,
    lock_for: timedelta,
    now: datetime,
) -> Attempt:
    """Take one of `limit` tries in `window`, or be refused while key is locked.

    A try beyond the limit locks key at once: the last allowed try may still be being checked.
    """

    def work() -> Attempt:
        with transaction(factory) as session:
            row = _rows(session, [key], now)[key]
            if row.locked_until is not None and row.locked_until > now:
                return Attempt(0, row.locked_until)
            _restart_if_over(row, window, now)
            if row.count >= limit:
                row.count, row.locked_until = 0, now + lock_for
                return Attempt(0, row.locked_until)
            row.count += 1
            return Attempt(row.count)

    return _retrying(work)


def lock(factory: sessionmaker[Session], key: str, *, until: datetime, now: datetime) -> None:
    """Block key until a time, and start its count again."""

    def work() -> None:
        with transaction(factory) as session:
            row = _rows(session, [key], now)[key]
            row.count, row.locked_until = 0, until

    _retrying(work)


def reset(factory: sessionmaker[Session], key: str) -> None:
    """Start key's count again; a lock stays."""
    with transaction(factory) as session:
        session.execute(update(RateCounter).where(RateCounter.key == key).values(count=0))


def remove(factory: sessionmaker[Session], key: str) -> None:
    """Forget key altogether, its lock included."""
    with transaction(factory) as session:
        session.execute(delete(RateCounter).where(RateCounter.key == key))


def _blocked_until(row: RateCounter, quota: Quota, now: datetime) -> datetime | None:
    if row.locked_until is not None and row.locked_until > now:
        return row.locked_until
    if row.window_ends_at > now and row.count >= quota.limit:
        return row.window_ends_at
    return None


def take(factory: sessionmaker[Session], quotas: Sequence[Quota], now: datetime) -> datetime | None:
    """Count one hit on every quota, or on none: None when taken, else when to try again."""

    def work() -> datetime | None:
        with transaction(factory) as session:
            rows = _rows(session, [q.key for q in quotas], now)
            waits = [w for q in quotas if (w := _blocked_until(rows[q.key], q, now))]
            if waits:
                return max(waits)
            for quota in quotas:
                row = rows[quota.key]
                _restart_if_over(row, quota.window, now)
                row.count += 1
                if quota.gap:
                    row.locked_until = now + quota.gap
            return None

    return _retrying(work)
