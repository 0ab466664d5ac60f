"""One-time-code limits shared by every session and process: wrong codes, locks and SMS sends.

Each Agent below has its own in-memory session store, as a separate process would; what they
share is the database (or Redis), which is where attempts, locks and send counts must live.
"""

import json
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from engine_kit import (
    DEMO_PHONE,
    Outbox,
    agent_factory,
    seed_into,
)
from redis import Redis
from sqlalchemy import select

from helpline.config import Settings
from helpline.engine import Agent, build_agent
from helpline.engine.otp_guard import DbOtpGuard, OtpLimits, RedisOtpGuard
from helpline.engine.session import SessionState, new_session
from helpline.engine.session_store import MemorySessionStore
from helpline.store.db import Database, open_database
from helpline.store.models import User

WRONG = "koshish baaki"  # verify.otp_wrong
LOCKED = "rok diya gaya"  # verify.locked
OPEN = {"otp_sends_per_number_per_hour": 1000, "otp_min_seconds_between_sends": 0}


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def asking(agent: Agent, outbox: Outbox, phone: str = DEMO_PHONE) -> tuple[str, str]:
    """A new session that has been sent its code: (session id, code)."""
    sent = len(outbox.sent)
    session = agent.start(phone=phone).session_id
    assert len(outbox.sent) == sent + 1, "no code was sent"
    return session, outbox.last_code


@pytest.fixture
def two_agents(seeded: Database, outbox: Outbox) -> tuple[Agent, Agent]:
    make = agent_factory(seeded, outbox)
    return make(otp="on", **OPEN), make(otp="on", **OPEN)


def test_two_processes_share_the_wrong_code_count_and_the_lock(
    two_agents: tuple[Agent, Agent], outbox: Outbox
) -> None:
    one, other = two_agents
    first, code = asking(one, outbox)
    assert "2 aur koshish" in one.turn(first, wrong(code)).reply
    assert "1 aur koshish" in one.turn(first, wrong(code)).reply
    second, code = asking(other, outbox)
    assert LOCKED in other.turn(second, wrong(code)).reply
    sent = len(outbox.sent)
    assert LOCKED in one.start(phone=DEMO_PHONE).reply
    assert len(outbox.sent) == sent  # no code goes out to a locked number


def test_a_session_waiting_for_its_code_is_refused_once_another_locks_the_number(
    two_agents: tuple[Agent, Agent], outbox: Outbox
) -> None:
    one, other = two_agents
    waiting, right_code = asking(one, outbox)
    attacker, code = asking(other, outbox)
    for _ in range(3):
        other.turn(attacker, wrong(code))
    turn = one.turn(waiting, right_code)
    assert not turn.verified
    assert LOCKED in turn.reply and "15 minute" in turn.reply


def assert_at_most_three_wrong_tries(agent: Agent, outbox: Outbox, sessions: int = 20) -> None:
    """`sessions` sessions each send 3 wrong codes at once."""
    waiting = [asking(agent, outbox) for _ in range(sessions)]
    start = threading.Barrier(sessions)

    def attack(entry: tuple[str, str]) -> list[str]:
        session, code = entry
        start.wait()
        return [agent.turn(session, wrong(code)).reply for _ in range(3)]

    with ThreadPoolExecutor(max_workers=sessions) as pool:
        batches = list(pool.map(attack, waiting))
    replies = [r for batch in batches for r in batch]
    # The first two wrong codes say how many tries are left, the third locks the number, and
    # every session is then told it is locked (and starts again from its phone number).
    assert sum(WRONG in r for r in replies) <= 2, [r for r in replies if WRONG in r]
    assert all(any(LOCKED in r for r in batch) for batch in batches)
    # Not even the right code gets in while the number is locked.
    assert not any(agent.turn(s, code).verified for s, code in waiting)


def test_twenty_parallel_sessions_make_at_most_three_wrong_tries(
    db_url: str, outbox: Outbox
) -> None:
    """On SQLite, MariaDB and PostgreSQL (db_url runs the test on each)."""
    database = open_database(Settings(database_url=db_url, db_pool_size=20))
    try:
        seed_into(database)
        agent = agent_factory(database, outbox)(otp="on", db_pool_size=20, **OPEN)
        assert_at_most_three_wrong_tries(agent, outbox)
    finally:
        database.dispose()


