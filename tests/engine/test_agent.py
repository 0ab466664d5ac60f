"""The agent end to end on the demo data: sessions, expiry, shared state, and what is stored."""

import uuid
from collections.abc import Iterator

import pytest
from engine_kit import DEMO_PHONE, REDIS_URL, AgentFactory, Outbox, unavailable
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import select

from helpline.engine import Agent
from helpline.engine.session_store import MemorySessionStore, RedisSessionStore
from helpline.language import Intent
from helpline.language.examples import heard_examples
from helpline.store.db import Database
from helpline.store.models import Complaint, Conversation


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_start_greets_and_asks_for_the_number(agent: Agent) -> None:
    turn = agent.start()
    assert "swagat" in turn.reply and "10-digit" in turn.reply
    assert not turn.verified and turn.session_id


def test_start_with_a_phone_verifies_at_once_and_keeps_the_given_session_id(agent: Agent) -> None:
    turn = agent.start("my-session", phone=DEMO_PHONE)
    assert turn.verified and turn.session_id == "my-session"
    assert "Rahul" in turn.reply


def test_a_spoken_turn_is_read_by_the_understander_that_learned_misheard_words(
    agent: Agent,
) -> None:
    typed, spoken = agent.understander(), agent.understander(spoken=True)
    assert spoken is not typed
    # A transcript from data/heard.yaml that only the spoken understander places.
    line, intent = next(
        (text, i.value)
        for i, text in heard_examples()
        if i is Intent.BALANCE
        and spoken.understand(text).intent is i
        and typed.understand(text).intent is not i
    )
    session = agent.start(phone=DEMO_PHONE).session_id
    assert agent.turn(session, line, spoken=True).intent == intent
    assert agent.turn(session, line).intent != intent


def test_turn_reports_every_stage_timing(agent: Agent) -> None:
    session = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(session, "mera balance kitna hai")
    assert set(turn.timings) == {"understand", "policy", "writer", "store", "total"}
    assert turn.timings["total"] >= turn.timings["policy"] > 0


def test_a_session_idle_for_30_minutes_starts_again_unverified(make_agent: AgentFactory) -> None:
    clock = Clock()
    agent = make_agent(sessions=MemorySessionStore(ttl_seconds=30 * 60, clock=clock))
    session = agent.start(phone=DEMO_PHONE).session_id
    clock.now += 29 * 60
    assert "2.5 GB" in agent.turn(session, "mera balance kitna hai").reply
    clock.now += 31 * 60
    turn = agent.turn(session, "mera balance kitna hai")
    assert not turn.verified
    assert "2.5 GB" not in turn.reply and "mobile number" in turn.reply
    assert agent.turn(session, DEMO_PHONE).verified


def test_a_live_turn_on_an_idle_or_ended_session_answers_and_stores_nothing(
    make_agent: AgentFactory, seeded: Database
) -> None:
    clock = Clock()
    agent = make_agent(sessions=MemorySessionStore(ttl_seconds=30 * 60, clock=clock))
    idle = agent.start(phone=DEMO_PHONE).session_id
    ended = agent.start(phone=DEMO_PHONE).session_id
    live = agent.live_turn(ended, "mera balance kitna hai")
    assert live is not None and "2.5 GB" in live.reply
    agent.end(ended)
    clock.now += 31 * 60
    assert agent.live_turn(idle, "mera balance kitna hai") is None
    assert agent.live_turn(ended, "mera balance kitna hai") is None
    assert agent.live_turn("never-opened", DEMO_PHONE) is None
    with seeded.sessions() as db:
        said = list(
            db.scalars(
                select(Conversation.user_input)
                .where(Conversation.session_id.in_([idle, ended, "never-opened"]))
                .order_by(Conversation.id)
            )
        )
    assert said == [DEMO_PHONE, DEMO_PHONE, "mera balance kitna hai"]


def test_every_turn_is_stored_and_a_ticket_points_at_its_turn(
    agent: Agent, seeded: Database
) -> None:
    session = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session, "mera balance kitna hai")
    turn = agent.turn(session, "2 din se internet bahut slow chal raha hai")
    with seeded.sessions() as db:
        rows = list(
            db.scalars(
                select(Conversation)
                .where(Conversation.session_id == session)
                .order_by(Conversation.id)
            )
        )
        complaint = db.get(Complaint, turn.complaint_id)
    assert [r.user_input for r in rows] == [
        DEMO_PHONE,
        "mera balance kitna hai",
        "2 din se internet bahut slow chal raha hai",
    ]
    assert rows[1].intent == "balance" and rows[1].phone == DEMO_PHONE
    assert rows[2].sentiment == "negative"
    assert complaint is not None and complaint.conversation_id == rows[2].id
    assert complaint.department == "Network" and complaint.entities is not None


def test_the_one_time_code_is_stored_nowhere(
    make_agent: AgentFactory, outbox: Outbox, seeded: Database
) -> None:
    agent = make_agent(otp="on")
    session = agent.start(phone=DEMO_PHONE).session_id
    code = outbox.last_code
    assert agent.turn(session, code).verified
    with seeded.sessions() as db:
        inputs = list(
            db.scalars(select(Conversation.user_input).where(Conversation.session_id == session))
        )
    assert code not in " ".join(inputs)


@pytest.fixture
def redis_client() -> Iterator[Redis]:
    client = Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as exc:
        unavailable(f"redis at {REDIS_URL}", str(exc))
    yield client
    client.close()


@pytest.mark.redis
def test_two_app_processes_serve_one_conversation_through_redis(
    make_agent: AgentFactory, redis_client: Redis
) -> None:
    prefix = f"helpline-test:{uuid.uuid4().hex[:8]}:"
    first = make_agent(sessions=RedisSessionStore(redis_client, ttl_seconds=60, prefix=prefix))
    second = make_agent(
        sessions=RedisSessionStore(Redis.from_url(REDIS_URL), ttl_seconds=60, prefix=prefix)
    )
    session = first.start().session_id
    assert second.turn(session, DEMO_PHONE).verified
    asked = first.turn(session, "199 ka recharge karna hai")
    assert "Smart 199" in asked.reply
    done = second.turn(session, "haan")
    assert "Smart 199" in done.reply and "3.5 GB" in done.reply
    redis_client.delete(*redis_client.scan_iter(f"{prefix}*"))


@pytest.mark.redis
def test_build_agent_uses_redis_when_the_url_is_set(seeded: Database, redis_client: Redis) -> None:
    from helpline.config import Settings
    from helpline.engine import build_agent

    settings = Settings(database_url=str(seeded.engine.url), redis_url=REDIS_URL)
    one, two = build_agent(settings, database=seeded), build_agent(settings, database=seeded)
    session = one.start(f"shared-{uuid.uuid4().hex[:8]}", phone=DEMO_PHONE).session_id
    assert two.turn(session, "mera balance kitna hai").verified
    one.end(session)


def test_a_database_failure_mid_conversation_gets_a_polite_reply(
    agent: Agent, seeded: Database
) -> None:
    session = agent.start(phone=DEMO_PHONE).session_id
    with seeded.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE handoffs")  # the next hand-off cannot be written
    turn = agent.turn(session, "mujhe kisi customer care executive se baat karni hai")
    assert "thodi dikkat" in turn.reply and not turn.handoff
    assert "2.5 GB" in agent.turn(session, "mera balance kitna hai").reply
