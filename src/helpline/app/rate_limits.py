"""Request limits per key (a session, a client address) in fixed one-minute-style windows.

In this process's memory by default; in Redis when HELPLINE_REDIS_URL is set, so every process
counts the same requests. A Redis failure lets the request through (and is logged): a limit
that is down must not take the helpline down with it.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from redis.commands.core import AsyncScript

    from helpline.config import Settings

log = logging.getLogger(__name__)
REDIS_TIMEOUT_S = 0.5
# The event loop's connections to Redis per process: a count takes a fraction of a millisecond,
# so a few serve a busy process, and a stalled Redis holds no more sockets than this (a request
# that finds them all taken waits REDIS_TIMEOUT_S at most, then passes).
ASYNC_CONNECTIONS = 4


class RateLimiter(Protocol):
    def hit(self, key: str, *, limit: int, window_s: int) -> int:
        """Count one request on key: 0 when allowed, else the seconds until it may retry."""
        ...

    async def hit_async(self, key: str, *, limit: int, window_s: int) -> int:
        """The same for code on the event loop, which it never blocks on the network."""
        ...


class NoLimits:
    """HELPLINE_RATE_LIMIT=off: every request passes (load tests)."""

    def hit(self, key: str, *, limit: int, window_s: int) -> int:
        return 0

    async def hit_async(self, key: str, *, limit: int, window_s: int) -> int:
        return 0


class MemoryRateLimiter:
    """Counts in this process only; with several processes each counts its own share."""

    _SWEEP_EVERY = 1024

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._mutex = threading.Lock()
        self._hits = 0

    def hit(self, key: str, *, limit: int, window_s: int) -> int:
        with self._mutex:
            now = self._clock()
            ends, count = self._windows.get(key, (0.0, 0))
            if ends <= now:
                ends, count = now + window_s, 0
            self._hits += 1
            if self._hits % self._SWEEP_EVERY == 0:
                self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
            if count >= limit:
                return max(math.ceil(ends - now), 1)
            self._windows[key] = (ends, count + 1)
            return 0

    async def hit_async(self, key: str, *, limit: int, window_s: int) -> int:
        # Memory under a lock held for microseconds: no need to leave the loop.
        return self.hit(key, limit=limit, window_s=window_s)


# One atomic step on the server: count, start the window on the first hit, report its end.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {count, left}
"""


class RedisRateLimiter:
    """Counts in Redis: a blocking client for worker threads, and for the event loop an asyncio
    client of that loop's own, so a stalled Redis delays only the requests that wait on it
    instead of freezing every request of the process."""

    def __init__(self, url: str, *, prefix: str, timeout_s: float = REDIS_TIMEOUT_S) -> None:
        from redis import Redis

        self._url = url
        self._key_prefix = f"{prefix}rate:"
        self._timeout_s = timeout_s
        client = Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
        self._script = client.register_script(_HIT)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._async_script: AsyncScript | None = None

    def hit(self, key: str, *, limit: int, window_s: int) -> int:
        from redis.exceptions import RedisError

        try:
            answer = self._script(keys=[self._key_prefix + key], args=[window_s * 1000])
        except RedisError:
            log.exception("rate limit counter unavailable; request allowed")
            return 0
        return _wait(cast(list[int], answer), limit)

    async def hit_async(self, key: str, *, limit: int, window_s: int) -> int:
        from redis.exceptions import RedisError

        try:
            answer = await self._script_of_loop()(
                keys=[self._key_prefix + key], args=[window_s * 1000]
            )
        except RedisError:
            log.exception("rate limit counter unavailable; request allowed")
            return 0
        return _wait(cast(list[int], answer), limit)

    def _script_of_loop(self) -> AsyncScript:
        # An asyncio client's connections belong to the loop that opened them.
        loop = asyncio.get_running_loop()
        if self._async_script is None or self._loop is not loop:
            from redis.asyncio import BlockingConnectionPool
            from redis.asyncio import Redis as AsyncRedis

            pool = BlockingConnectionPool.from_url(
                self._url,
                max_connections=ASYNC_CONNECTIONS,
                timeout=self._timeout_s,
                socket_timeout=self._timeout_s,
                socket_connect_timeout=self._timeout_s,
            )
            client = AsyncRedis(connection_pool=pool)
            self._loop, self._async_script = loop, client.register_script(_HIT)
        return self._async_script


def _wait(answer: list[int], limit: int) -> int:
    count, left = answer
    return 0 if int(count) <= limit else max(math.ceil(int(left) / 1000), 1)


def build_rate_limiter(settings: Settings) -> RateLimiter:
    """Off, in Redis (HELPLINE_REDIS_URL), or in this process's memory."""
    if settings.rate_limit == "off":
        return NoLimits()
    if settings.redis_url is None:
        return MemoryRateLimiter()
    return RedisRateLimiter(settings.redis_url.get_secret_value(), prefix=settings.redis_prefix)
