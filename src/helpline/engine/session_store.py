"""Where session state and verification counters live between turns.

In-memory for one process; Redis when several processes serve one conversation. Entries expire
after the idle timeout, and every save starts the timeout again.
"""

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, cast

from redis import Redis
from redis.exceptions import RedisError

from helpline.engine.session import SessionState
from helpline.errors import HelplineError

Clock = Callable[[], float]


class SessionStoreUnavailable(HelplineError):
    """The shared session store (Redis) cannot be reached."""


class SessionStore(Protocol):
    """Session state by id, and counters that lock a number after repeated failures."""

    ttl_seconds: int

    def load(self, session_id: str) -> SessionState | None:
        """The live session, or None when it never existed or has been idle too long."""
        ...

    def save(self, state: SessionState) -> None:
        """Store the session and restart its idle timeout."""
        ...

    def exists(self, session_id: str) -> bool:
        """Whether the session is live, without reading it (a check before every API turn)."""
        ...

    def delete(self, session_id: str) -> None: ...

    def add_failure(self, key: str, window_seconds: int) -> int:
        """Count one failure for key within a window; returns the count so far."""
        ...

    def clear_failures(self, key: str) -> None: ...

    def lock(self, key: str, seconds: int) -> None: ...

    def locked_for(self, key: str) -> int:
        """Seconds until key is unlocked; 0 when it is not locked."""
        ...

    def forget_phone(self, phone: str) -> int:
        """Delete every live session of this 10-digit number and its failure counters and
        locks (erasure of personal data); returns how many sessions were deleted."""
        ...


_NOT_DIGITS = re.compile(rb"\D")


def _quotes(raw: bytes, phone: str) -> bool:
    """Whether the number is anywhere in raw, however it was spaced or dashed."""
    return phone.encode() in _NOT_DIGITS.sub(b"", raw)


def _belongs_to(state: SessionState, phone: str) -> bool:
    """The session of this number, or one whose lines still quote it (the number being
    verified is cleared on a lock, but the line that gave it stays in the history)."""
    if state.phone == phone:
        return True
    return any(_quotes(e.user.encode(), phone) for e in state.history)


def _counts_phone(key: str, phone: str) -> bool:
    # Counter and lock keys end with the number they guard ("otp:9876543210").
    return key.rsplit(":", 1)[-1] == phone


class MemorySessionStore:
    """A process-local store; the clock is injectable so tests can let time pass."""

    _SWEEP_EVERY = 256

    def __init__(self, *, ttl_seconds: int, clock: Clock = time.monotonic) -> None:
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        # States are frozen values, so they are kept as they are: no JSON round trip per turn.
        self._sessions: dict[str, tuple[float, SessionState]] = {}
        self._counters: dict[str, tuple[float, int]] = {}
        self._locks: dict[str, float] = {}
        self._mutex = threading.Lock()
        self._saves = 0

    def load(self, session_id: str) -> SessionState | None:
        with self._mutex:
            entry = self._sessions.get(session_id)
            if entry is None:
                return None
            if entry[0] <= self._clock():
                del self._sessions[session_id]
                return None
            return entry[1]

    def save(self, state: SessionState) -> None:
        with self._mutex:
            now = self._clock()
            self._sessions[state.session_id] = (now + self.ttl_seconds, state)
            self._saves += 1
            if self._saves % self._SWEEP_EVERY == 0:
                self._sweep(now)

    def exists(self, session_id: str) -> bool:
        return self.load(session_id) is not None

    def delete(self, session_id: str) -> None:
        with self._mutex:
            self._sessions.pop(session_id, None)

    def add_failure(self, key: str, window_seconds: int) -> int:
        with self._mutex:
            now = self._clock()
            expires, count = self._counters.get(key, (0.0, 0))
            if expires <= now:
                expires, count = now + window_seconds, 0
            self._counters[key] = (expires, count + 1)
            return count + 1

    def clear_failures(self, key: str) -> None:
        with self._mutex:
            self._counters.pop(key, None)

    def lock(self, key: str, seconds: int) -> None:
        with self._mutex:
            self._locks[key] = self._clock() + seconds

    def locked_for(self, key: str) -> int:
        with self._mutex:
            until = self._locks.get(key, 0.0)
            left = until - self._clock()
            if left <= 0:
                self._locks.pop(key, None)
                return 0
            return max(int(left + 0.999), 1)

    def forget_phone(self, phone: str) -> int:
        with self._mutex:
            gone = [sid for sid, (_, st) in self._sessions.items() if _belongs_to(st, phone)]
            for sid in gone:
                del self._sessions[sid]
            for key in [k for k in self._counters if _counts_phone(k, phone)]:
                del self._counters[key]
            for key in [k for k in self._locks if _counts_phone(k, phone)]:
                del self._locks[key]
            return len(gone)

    def _sweep(self, now: float) -> None:
        # Abandoned sessions would otherwise stay in memory for the life of the process.
        for sid in [s for s, (exp, _) in self._sessions.items() if exp <= now]:
            del self._sessions[sid]
        for key in [k for k, (exp, _) in self._counters.items() if exp <= now]:
            del self._counters[key]


