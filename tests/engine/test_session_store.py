"""Session state and verification counters, in memory and in the real Redis service (db 15)."""

import time
import uuid
from collections.abc import Iterator

import pytest
from engine_kit import REDIS_URL, unavailable
from redis import Redis
from redis.exceptions import RedisError

from helpline.engine.session import (
    Exchange,
    OtpChallenge,
    Pending,
    PendingKind,
    SessionState,
    Stage,
    new_session,
)
from helpline.engine.session_store import (
    MemorySessionStore,
    RedisSessionStore,
    SessionStore,
    SessionStoreUnavailable,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def redis_client() -> Iterator[Redis]:
    client = Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as exc:
        unavailable(f"redis at {REDIS_URL}", str(exc))
    yield client
    client.close()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def store(request: pytest.FixtureRequest) -> Iterator[SessionStore]:
    if request.param == "memory":
        yield MemorySessionStore(ttl_seconds=2)
        return
    client = request.getfixturevalue("redis_client")
    prefix = f"helpline-test:{uuid.uuid4().hex[:8]}:"
    yield RedisSessionStore(client, ttl_seconds=2, prefix=prefix)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


def full_state() -> SessionState:
    return SessionState(
        session_id="s-1",
        channel="voice",
        created_at=1.5,
        stage=Stage.ASK_OTP,
        phone="9876543210",
        otp=OtpChallenge("hash", "salt", 99.0),
        history=(Exchange("balance?", "2.5 GB hai", "balance"),),
        pending=Pending(PendingKind.CONFIRM_RECHARGE, 6, offered=True),
        topic="recommend",
        plans=(6, 8),
        negative_streak=1,
        turns=3,
    )


def test_session_round_trips_every_field(store: SessionStore) -> None:
    state = full_state()
    store.save(state)
    assert store.load("s-1") == state


def test_unknown_session_is_none(store: SessionStore) -> None:
    assert store.load("never-existed") is None


def test_deleted_session_is_gone(store: SessionStore) -> None:
    store.save(new_session("s-2", "text", 0.0))
    store.delete("s-2")
    assert store.load("s-2") is None


def test_exists_tells_a_live_session_from_an_unknown_or_ended_one(store: SessionStore) -> None:
    store.save(new_session("s-3", "text", 0.0))
    assert store.exists("s-3")
    assert not store.exists("never-existed")
    store.delete("s-3")
    assert not store.exists("s-3")


def test_failures_count_up_and_clear(store: SessionStore) -> None:
    assert store.add_failure("otp:9876543210", 60) == 1
    assert store.add_failure("otp:9876543210", 60) == 2
    store.clear_failures("otp:9876543210")
    assert store.add_failure("otp:9876543210", 60) == 1


def test_lock_reports_seconds_left(store: SessionStore) -> None:
    assert store.locked_for("otp:9876543210") == 0
    store.lock("otp:9876543210", 900)
    assert 890 <= store.locked_for("otp:9876543210") <= 900


@pytest.mark.redis
def test_redis_session_expires_after_the_idle_time(redis_client: Redis) -> None:
    store = RedisSessionStore(redis_client, ttl_seconds=1, prefix=f"t:{uuid.uuid4().hex[:8]}:")
    store.save(new_session("s-3", "text", 0.0))
    assert store.load("s-3") is not None
    time.sleep(1.2)
    assert store.load("s-3") is None


@pytest.mark.redis
def test_two_redis_stores_share_one_conversation(redis_client: Redis) -> None:
    prefix = f"t:{uuid.uuid4().hex[:8]}:"
    one = RedisSessionStore(redis_client, ttl_seconds=60, prefix=prefix)
    other = RedisSessionStore(Redis.from_url(REDIS_URL), ttl_seconds=60, prefix=prefix)
    one.save(full_state())
    assert other.load("s-1") == full_state()
    one.delete("s-1")


def test_memory_session_expires_after_the_idle_time_and_saving_restarts_it() -> None:
    clock = Clock()
    store = MemorySessionStore(ttl_seconds=30 * 60, clock=clock)
    store.save(new_session("s-4", "text", 0.0))
    clock.now += 29 * 60
    state = store.load("s-4")
    assert state is not None
    store.save(state)  # a turn at minute 29 restarts the idle time
    clock.now += 29 * 60
    assert store.load("s-4") is not None
    clock.now += 31 * 60
    assert store.load("s-4") is None


def test_memory_lock_ends_after_its_time() -> None:
    clock = Clock()
    store = MemorySessionStore(ttl_seconds=60, clock=clock)
    store.lock("otp:x", 15 * 60)
    clock.now += 15 * 60 - 1
    assert store.locked_for("otp:x") == 1
    clock.now += 2
    assert store.locked_for("otp:x") == 0


def test_an_unreachable_redis_is_one_clear_error() -> None:
    down = Redis.from_url("redis://127.0.0.1:9/15", socket_connect_timeout=0.5)
    store = RedisSessionStore(down, ttl_seconds=60)
    with pytest.raises(SessionStoreUnavailable, match="session store"):
        store.load("s")
    with pytest.raises(SessionStoreUnavailable):
        store.save(new_session("s", "text", 0.0))
