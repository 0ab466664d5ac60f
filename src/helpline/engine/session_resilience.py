"""Sessions that survive a Redis blip: the shared store, with this process's memory beneath it.

Every session this process saves is also kept in its memory. When Redis fails (a dropped
connection is retried once; a stall is not, since it would cost a second timeout), the process
carries on from memory in a logged degraded mode, and a breaker stops it from asking Redis again
for a few seconds, so a stalled Redis costs at most one short timeout per turn. Once Redis
answers again, sessions that moved on only in memory are written back to it.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from helpline.breaker import CircuitBreaker
from helpline.engine.session import SessionState
from helpline.engine.session_store import MemorySessionStore, SessionStore, SessionStoreUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Away:
    """What a call to the shared store gives when the store could not be used."""


AWAY = _Away()


def _dropped(exc: BaseException) -> bool:
    """A dropped connection is worth one more try (a fresh one); a timeout is not."""
    cause = exc.__cause__
    return (
        isinstance(exc, SessionStoreUnavailable)
        and isinstance(cause, RedisConnectionError)
        and not isinstance(cause, RedisTimeoutError)
    )


class ResilientSessionStore:
    """A SessionStore over a shared one (Redis) that falls back to this process's memory."""

    def __init__(
        self,
        shared: SessionStore,
        *,
        attempts: int = 2,
        retry_wait_s: float = 0.05,
        breaker: CircuitBreaker | None = None,
        local: MemorySessionStore | None = None,
    ) -> None:
        self.ttl_seconds = shared.ttl_seconds
        self._shared = shared
        self._local = local or MemorySessionStore(ttl_seconds=shared.ttl_seconds)
        self._breaker = breaker or CircuitBreaker(failures=1, reset_after_s=5.0)
        self._attempts = max(attempts, 1)
        self._retry_wait_s = retry_wait_s
        self._mutex = threading.Lock()
        self._degraded = False
        self._unsynced: set[str] = set()  # sessions saved only in memory while Redis was away

    @property
    def degraded(self) -> bool:
        """True while this process serves sessions from its own memory."""
        return self._degraded

    def load(self, session_id: str) -> SessionState | None:
        remote = self._call("load", lambda: self._shared.load(session_id))
        if isinstance(remote, _Away):
            return self._local.load(session_id)
        with self._mutex:
            unsynced = session_id in self._unsynced
        if unsynced:
            return self._reconcile(session_id, remote)
        # Kept fresh here too, so that a Redis outage continues from the latest turn.
        if remote is None:
            self._local.delete(session_id)
        else:
            self._local.save(remote)
        return remote

    def exists(self, session_id: str) -> bool:
        remote = self._call("exists", lambda: self._shared.exists(session_id))
        if remote is True:
            return True
        with self._mutex:
            unsynced = session_id in self._unsynced
        # Away, or saved only here during an outage: this process's copy answers (load would
        # then write it back to Redis).
        if isinstance(remote, _Away) or unsynced:
            return self._local.exists(session_id)
        return False

    def save(self, state: SessionState) -> None:
        self._local.save(state)
        stored = self._call("save", lambda: self._shared.save(state))
        with self._mutex:
            if isinstance(stored, _Away):
                self._unsynced.add(state.session_id)
            else:
                self._unsynced.discard(state.session_id)

    def delete(self, session_id: str) -> None:
        self._local.delete(session_id)
        with self._mutex:
            self._unsynced.discard(session_id)
        self._call("delete", lambda: self._shared.delete(session_id))

    def add_failure(self, key: str, window_seconds: int) -> int:
        count = self._call("add_failure", lambda: self._shared.add_failure(key, window_seconds))
        if isinstance(count, _Away):
            return self._local.add_failure(key, window_seconds)
        return count

    def clear_failures(self, key: str) -> None:
        self._local.clear_failures(key)
        self._call("clear_failures", lambda: self._shared.clear_failures(key))

    def lock(self, key: str, seconds: int) -> None:
        # Also kept here: a lock set while Redis is away must still hold when it is back.
        self._local.lock(key, seconds)
        self._call("lock", lambda: self._shared.lock(key, seconds))

    def locked_for(self, key: str) -> int:
        remote = self._call("locked_for", lambda: self._shared.locked_for(key))
        local = self._local.locked_for(key)
        return local if isinstance(remote, _Away) else max(remote, local)

    def __getattr__(self, name: str) -> Any:
        # Anything else the shared store offers is passed straight through.
        return getattr(self._shared, name)

    def _reconcile(self, session_id: str, remote: SessionState | None) -> SessionState | None:
        """Of the copy in Redis and the one kept here during an outage, the one further on."""
        local = self._local.load(session_id)
        if local is None or (remote is not None and remote.turns >= local.turns):
            newer = remote
        else:
            newer = local
            if isinstance(self._call("save", lambda: self._shared.save(local)), _Away):
                return newer
        with self._mutex:
            self._unsynced.discard(session_id)
        return newer

    def _call(self, what: str, call: Callable[[], T]) -> T | _Away:
        """The shared store's answer, or AWAY when it failed or the breaker keeps it closed."""
        if not self._breaker.allow():
            return AWAY
        try:
            result = self._retried(call)
        except SessionStoreUnavailable as exc:
            self._breaker.failure()
            self._enter_degraded(what, exc)
            return AWAY
        self._breaker.success()
        self._leave_degraded()
        return result

    def _retried(self, call: Callable[[], T]) -> T:
        # A plain loop, not tenacity: its bookkeeping cost more than the Redis call itself, and
        # every turn makes two or three of these calls.
        for attempt in range(1, self._attempts + 1):
            try:
                return call()
            except SessionStoreUnavailable as exc:
                if attempt == self._attempts or not _dropped(exc):
                    raise
            time.sleep(self._retry_wait_s)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _enter_degraded(self, what: str, exc: SessionStoreUnavailable) -> None:
        with self._mutex:
            entering, self._degraded = not self._degraded, True
        if entering:
            log.warning(
                "session store unreachable, keeping sessions in this process's memory",
                extra={"operation": what, "error": str(exc.__cause__ or exc)},
            )

    def _leave_degraded(self) -> None:
        with self._mutex:
            leaving, self._degraded = self._degraded, False
            pending = len(self._unsynced)
        if leaving:
            log.info("session store reachable again", extra={"sessions_to_sync": pending})