@pytest.fixture
def redis_guard(redis_space: tuple[Redis, str]) -> Callable[..., RedisOtpGuard]:
    client, prefix = redis_space

    def make(**limits: Any) -> RedisOtpGuard:
        return RedisOtpGuard(client, limits=OtpLimits(**limits), prefix=prefix)

    return make


def redis_agent(seeded: Database, outbox: Outbox, guard: RedisOtpGuard) -> Agent:
    return build_agent(
        Settings(database_url=str(seeded.engine.url), otp="on"),
        database=seeded,
        sessions=MemorySessionStore(ttl_seconds=600),
        otp_sender=outbox,
        otp_guard=guard,
    )


@pytest.mark.redis
def test_twenty_parallel_sessions_make_at_most_three_wrong_tries_with_redis(
    seeded: Database, outbox: Outbox, redis_guard: Callable[..., RedisOtpGuard]
) -> None:
    guard = redis_guard(sends_per_number=1000, min_seconds_between_sends=0)
    agent = redis_agent(seeded, outbox, guard)
    assert_at_most_three_wrong_tries(agent, outbox)


@pytest.mark.redis
def test_two_processes_share_the_lock_through_redis(
    seeded: Database, outbox: Outbox, redis_guard: Callable[..., RedisOtpGuard]
) -> None:
    one = redis_agent(seeded, outbox, redis_guard(min_seconds_between_sends=0))
    other = redis_agent(seeded, outbox, redis_guard(min_seconds_between_sends=0))
    waiting, right_code = asking(one, outbox)
    attacker, code = asking(other, outbox)
    assert "2 aur koshish" in other.turn(attacker, wrong(code)).reply
    assert "1 aur koshish" in one.turn(waiting, wrong(code)).reply
    assert LOCKED in other.turn(attacker, wrong(code)).reply
    assert not one.turn(waiting, right_code).verified
    assert LOCKED in one.start(phone=DEMO_PHONE).reply


@pytest.mark.redis
def test_sends_are_limited_through_redis(
    seeded: Database, outbox: Outbox, redis_guard: Callable[..., RedisOtpGuard]
) -> None:
    guard = redis_guard(sends_per_number=4, min_seconds_between_sends=0)
    agent = redis_agent(seeded, outbox, guard)
    flood(lambda: agent.start(phone=DEMO_PHONE, client="1.2.3.4").reply, 100)
    assert len(outbox.sent) == 4