class RedisSessionStore:
    """Sessions as JSON strings in Redis with the idle timeout as their TTL."""

    def __init__(self, client: Redis, *, ttl_seconds: int, prefix: str = "helpline:") -> None:
        self.ttl_seconds = ttl_seconds
        self._redis = client
        self._prefix = prefix

    def _key(self, kind: str, name: str) -> str:
        return f"{self._prefix}{kind}:{name}"

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """Turn the client's errors into one of ours, which the edges report in one line."""
        try:
            yield
        except RedisError as exc:
            raise SessionStoreUnavailable(f"the session store (Redis) failed: {exc}") from exc

    def load(self, session_id: str) -> SessionState | None:
        with self._reachable():
            # The sync client's stubs type replies as "Awaitable | Any"; here they are values.
            raw = cast("bytes | None", self._redis.get(self._key("session", session_id)))
        return None if raw is None else SessionState.from_json(raw)

    def save(self, state: SessionState) -> None:
        with self._reachable():
            key = self._key("session", state.session_id)
            self._redis.set(key, state.to_json(), ex=self.ttl_seconds)

    def exists(self, session_id: str) -> bool:
        with self._reachable():
            return bool(self._redis.exists(self._key("session", session_id)))

    def delete(self, session_id: str) -> None:
        with self._reachable():
            self._redis.delete(self._key("session", session_id))

    def add_failure(self, key: str, window_seconds: int) -> int:
        name = self._key("failures", key)
        with self._reachable():
            pipe = self._redis.pipeline()
            pipe.incr(name)
            pipe.expire(name, window_seconds, nx=True)
            count, _ = pipe.execute()
        return int(count)

    def clear_failures(self, key: str) -> None:
        with self._reachable():
            self._redis.delete(self._key("failures", key))

    def lock(self, key: str, seconds: int) -> None:
        with self._reachable():
            self._redis.set(self._key("lock", key), b"1", ex=seconds)

    def locked_for(self, key: str) -> int:
        with self._reachable():
            left = cast(int, self._redis.ttl(self._key("lock", key)))
        return max(int(left), 0)

    def forget_phone(self, phone: str) -> int:
        # SCAN, never KEYS: KEYS blocks the server while it walks every key of a busy store.
        sessions = f"{_glob_escape(self._prefix)}session:*"
        gone = 0
        with self._reachable():
            batch: list[bytes] = []
            for key in self._redis.scan_iter(match=sessions, count=500):
                batch.append(cast(bytes, key))
                if len(batch) >= 500:
                    gone += self._drop_sessions(batch, phone)
                    batch = []
            gone += self._drop_sessions(batch, phone)
            guards = [
                f"{_glob_escape(self._prefix)}{kind}:*:{phone}" for kind in ("failures", "lock")
            ]
            for pattern in guards:
                keys = list(self._redis.scan_iter(match=pattern, count=500))
                if keys:
                    self._redis.delete(*keys)
        return gone

    def _drop_sessions(self, keys: list[bytes], phone: str) -> int:
        if not keys:
            return 0
        values = cast("list[bytes | None]", self._redis.mget(keys))
        # Only sessions that mention the number at all are parsed.
        doomed = [
            key
            for key, raw in zip(keys, values, strict=True)
            if raw is not None
            and _quotes(raw, phone)
            and _belongs_to(SessionState.from_json(raw), phone)
        ]
        if doomed:
            self._redis.delete(*doomed)
        return len(doomed)


def _glob_escape(text: str) -> str:
    """text matched literally by a Redis MATCH pattern."""
    return re.sub(r"([\\*?\[\]^-])", r"\\\1", text)
