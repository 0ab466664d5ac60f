"""Forgetting a number: its live sessions, failure counters and locks go, in memory and in Redis;
the summary caches drop every summary."""

import uuid
from dataclasses import replace

import pytest
from engine_kit import DEMO_PHONE, OTHER_PHONE, REDIS_URL
from redis import Redis

from helpline.complaints.cache import PREFIX, MemoryCache, RedisCache, TextCache
from helpline.engine.session import Exchange, SessionState, Stage, new_session
from helpline.engine.session_store import MemorySessionStore, RedisSessionStore, SessionStore


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def store(request: pytest.FixtureRequest) -> SessionStore:
    if request.param == "memory":
        return MemorySessionStore(ttl_seconds=600)
    client, prefix = request.getfixturevalue("redis_space")
    return RedisSessionStore(client, ttl_seconds=600, prefix=prefix)


def session(phone: str | None, *lines: str) -> SessionState:
    state = new_session(uuid.uuid4().hex, "text", 0.0)
    history = tuple(Exchange(line, "Ji", None) for line in lines)
    stage = Stage.VERIFIED if phone else Stage.ASK_PHONE
    return replace(state, phone=phone, stage=stage, history=history)


def test_forget_phone_deletes_the_numbers_sessions_and_keeps_the_others(
    store: SessionStore,
) -> None:
    mine = [session(DEMO_PHONE, DEMO_PHONE, "balance"), session(DEMO_PHONE)]
    other = session(OTHER_PHONE, OTHER_PHONE)
    for state in (*mine, other):
        store.save(state)
    assert store.forget_phone(DEMO_PHONE) == 2
    assert [store.load(s.session_id) for s in mine] == [None, None]
    assert store.load(other.session_id) == other
    assert store.forget_phone(DEMO_PHONE) == 0


def test_forget_phone_deletes_a_locked_session_whose_lines_still_give_the_number(
    store: SessionStore,
) -> None:
    # A lock clears the number being verified, but the line that gave it stays in the history.
    locked = session(None, "mera number +91 98765-43210 hai", "******")
    unrelated = session(None, "plan 249 ka price kya hai")
    store.save(locked)
    store.save(unrelated)
    assert store.forget_phone(DEMO_PHONE) == 1
    assert store.load(locked.session_id) is None
    assert store.load(unrelated.session_id) == unrelated


def test_forget_phone_clears_the_numbers_failures_and_lock_only(store: SessionStore) -> None:
    for phone in (DEMO_PHONE, OTHER_PHONE):
        store.add_failure(f"otp:{phone}", 900)
        store.add_failure(f"otp:{phone}", 900)
        store.lock(f"otp:{phone}", 900)
    store.forget_phone(DEMO_PHONE)
    assert store.locked_for(f"otp:{DEMO_PHONE}") == 0
    assert store.add_failure(f"otp:{DEMO_PHONE}", 900) == 1  # counting starts again
    assert store.locked_for(f"otp:{OTHER_PHONE}") > 0
    assert store.add_failure(f"otp:{OTHER_PHONE}", 900) == 3


@pytest.mark.redis
def test_redis_forget_phone_walks_keys_with_scan_never_keys(
    redis_space: tuple[Redis, str],
) -> None:
    client, prefix = redis_space
    store = RedisSessionStore(client, ttl_seconds=600, prefix=prefix)
    for _ in range(3):
        store.save(session(DEMO_PHONE))
    store.lock(f"otp:{DEMO_PHONE}", 900)

    def keys_calls() -> int:
        stats = client.info("commandstats")
        return int(stats.get("cmdstat_keys", {}).get("calls", 0))

    before = keys_calls()
    assert store.forget_phone(DEMO_PHONE) == 3
    assert keys_calls() == before
    assert list(client.scan_iter(f"{prefix}*")) == []


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def cache(request: pytest.FixtureRequest) -> TextCache:
    if request.param == "memory":
        return MemoryCache()
    _, prefix = request.getfixturevalue("redis_space")
    return RedisCache(url=REDIS_URL, namespace=prefix)


def test_clear_drops_every_cached_summary(cache: TextCache) -> None:
    for scope in ("all", "department=Network", "status=open"):
        cache.set(f"{PREFIX}template:{scope}", f"summary of {scope}", ttl_s=600)
    assert cache.clear() == 3
    assert cache.get(f"{PREFIX}template:all") is None
    assert cache.clear() == 0


@pytest.mark.redis
def test_redis_clear_leaves_other_namespaces_and_other_keys(
    redis_space: tuple[Redis, str],
) -> None:
    client, prefix = redis_space
    mine = RedisCache(url=REDIS_URL, namespace=f"{prefix}a:")
    theirs = RedisCache(url=REDIS_URL, namespace=f"{prefix}b:")
    mine.set(f"{PREFIX}template:all", "mine", ttl_s=600)
    theirs.set(f"{PREFIX}template:all", "theirs", ttl_s=600)
    client.set(f"{prefix}a:helpline:session:x", b"{}")
    assert mine.clear() == 1
    assert theirs.get(f"{PREFIX}template:all") == "theirs"
    assert client.get(f"{prefix}a:helpline:session:x") == b"{}"
