"""SQLite: readers never wait for a writer; writers queue; a lock never had is one clear error."""

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from engine_kit import DEMO_PHONE
from sqlalchemy import func, select, update

from helpline.config import Settings
from helpline.store import db
from helpline.store.customers import get_customer_by_phone
from helpline.store.db import Database, open_database, transaction
from helpline.store.models import Plan, Transaction, User
from helpline.store.recharge import apply_recharge, plan_data_mb


def _copy(seeded_file: Path, tmp_path: Path, **settings: object) -> Database:
    target = tmp_path / "helpline.db"
    shutil.copy(seeded_file, target)
    return open_database(Settings(database_url=f"sqlite:///{target}", **settings))


def _hold_write_lock(database: Database, seconds: float, held: threading.Event) -> None:
    with transaction(database.sessions) as session:
        session.execute(update(User).where(User.phone == DEMO_PHONE).values(circle="Delhi"))
        held.set()
        time.sleep(seconds)


def test_a_reader_is_not_blocked_by_a_long_writer(seeded_file: Path, tmp_path: Path) -> None:
    database = _copy(seeded_file, tmp_path)
    held = threading.Event()
    writer = threading.Thread(target=_hold_write_lock, args=(database, 3.0, held))
    writer.start()
    assert held.wait(5)
    started = time.monotonic()
    with database.sessions() as session:
        count = session.scalar(select(func.count()).select_from(User))
    took = time.monotonic() - started
    writer.join()
    assert count and took < 1.0, took
    database.dispose()


def test_a_write_lock_never_had_is_a_clear_busy_error(seeded_file: Path, tmp_path: Path) -> None:
    database = _copy(seeded_file, tmp_path, db_timeout_s=0.1)
    held = threading.Event()
    writer = threading.Thread(target=_hold_write_lock, args=(database, 3.0, held))
    writer.start()
    assert held.wait(5)
    busy = pytest.raises(db.DatabaseBusy, match="the database is busy, try again")
    with busy, transaction(database.sessions) as session:
        session.execute(update(User).where(User.phone == DEMO_PHONE).values(circle="Goa"))
    writer.join()
    database.dispose()


def test_concurrent_recharges_all_land_with_exact_balances(
    seeded_file: Path, tmp_path: Path
) -> None:
    first = _copy(seeded_file, tmp_path)
    with first.sessions() as session:
        user = get_customer_by_phone(session, DEMO_PHONE)
        pack = session.scalars(select(Plan).where(Plan.is_active, Plan.category != "unlimited"))
        plan = next(iter(pack))
        start_mb, start_main = user.balance_mb, user.main_balance
        start_txns = session.scalar(select(func.count()).select_from(Transaction))
    first.dispose()
    workers = 24
    url = f"sqlite:///{tmp_path / 'helpline.db'}"

    def recharge(_: int) -> str:
        # Each worker its own engine, as separate `helpline recharge` processes would have.
        database = open_database(Settings(database_url=url))
        try:
            return apply_recharge(database.sessions, DEMO_PHONE, plan.plan_id).reference
        finally:
            database.dispose()

    with ThreadPoolExecutor(workers) as pool:
        references = list(pool.map(recharge, range(workers)))
    assert len(set(references)) == workers
    check = open_database(Settings(database_url=url))
    with check.sessions() as session:
        user = get_customer_by_phone(session, DEMO_PHONE)
        txns = session.scalar(select(func.count()).select_from(Transaction))
        talktime = plan.talktime or Decimal(0)
        assert txns == (start_txns or 0) + workers
        assert user.main_balance == start_main + workers * talktime
        assert user.balance_mb == start_mb + workers * plan_data_mb(plan)
    check.dispose()


def _open_when_all_ready(url: str, start: threading.Barrier) -> str:
    start.wait()
    database = open_database(Settings(database_url=url))
    try:
        with database.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())
    finally:
        database.dispose()


def test_processes_opening_a_new_file_at_once_all_get_in(tmp_path: Path) -> None:
    # Each connection switches the new file to WAL; SQLite refuses the losers of that race
    # at once instead of waiting, which made concurrent `helpline db upgrade` fail now and then.
    openers = 6
    for attempt in range(15):
        url = f"sqlite:///{tmp_path / f'new-{attempt}.db'}"
        start = threading.Barrier(openers)
        with ThreadPoolExecutor(openers) as pool:
            modes = list(pool.map(_open_when_all_ready, [url] * openers, [start] * openers))
        assert modes == ["wal"] * openers
