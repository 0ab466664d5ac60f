"""A durable local outbox: writes the database could not take wait here until it returns.

Turn records and complaints are appended to a small SQLite file (synchronous=FULL: on disk before
the reply goes out) and written to the database later, in order, by `drain`. Each entry carries a
unique id that is recorded in the same database transaction as its row (see outbox_writes), so a
crash between that commit and the entry's removal never writes it twice. Erasing a customer holds
the file against drains and anonymises their entries (see outbox_erasure).
"""

import hashlib
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from helpline.errors import DatabaseUnavailable, OutboxBusy
from helpline.store.clock import utcnow

log = logging.getLogger(__name__)

# What "the database cannot be reached" looks like from here: driver errors (refused, reset,
# gone away, read-only file), an exhausted pool, or our own error from open_database.
DATABASE_DOWN: tuple[type[Exception], ...] = (DBAPIError, PoolTimeout, DatabaseUnavailable)
RETRY_AFTER_SECONDS = 2.0  # after a failed drain, turns do not knock again for this long
# How long a hold waits for a drain's entry to finish: the database's own timeouts, and more.
HOLD_WAIT_SECONDS = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    failed TEXT
)
"""


@dataclass(frozen=True, slots=True)
class QueuedTurn:
    """One conversations row, with the time it really happened."""

    phone: str
    customer_name: str | None
    user_input: str
    bot_response: str
    sentiment: str | None
    intent: str | None
    session_id: str | None
    channel: str
    timestamp: str  # ISO, naive UTC
    complaint_entry: str | None = None  # the queued complaint this turn filed
    # Made with the turn, before its first write, and stored with its row: a drain tells the
    # row of this turn (its INSERT committed unheard) from another turn that reads the same.
    turn_key: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True, slots=True)
class QueuedComplaint:
    """The arguments of file_complaint for a complaint taken while the database was down."""

    user_id: int
    phone: str
    complaint_type: str
    department: str
    priority: str
    description: str
    entities: list[dict[str, Any]]
    circle: str | None
    sentiment: str | None
    # Made before the first try and recorded with the report: a report whose COMMIT landed
    # unheard is found by it when the outbox writes it again (entries queued before keys: None).
    report_key: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    kind: str
    payload: dict[str, Any]
    created_at: str


Writer = Callable[[sessionmaker[Session], Entry], None]


def outbox_path(cache_dir: Path, database_url: str) -> Path:
    """One outbox per database, so entries are only ever written where they were meant to go."""
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return cache_dir / f"outbox-{digest}.sqlite3"


class Outbox:
    """Entries in a local SQLite file, appended durably and drained in order."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self._clock = clock
        self._retry_at = 0.0
        self._mutex = threading.Lock()
        # The file is made on the first entry: a process whose database never fails leaves none.
        self._maybe_pending = path.exists() and self.pending() > 0

    def _connect(self, timeout: float = 10.0) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        # FULL: the commit is fsync'd, so an acknowledged entry survives a crash or power cut.
        conn.execute("PRAGMA synchronous=FULL")
        # Entries quote customers: what is written or erased is zeroed in the file, not left
        # in its free pages.
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute(_SCHEMA)
        return conn

    def put_turn(self, turn: QueuedTurn) -> str:
        return self._put("turn", asdict(turn))

    def put_complaint(self, complaint: QueuedComplaint) -> str:
        return self._put("complaint", asdict(complaint))

    def _put(self, kind: str, payload: dict[str, Any]) -> str:
        entry_id = uuid.uuid4().hex
        conn = self._connect()
        try:
            conn.execute(
                "INSERT INTO outbox (id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                (entry_id, kind, json.dumps(payload, ensure_ascii=False), utcnow().isoformat()),
            )
        finally:
            conn.close()
        self._maybe_pending = True
        log.warning("database write queued in the outbox", extra={"kind": kind, "entry": entry_id})
        return entry_id

    @property
    def holds_entries(self) -> bool:
        """Whether entries may be waiting: a new one must then queue behind them, in order."""
        return self._maybe_pending

    def pending(self) -> int:
        """Entries still waiting (those that failed for good are not counted)."""
        conn = self._connect()
        try:
            return int(
                conn.execute("SELECT COUNT(*) FROM outbox WHERE failed IS NULL").fetchone()[0]
            )
        finally:
            conn.close()

    @contextmanager
    def held(self) -> Iterator["HeldEntries"]:
        """Every entry, with drains (of this process and of others) held off until the block
        ends; changes are kept only when it ends without an error. Raises OutboxBusy when a
        drain's entry does not finish within HOLD_WAIT_SECONDS."""
        if not self.path.exists():
            yield HeldEntries(None)  # nothing was ever queued here
            return
        conn = self._connect(timeout=HOLD_WAIT_SECONDS)
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise OutboxBusy(f"the outbox {self.path} is busy: try again") from exc
            try:
                yield HeldEntries(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def drain(self, factory: sessionmaker[Session], write: Writer) -> int:
        """Write waiting entries in order until none is left or the database fails again.

        Cheap when nothing waits; after a failure, further calls wait RETRY_AFTER_SECONDS.
        Returns how many entries were written.
        """
        if not self._maybe_pending or self._clock() < self._retry_at or not self.path.exists():
            return 0
        if not self._mutex.acquire(blocking=False):
            return 0  # another thread of this process is draining
        try:
            return self._drain(factory, write)
        finally:
            self._mutex.release()

    def _drain(self, factory: sessionmaker[Session], write: Writer) -> int:
        written = 0
        try:
            conn = self._connect(timeout=0.2)
        except sqlite3.OperationalError:
            return 0
        try:
            while True:
                # The file's write lock, held while one entry is written: another process
                # draining the same outbox waits instead of writing the entry too.
                conn.execute("BEGIN IMMEDIATE")
                row = conn.execute(
                    "SELECT seq, id, kind, payload, created_at FROM outbox"
                    " WHERE failed IS NULL ORDER BY seq LIMIT 1"
                ).fetchone()
                if row is None:
                    conn.execute("COMMIT")
                    self._maybe_pending = False
                    return written
                entry = Entry(row[1], row[2], json.loads(row[3]), row[4])
                if not self._write_one(conn, row[0], entry, factory, write):
                    conn.execute("ROLLBACK")
                    self._retry_at = self._clock() + RETRY_AFTER_SECONDS
                    return written
                conn.execute("COMMIT")
                written += 1
        except sqlite3.OperationalError:
            log.warning("outbox busy: another process is draining it")
            return written
        finally:
            conn.close()

    def _write_one(
        self,
        conn: sqlite3.Connection,
        seq: int,
        entry: Entry,
        factory: sessionmaker[Session],
        write: Writer,
    ) -> bool:
        """Write one entry and remove it; False when the database is still down."""
        try:
            write(factory, entry)
        except DATABASE_DOWN as exc:
            if not _is_bad_data(exc):
                log.warning("outbox not drained: database still down", extra={"entry": entry.id})
                return False
            self._mark_failed(conn, seq, entry, exc)
            return True
        except SQLAlchemyError as exc:
            self._mark_failed(conn, seq, entry, exc)
            return True
        conn.execute("DELETE FROM outbox WHERE seq = ?", (seq,))
        log.info("outbox entry written", extra={"kind": entry.kind, "entry": entry.id})
        return True

    @staticmethod
    def _mark_failed(conn: sqlite3.Connection, seq: int, entry: Entry, exc: Exception) -> None:
        # Kept, not dropped: an operator can read it back; it no longer blocks the entries after.
        log.error("outbox entry refused by the database", extra={"entry": entry.id}, exc_info=exc)
        conn.execute("UPDATE outbox SET failed = ? WHERE seq = ?", (type(exc).__name__, seq))


class HeldEntries:
    """The entries of a held outbox, waiting or failed, oldest first; changed in place."""

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn

    def entries(self) -> list[Entry]:
        if self._conn is None:
            return []
        rows = self._conn.execute("SELECT id, kind, payload, created_at FROM outbox ORDER BY seq")
        return [Entry(row[0], row[1], json.loads(row[2]), row[3]) for row in rows]

    def replace(self, entry: Entry, payload: dict[str, Any]) -> None:
        """Write the entry again with this payload (its id, kind and place stay)."""
        assert self._conn is not None  # an entry came from entries()
        self._conn.execute(
            "UPDATE outbox SET payload = ? WHERE id = ?",
            (json.dumps(payload, ensure_ascii=False), entry.id),
        )


def _is_bad_data(exc: Exception) -> bool:
    """An entry the database rejects on its merits (constraint, bad value), not for an outage."""
    return isinstance(exc, IntegrityError | DataError)
