"""Summaries cached for an hour per filter, in memory or in Redis, and dropped when data changes.

A cached summary carries the fingerprint of its scope (how many complaints, the newest id and the
latest updated_at among them). Every write of the store (new ticket, repeat report, status change)
moves one of these, so a summary whose scope changed is rebuilt even within the hour.
"""

import re
import threading
import time
from typing import Protocol, cast

from sqlalchemy import func, select

from helpline.complaints.filters import ComplaintFilter
from helpline.config import Settings
from helpline.store.db import Database
from helpline.store.models import Complaint

TTL_S = 3600
PREFIX = "helpline:summary:v1:"


class TextCache(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl_s: int) -> None: ...

    def clear(self) -> int:
        """Drop every cached summary (they quote complaint texts, which erasure removes)."""
        ...


class MemoryCache:
    """One process's cache; bounded, oldest entries dropped first."""

    def __init__(self, *, max_entries: int = 256) -> None:
        self._items: dict[str, tuple[float, str]] = {}
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] < time.monotonic():
                self._items.pop(key, None)
                return None
            return found[1]

    def set(self, key: str, value: str, ttl_s: int) -> None:
        with self._lock:
            self._items.pop(key, None)
            while len(self._items) >= self._max:
                self._items.pop(next(iter(self._items)))
            self._items[key] = (time.monotonic() + ttl_s, value)

    def clear(self) -> int:
        with self._lock:
            dropped = len(self._items)
            self._items.clear()
            return dropped


class RedisCache:
    """Shared by every process of a deployment; `namespace` sets apart deployments (or tests)
    that share one Redis."""

    def __init__(self, *, url: str, namespace: str = "") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, decode_responses=True)
        self._namespace = namespace

    def get(self, key: str) -> str | None:
        value = self._redis.get(self._namespace + key)
        return None if value is None else str(value)

    def set(self, key: str, value: str, ttl_s: int) -> None:
        self._redis.set(self._namespace + key, value, ex=ttl_s)

    def clear(self) -> int:
        # SCAN, never KEYS: KEYS blocks the server while it walks every key of a busy store.
        literal = re.sub(r"([\\*?\[\]])", r"\\\1", self._namespace + PREFIX)
        dropped = 0
        batch: list[str] = []
        for key in self._redis.scan_iter(match=f"{literal}*", count=500):
            batch.append(str(key))
            if len(batch) >= 500:
                dropped += cast(int, self._redis.delete(*batch))
                batch = []
        if batch:
            dropped += cast(int, self._redis.delete(*batch))
        return dropped


def make_cache(settings: Settings) -> TextCache:
    """Redis when HELPLINE_REDIS_URL is set, else this process's memory."""
    if settings.redis_url is not None:
        return RedisCache(url=settings.redis_url.get_secret_value())
    return MemoryCache()


def cache_key(scope: ComplaintFilter, writer: str) -> str:
    return f"{PREFIX}{writer}:{scope.key()}"


def fingerprint(database: Database, scope: ComplaintFilter) -> str:
    """What changes whenever a complaint in scope is added, removed, or written to."""
    with database.engine.connect() as conn:
        count, newest, touched = conn.execute(
            select(
                func.count(), func.max(Complaint.complaint_id), func.max(Complaint.updated_at)
            ).where(*scope.conditions())
        ).one()
    return f"{count}:{newest}:{touched}"
