"""The one place that builds database engines and sessions."""

import logging
import sqlite3
import ssl
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from helpline.config import Settings
from helpline.errors import DatabaseUnavailable
from helpline.logs import enable_sql_echo
from helpline.store.db_breaker import DatabaseBreaker
from helpline.store.write_gate import WriteGate

log = logging.getLogger(__name__)
# A connection given this execution option begins a write transaction (BEGIN IMMEDIATE on SQLite).
WRITER = "helpline_writer"
# SQLite writers queue on one local lock, each for one short transaction: waiting in that queue
# (measured: 20 concurrent `helpline recharge` processes on a loaded 2-core machine needed more
# than 5 s) is better than refusing, so a writer waits this many database timeouts (30 s).
SQLITE_BUSY_FACTOR = 6
# Each SQLite engine's write gate (write_gate.py), looked up by transaction().
_GATES: "WeakKeyDictionary[Engine, WriteGate]" = WeakKeyDictionary()


class DatabaseBusy(DatabaseUnavailable):
    """Another writer held the database longer than the busy timeout (SQLite)."""


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def where(url: URL) -> str:
    """'host:port/db' or the SQLite file: enough to tell an operator which database failed."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database or ':memory:'}"
    port = f":{url.port}" if url.port else ""
    return f"{url.get_backend_name()} at {url.host or 'localhost'}{port}/{url.database or ''}"


def _mysql_tls(settings: Settings) -> dict[str, Any]:
    # TiDB Cloud and managed MySQL require TLS; PyMySQL takes an SSLContext.
    if settings.db_ssl_ca is None:
        return {}
    context = ssl.create_default_context(cafile=str(settings.db_ssl_ca))
    context.check_hostname = settings.db_ssl_verify_hostname
    return {"ssl": context}


def _switch_to_wal(cursor: sqlite3.Cursor, *, deadline: float) -> None:
    """Put the file in WAL mode, waiting for other connections doing the same.

    Connections that open a new file at once each read it and then ask for the exclusive lock
    to switch: SQLite answers "locked" at once instead of calling the busy handler, because
    waiting could deadlock. The switch is persistent, so a short retry settles it.
    """
    pause = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _sqlite_pragmas(engine: Engine, timeout_s: float) -> None:
    database = engine.url.database
    on_disk = bool(database) and database != ":memory:" and not str(database).startswith("file:")
    gate_file = Path(f"{database}-writers.lock") if on_disk else None
    _GATES[engine] = WriteGate(gate_file, timeout_s=timeout_s * SQLITE_BUSY_FACTOR)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # pysqlite's own transaction handling is off so that BEGIN IMMEDIATE below takes the
        # write lock at the start: two recharges of one customer then serialise, not race.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        # First, so that switching to WAL below also waits for a writer instead of failing.
        # A writer waits this long for another before giving up with DatabaseBusy.
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_s * SQLITE_BUSY_FACTOR * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        _switch_to_wal(cursor, deadline=time.monotonic() + timeout_s * SQLITE_BUSY_FACTOR)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Only writers take the write lock up front; under WAL a reader never waits for one.
        writer = conn.get_execution_options().get(WRITER, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def _pg_read_timeout(engine: Engine, timeout_s: float) -> None:
    """Give every PostgreSQL wait a deadline: libpq has no read timeout of its own.

    statement_timeout only helps when the server is alive; a server (or network) that stops
    answering with the connection open would otherwise hang the turn, and pre-ping with it.
    """
    import psycopg  # the driver is imported only when PostgreSQL is configured

    class _Connection(psycopg.Connection[Any]):
        # None: no deadline (see allow_long_statements).
        read_timeout_s: float | None = timeout_s

        def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
            limit = timeout or self.read_timeout_s
            try:
                return super().wait(gen, interval, limit)
            except psycopg.errors._WaitTimeout:
                self.pgconn.finish()  # mid-reply: the connection cannot be used again
                said = f"the database did not answer within {limit:g} s"
                # A TimeoutError as its cause, as PyMySQL's errors have: the breaker looks for it.
                raise psycopg.OperationalError(said) from TimeoutError(said)

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        return _Connection.connect(*cargs, **cparams)


def _server_timeouts(backend: str, timeout_s: float) -> dict[str, Any]:
    """Connect, read and write limits, so a database that stops answering fails the turn fast."""
    seconds = max(1, round(timeout_s))
    if backend == "mysql":
        return {"connect_timeout": seconds, "read_timeout": seconds, "write_timeout": seconds}
    # PostgreSQL: the server ends a statement after the limit; keepalives find a dead peer.
    return {
        "connect_timeout": seconds,
        "options": f"-c statement_timeout={int(timeout_s * 1000)}",
        "keepalives": 1,
        "keepalives_idle": seconds,
        "keepalives_interval": 1,
        "keepalives_count": 3,
        "tcp_user_timeout": int(timeout_s * 1000),
    }


def _timeout_errors(backend: str) -> tuple[type[BaseException], ...]:
    """What a wait that ran out looks like, somewhere in a driver error's chain."""
    if backend != "postgresql":
        return (TimeoutError,)  # PyMySQL raises its error while handling the socket's timeout
    import psycopg

    return (TimeoutError, psycopg.errors.ConnectionTimeout)


