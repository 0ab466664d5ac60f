"""Limits on one-time codes, per phone number and per client, shared by every session and process.

Wrong codes and locks are counted per number, and codes sent per number and per client, in the
database (table rate_counters) or, when several processes share Redis, in Redis. Each check and
its count happen in one atomic step, so twenty sessions guessing at once still get only the
allowed tries, and a thousand requests still send only the allowed SMS (each costs money).
"""

import hashlib
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, cast

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.orm import Session, sessionmaker

from helpline.engine.session_store import SessionStoreUnavailable
from helpline.store import rate_counters
from helpline.store.rate_counters import Quota

HOUR = timedelta(hours=1)
_LONG_CLIENT = 80  # longer client names are hashed to keep the counter key short


@dataclass(frozen=True, slots=True)
class OtpLimits:
    """The operator's limits (HELPLINE_OTP_* settings)."""

    max_wrong_codes: int = 3
    lock_minutes: int = 15
    sends_per_number: int = 5  # per hour
    sends_per_client: int = 20  # per hour
    min_seconds_between_sends: int = 30  # to one number

    @property
    def lock(self) -> timedelta:
        return timedelta(minutes=self.lock_minutes)


@dataclass(frozen=True, slots=True)
class CodeTry:
    """One try at a code: its number among the allowed tries, or how long the number is locked."""

    number: int  # 1, 2, ... ; 0 when refused
    locked_seconds: int = 0

    @property
    def allowed(self) -> bool:
        return self.number > 0


class OtpGuard(Protocol):
    """Who may try a code, and whether a code may be sent, for one phone number."""

    limits: OtpLimits

    def locked_for(self, phone: str) -> int:
        """Seconds until the number is unlocked; 0 when it is not locked."""
        ...

    def begin_try(self, phone: str) -> CodeTry:
        """Take one try at a code for the number, or be refused while it is locked."""
        ...

    def failed(self, phone: str, attempt: CodeTry) -> int:
        """The try was wrong: seconds the number is now locked, 0 while tries remain."""
        ...

    def succeeded(self, phone: str) -> None:
        """The right code: the number's wrong tries start again from none."""
        ...

    def take_send(self, phone: str, client: str | None) -> int:
        """Count one code sent: 0 when it may go, else the seconds to wait before asking again."""
        ...

    def forget(self, phone: str) -> None:
        """Drop every counter of the number (its personal data is being erased)."""
        ...


def client_key(client: str) -> str:
    return client if len(client) <= _LONG_CLIENT else hashlib.sha256(client.encode()).hexdigest()


def _seconds(delta: timedelta) -> int:
    return max(math.ceil(delta.total_seconds()), 1)


class DbOtpGuard:
    """Counters in the database, for deployments without Redis; the clock is injectable."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        limits: OtpLimits,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.limits = limits
        self._db = sessions
        self._clock = clock

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC).replace(tzinfo=None)

    def locked_for(self, phone: str) -> int:
        now = self._now()
        until = rate_counters.locked_until(self._db, f"otp-fail:{phone}", now)
        return 0 if until is None else _seconds(until - now)

    def begin_try(self, phone: str) -> CodeTry:
        now = self._now()
        attempt = rate_counters.take_attempt(
            self._db,
            f"otp-fail:{phone}",
            limit=self.limits.max_wrong_codes,
            window=self.limits.lock,
            lock_for=self.limits.lock,
            now=now,
        )
        if attempt.locked_until is not None:
            return CodeTry(0, _seconds(attempt.locked_until - now))
        return CodeTry(attempt.number)

    def failed(self, phone: str, attempt: CodeTry) -> int:
        if attempt.number < self.limits.max_wrong_codes:
            return 0
        now = self._now()
        rate_counters.lock(self._db, f"otp-fail:{phone}", until=now + self.limits.lock, now=now)
        return _seconds(self.limits.lock)

    def succeeded(self, phone: str) -> None:
        rate_counters.reset(self._db, f"otp-fail:{phone}")

    def forget(self, phone: str) -> None:
        for kind in ("fail", "send"):
            rate_counters.remove(self._db, f"otp-{kind}:{phone}")

    def take_send(self, phone: str, client: str | None) -> int:
        limits = self.limits
        quotas = [
            Quota(
                f"otp-send:{phone}",
                limits.sends_per_number,
                HOUR,
                timedelta(seconds=limits.min_seconds_between_sends),
            )
        ]
        if client is not None:
            quotas.append(Quota(f"otp-client:{client_key(client)}", limits.sends_per_client, HOUR))
        now = self._now()
        wait_until = rate_counters.take(self._db, quotas, now)
        return 0 if wait_until is None else _seconds(wait_until - now)


# Redis keeps each count with its window as the key's TTL; the scripts run atomically on the
# server, so check and count cannot interleave between processes. Times are Redis's own.
_TRY = """
local left = redis.call('PTTL', KEYS[2])
if left > 0 then return {0, left} end
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  redis.call('DEL', KEYS[1])
  return {0, tonumber(ARGV[2])}
