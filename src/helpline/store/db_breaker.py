"""A database that stops answering costs one timeout, not one per statement.

The drivers' timeouts (store/db.py) bound each wait, but a turn makes several statements and a
stalled server made each of them wait its own timeout, pre-ping and reconnect included (measured
with the default 5 s: 10 to 20 s a turn, on every turn of the outage). So once a wait for the
database runs out, this process treats it as not answering: a new connection is refused at once
with DatabaseNotAnswering, a SQLAlchemy OperationalError like any failure to connect, which the
degraded paths already handle (account cache, outbox, refused recharge). After the cool-off a
probe asks in the background; until it gets an answer every call is refused, so no customer's
turn waits for the probe.

Only waits that ran out open the breaker: a refused or dropped connection fails fast by itself,
and a connection cut after a recharge's COMMIT must leave the look-ups of its key free to run
(engine/actions/recharge.py). A connection already handed out is never refused: a COMMIT on its
way is answered by the database or by the driver's timeout, never by the breaker.
"""

import logging
import threading

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import OperationalError

from helpline.breaker import BreakerState, CircuitBreaker

log = logging.getLogger(__name__)


class DatabaseNotAnswering(OperationalError):
    """Refused without asking: a wait for the database ran out a moment ago."""

    def __init__(self, reason: str) -> None:
        super().__init__(None, None, ConnectionError(reason))

    def __reduce__(self) -> tuple[type["DatabaseNotAnswering"], tuple[str]]:
        return (self.__class__, (str(self.orig),))


def ran_out_of_time(exc: BaseException, timeouts: tuple[type[BaseException], ...]) -> bool:
    """Whether the error, or one it was raised from, is a wait that ran out (the drivers wrap a
    socket timeout in their own error, raised while handling it)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, timeouts):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


class DatabaseBreaker:
    """Opened by a database wait that ran out; closed by a background probe that gets an answer.

    One per engine, so one per process and database.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        reset_after_s: float,
        timeouts: tuple[type[BaseException], ...] = (TimeoutError,),
    ) -> None:
        self._engine = engine
        self._breaker = CircuitBreaker(failures=1, reset_after_s=reset_after_s)
        self._reset_after_s = reset_after_s
        self._timeouts = timeouts
        self._reason = ""
        self._thread = threading.local()  # .probing: this thread is the probe
        # Before any other connect listener (db.py registers this breaker first): PostgreSQL's
        # own one makes the connection, and the listeners after it are not called.
        event.listen(engine, "do_connect", self._before_connect)
        event.listen(engine, "handle_error", self._on_error)

    def _before_connect(self, *_args: object) -> None:
        """Every new connection, the pool's reconnects after a failed pre-ping included."""
        if getattr(self._thread, "probing", False):
            return
        if self._breaker.state is BreakerState.CLOSED:
            return
        if self._breaker.allow():  # the cool-off is over: the one trial, in the background
            threading.Thread(target=self._probe, name="helpline-db-probe", daemon=True).start()
        raise DatabaseNotAnswering(
            f"not asked: a wait for the database ran out a moment ago ({self._reason}); "
            f"it is asked again every {self._reset_after_s:g} s"
        )

    def _on_error(self, context: ExceptionContext) -> None:
        if not ran_out_of_time(context.original_exception, self._timeouts):
            return
        self._reason = _first_line(context.original_exception)
        if getattr(self._thread, "probing", False):
            return  # the probe counts its own failure
        opening = self._breaker.state is BreakerState.CLOSED
        self._breaker.failure()
        if opening:
            log.warning(
                "database not answering: calls fail at once until a probe gets an answer",
                extra={"error": self._reason, "probe_every_s": self._reset_after_s},
            )

    def _probe(self) -> None:
        self._thread.probing = True
        try:
            with self._engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # whatever it was, the database cannot be used yet
            self._breaker.failure()
            log.info("database still not answering", extra={"error": _first_line(exc)})
        else:
            self._breaker.success()
            log.warning("database answering again")
        finally:
            self._thread.probing = False