def make_engine(settings: Settings, *, url: str | None = None) -> Engine:
    """An engine for the configured database, with pre-ping and TLS where configured; on a
    server, with the breaker that keeps a stalled database to one wait (store/db_breaker)."""
    raw = url or settings.database_url.get_secret_value()
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise DatabaseUnavailable(
            f"HELPLINE_DATABASE_URL is not a database URL: {safe_url(raw)}"
        ) from None
    backend = parsed.get_backend_name()
    # Parameters stay out of every SQL error and echo line: they hold names and phone numbers.
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False}
        # A SQLite connection is an open file: it never goes stale as a server's connection
        # does, so the ping would only add a statement to every check-out (two a turn).
        kwargs["pool_pre_ping"] = False
    else:
        kwargs.update(pool_size=settings.db_pool_size, max_overflow=10, pool_recycle=1800)
        if backend == "mysql":
            if parsed.drivername == "mysql":
                parsed = parsed.set(drivername="mysql+pymysql")
            parsed = parsed.update_query_dict({"charset": "utf8mb4"})
            kwargs["connect_args"] = {
                **_server_timeouts("mysql", settings.db_timeout_s),
                **_mysql_tls(settings),
            }
        elif backend == "postgresql":
            if parsed.drivername in ("postgresql", "postgres"):
                parsed = parsed.set(drivername="postgresql+psycopg")
            kwargs["connect_args"] = _server_timeouts("postgresql", settings.db_timeout_s)
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseUnavailable(f"cannot use {where(parsed)}: {type(exc).__name__}") from None
    if backend == "sqlite":
        _sqlite_pragmas(engine, settings.db_timeout_s)
    else:
        # First: its connect listener must run before PostgreSQL's, which makes the connection.
        DatabaseBreaker(
            engine, reset_after_s=settings.db_breaker_reset_s, timeouts=_timeout_errors(backend)
        )
    if backend == "postgresql":
        _pg_read_timeout(engine, settings.db_timeout_s)
    if settings.db_echo:
        enable_sql_echo()
    return engine


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable with one line naming the host when the database cannot be used."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        # The driver's message can carry the URL; never let the password through.
        password = engine.url.password
        if password:
            reason = reason.replace(str(password), "***")
        raise DatabaseUnavailable(f"cannot reach {where(engine.url)}: {reason}") from None


def allow_long_statements(conn: Connection) -> None:
    """Lift the read/write and statement timeouts on one connection (migrations: DDL on a large
    table runs for minutes). Invalidate the connection afterwards so the pool never reuses it."""
    dbapi = conn.connection.dbapi_connection
    backend = conn.engine.url.get_backend_name()
    if backend == "mysql":
        # PyMySQL reads these on every socket operation.
        dbapi._read_timeout = None  # type: ignore[union-attr]
        dbapi._write_timeout = None  # type: ignore[union-attr]
    elif backend == "postgresql":
        dbapi.read_timeout_s = None  # type: ignore[union-attr]
        conn.exec_driver_sql("SET statement_timeout = 0")
        conn.commit()  # a session setting: it outlives this transaction


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A write transaction: committed on success, rolled back on any error.

    On SQLite it takes the write lock at its start; a lock still held by another writer after
    the busy timeout raises DatabaseBusy; this process's writers, and other processes', queue for
    it on the engine's write gate.
    """
    with _write_gate(factory), _transaction(factory) as session:
        yield session


def _write_gate(factory: sessionmaker[Session]) -> AbstractContextManager[None]:
    gate = _GATES.get(factory.kw.get("bind"))  # type: ignore[arg-type]
    return gate.held() if gate is not None else nullcontext()


@contextmanager
def _transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    try:
        with factory() as session, session.begin():
            writer: dict[str, Any] = {WRITER: True}
            session.connection(execution_options=writer)
            yield session
    except OperationalError as exc:
        if "database is locked" not in str(exc.orig):
            raise
        raise DatabaseBusy("the database is busy, try again") from None


class Database:
    """An engine and its session factory: what the rest of helpline is handed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = make_sessionmaker(engine)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(settings: Settings, *, url: str | None = None, check: bool = True) -> Database:
    """Build the configured database and, by default, prove it answers."""
    engine = make_engine(settings, url=url)
    if check:
        check_connection(engine)
    return Database(engine)