def flood(request: Callable[[], str], times: int) -> list[str]:
    """The same request `times` times from 8 threads at once."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: request(), range(times)))


def test_400_send_requests_for_one_number_send_at_most_the_configured_number(
    seeded: Database, outbox: Outbox
) -> None:
    agent = agent_factory(seeded, outbox)(
        otp="on", otp_sends_per_number_per_hour=5, otp_min_seconds_between_sends=0
    )
    replies = flood(lambda: agent.start(phone=DEMO_PHONE).reply, 400)
    assert len(outbox.sent) == 5
    assert sum("minute baad" in r for r in replies) == 395  # each says when to try again


def test_a_second_code_within_the_minimum_gap_is_refused_with_the_seconds_to_wait(
    agent_on: Agent, outbox: Outbox
) -> None:
    session, code = asking(agent_on, outbox)
    again = agent_on.turn(session, DEMO_PHONE)  # "send it again"
    assert len(outbox.sent) == 1
    assert "second baad" in again.reply
    assert agent_on.turn(session, code).verified  # the code already sent still works


@pytest.fixture
def agent_on(seeded: Database, outbox: Outbox) -> Agent:
    return agent_factory(seeded, outbox)(otp="on")


def test_one_session_repeating_its_number_cannot_flood_the_phone(
    agent_on: Agent, outbox: Outbox
) -> None:
    session = agent_on.start().session_id
    for _ in range(400):
        agent_on.turn(session, DEMO_PHONE)
    assert len(outbox.sent) == 1


def customer_phones(database: Database) -> list[str]:
    with database.sessions() as session:
        return list(session.scalars(select(User.phone).order_by(User.user_id)))


def test_per_client_limit_holds_across_numbers(seeded: Database, outbox: Outbox) -> None:
    agent = agent_factory(seeded, outbox)(otp="on", otp_sends_per_client_per_hour=3)
    phones = customer_phones(seeded)
    assert len(phones) >= 6
    replies = [agent.start(phone=p, client="203.0.113.7").reply for p in phones]
    assert len(outbox.sent) == 3
    assert all("minute baad" in r for r in replies[3:])
    agent.start(phone=phones[-1], client="198.51.100.2")  # another client is not held up
    assert len(outbox.sent) == 4


def test_limits_from_settings_are_honoured(seeded: Database, outbox: Outbox) -> None:
    agent = agent_factory(seeded, outbox)(otp="on", otp_max_wrong_codes=5, otp_lock_minutes=2)
    session, code = asking(agent, outbox)
    replies = [agent.turn(session, wrong(code)).reply for _ in range(5)]
    assert [WRONG in r for r in replies] == [True, True, True, True, False]
    assert "4 aur koshish" in replies[0]
    assert LOCKED in replies[4] and "2 minute" in replies[4]


def test_settings_have_operator_defaults() -> None:
    settings = Settings()
    assert settings.otp_max_wrong_codes == 3 and settings.otp_lock_minutes == 15
    assert settings.otp_sends_per_number_per_hour == 5
    assert settings.otp_sends_per_client_per_hour == 20
    assert settings.otp_min_seconds_between_sends == 30


def test_the_client_is_kept_with_the_session(seeded: Database, outbox: Outbox) -> None:
    state = new_session("s", "text", 0.0)
    assert SessionState.from_json(state.to_json()).client is None
    assert SessionState.from_json(replace(state, client="cli").to_json()).client == "cli"
    # A session saved before the field existed still loads.
    old = json.loads(state.to_json())
    del old["client"]
    assert SessionState.from_json(json.dumps(old)).client is None
    store = MemorySessionStore(ttl_seconds=60)
    agent = agent_factory(seeded, outbox)(sessions=store)
    kept = store.load(agent.start(client="cli").session_id)
    assert kept is not None and kept.client == "cli"


def guess_and_send_in_a_process(url: str, tries: int) -> tuple[int, int]:
    """One separate process: wrong codes until refused, then codes asked for; what it got."""
    database = open_database(Settings(database_url=url))
    limits = OtpLimits(sends_per_number=5, min_seconds_between_sends=0)
    guard = DbOtpGuard(database.sessions, limits=limits)
    checked = 0
    for _ in range(tries):
        attempt = guard.begin_try(DEMO_PHONE)
        if attempt.allowed:
            checked += 1
            guard.failed(DEMO_PHONE, attempt)
    sent = sum(guard.take_send(DEMO_PHONE, None) == 0 for _ in range(tries))
    database.dispose()
    return checked, sent


def test_several_processes_share_the_tries_and_the_sends(database: Database) -> None:
    url = database.engine.url.render_as_string(hide_password=False)
    # Forked: the children start at once with the modules already loaded; each opens its own
    # engine and connections, as a separate server process would.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=4, mp_context=context) as pool:
        results = list(pool.map(guess_and_send_in_a_process, [url] * 4, [15] * 4))
    assert sum(checked for checked, _ in results) == 3
    assert sum(sent for _, sent in results) == 5


def test_an_unreachable_redis_refuses_politely_and_sends_nothing(
    seeded: Database, outbox: Outbox
) -> None:
    down = Redis.from_url("redis://127.0.0.1:9/15", socket_connect_timeout=0.5)
    agent = redis_agent(seeded, outbox, RedisOtpGuard(down, limits=OtpLimits()))
    turn = agent.start(phone=DEMO_PHONE)
    assert not turn.verified and outbox.sent == []
    assert "maaf" in turn.reply.lower() or "dikkat" in turn.reply.lower(), turn.reply


def test_with_codes_off_an_unreachable_redis_turns_no_caller_away(
    seeded: Database, outbox: Outbox
) -> None:
    down = Redis.from_url("redis://127.0.0.1:9/15", socket_connect_timeout=0.5)
    agent = build_agent(
        Settings(database_url=str(seeded.engine.url), otp="off"),
        database=seeded,
        sessions=MemorySessionStore(ttl_seconds=600),
        otp_guard=RedisOtpGuard(down, limits=OtpLimits()),
    )
    turn = agent.start(phone=DEMO_PHONE)
    assert turn.verified and "Rahul" in turn.reply