end
count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {count, 0}
"""
_SEND = """
local wait = redis.call('PTTL', KEYS[1])
for i = 2, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then ttl = tonumber(ARGV[2]) end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
for i = 2, #KEYS do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
end
return 0
"""


class RedisOtpGuard:
    """Counters in Redis, shared by every process that uses the same Redis and prefix."""

    def __init__(self, client: Redis, *, limits: OtpLimits, prefix: str = "helpline:") -> None:
        self.limits = limits
        self._redis = client
        self._prefix = prefix
        self._try = client.register_script(_TRY)
        self._send = client.register_script(_SEND)

    def _key(self, kind: str, name: str) -> str:
        return f"{self._prefix}otp-{kind}:{name}"

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        # No Redis, no code checked and none sent: the caller gets the polite system reply.
        try:
            yield
        except RedisError as exc:
            raise SessionStoreUnavailable(f"the OTP counters (Redis) failed: {exc}") from exc

    def locked_for(self, phone: str) -> int:
        with self._reachable():
            left = cast(int, self._redis.pttl(self._key("lock", phone)))
        return math.ceil(left / 1000) if left > 0 else 0

    def begin_try(self, phone: str) -> CodeTry:
        lock_ms = self.limits.lock_minutes * 60_000
        keys = [self._key("fail", phone), self._key("lock", phone)]
        with self._reachable():
            number, left = cast(
                list[int], self._try(keys=keys, args=[self.limits.max_wrong_codes, lock_ms])
            )
        return CodeTry(int(number), math.ceil(int(left) / 1000))

    def failed(self, phone: str, attempt: CodeTry) -> int:
        if attempt.number < self.limits.max_wrong_codes:
            return 0
        seconds = self.limits.lock_minutes * 60
        with self._reachable():
            pipe = self._redis.pipeline()
            pipe.set(self._key("lock", phone), b"1", ex=seconds)
            pipe.delete(self._key("fail", phone))
            pipe.execute()
        return seconds

    def succeeded(self, phone: str) -> None:
        with self._reachable():
            self._redis.delete(self._key("fail", phone))

    def forget(self, phone: str) -> None:
        with self._reachable():
            self._redis.delete(
                *(self._key(kind, phone) for kind in ("fail", "lock", "rest", "send"))
            )

    def take_send(self, phone: str, client: str | None) -> int:
        limits = self.limits
        keys = [self._key("rest", phone), self._key("send", phone)]
        args = [limits.min_seconds_between_sends * 1000, 3_600_000, limits.sends_per_number]
        if client is not None:
            keys.append(self._key("client", client_key(client)))
            args.append(limits.sends_per_client)
        with self._reachable():
            wait_ms = int(cast(int, self._send(keys=keys, args=args)))
        return math.ceil(wait_ms / 1000) if wait_ms > 0 else 0
