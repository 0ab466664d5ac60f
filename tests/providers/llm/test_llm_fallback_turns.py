"""Whatever the LLM endpoint does (down, slow, garbage, made-up facts), every turn gets the
template reply within the configured timeout plus 100 ms; a good grounded reply is used."""

import time
from typing import Any

import pytest
from engine_kit import DEMO_PHONE, Outbox
from llm_fake_server import Behaviour, FakeLLMServer

from helpline.config import Settings
from helpline.engine import Agent, build_agent
from helpline.engine.metrics import Counters
from helpline.engine.session_store import MemorySessionStore
from helpline.store.db import Database

TIMEOUT_S = 0.5
SLACK_MS = 100
LINES = [
    "mera balance kitna hai",
    "mera current plan kya hai",
    "koi offer chal raha hai kya",
    "mere last 2 transactions dikhao",
]


def make(db: Database, counters: Counters | None = None, **overrides: Any) -> Agent:
    fields: dict[str, Any] = {"llm_timeout_s": TIMEOUT_S, **overrides}
    settings = Settings(database_url=str(db.engine.url), **fields)
    return build_agent(
        settings,
        database=db,
        sessions=MemorySessionStore(ttl_seconds=600),
        otp_sender=Outbox(),
        counters=counters,
    )


def writer_settings(kind: str, url: str) -> dict[str, Any]:
    if kind == "openai":
        return {"llm": "openai", "openai_base_url": f"{url}/v1", "openai_model": "m"}
    return {"llm": "gemini", "gemini_base_url": url, "gemini_api_key": "k"}


def template_replies(db: Database) -> list[str]:
    agent = make(db)
    session = agent.start("fixed-session", phone=DEMO_PHONE).session_id
    return [agent.turn(session, line).reply for line in LINES]


def run(agent: Agent) -> list[tuple[str, float, float]]:
    """Each line's reply, the engine's own total and the wall-clock time, in ms."""
    return run_lines(agent, LINES)


def run_lines(agent: Agent, lines: list[str]) -> list[tuple[str, float, float]]:
    session = agent.start("fixed-session", phone=DEMO_PHONE).session_id
    out = []
    for line in lines:
        started = time.perf_counter()
        turn = agent.turn(session, line)
        out.append((turn.reply, turn.timings["total"], (time.perf_counter() - started) * 1000))
    return out


@pytest.mark.parametrize("kind", ["openai", "gemini"])
@pytest.mark.parametrize(
    "behaviour",
    [
        Behaviour(delay_s=10),
        Behaviour(garbage=True),
        Behaviour(status=503),
        Behaviour(status=429),
        Behaviour(text="Sir, aapke paas 99 GB data hai aur 3 din baaki."),
    ],
    ids=["slow-10s", "garbage", "503", "429", "ungrounded"],
)
def test_a_failing_llm_still_gives_the_template_reply_in_time(
    seeded: Database, fake_llm: FakeLLMServer, kind: str, behaviour: Behaviour
) -> None:
    expected = template_replies(seeded)
    fake_llm.default = behaviour
    counters = Counters()
    results = run(make(seeded, counters, **writer_settings(kind, fake_llm.url)))
    assert [reply for reply, _, _ in results] == expected
    for _, total_ms, wall_ms in results:
        assert total_ms <= TIMEOUT_S * 1000 + SLACK_MS
        assert wall_ms <= TIMEOUT_S * 1000 + SLACK_MS
    assert counters.get("llm_fallback") + counters.get("grounding_rejected") == len(LINES)
    if behaviour.text.startswith("Sir, aapke paas 99"):
        assert counters.get("grounding_rejected") >= 1


@pytest.mark.parametrize("kind", ["openai", "gemini"])
def test_an_unreachable_llm_still_gives_the_template_reply_in_time(
    seeded: Database, kind: str
) -> None:
    expected = template_replies(seeded)
    results = run(make(seeded, **writer_settings(kind, "http://127.0.0.1:9")))
    assert [reply for reply, _, _ in results] == expected
    assert all(wall <= TIMEOUT_S * 1000 + SLACK_MS for _, _, wall in results)


@pytest.mark.parametrize("kind", ["openai", "gemini"])
def test_a_grounded_llm_reply_is_used_with_the_facts_and_history_in_the_prompt(
    seeded: Database, fake_llm: FakeLLMServer, kind: str
) -> None:
    fake_llm.default = Behaviour(text="Sir, aapke paas 2.5 GB data aur ₹45.50 balance hai.")
    counters = Counters()
    agent = make(seeded, counters, **writer_settings(kind, fake_llm.url))
    session = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(session, "mera balance kitna hai")
    assert turn.reply == "Sir, aapke paas 2.5 GB data aur ₹45.50 balance hai."
    assert counters.snapshot() == {}
    prompt = str(fake_llm.requests[-1].body)
    for fact in ("2.5 GB", "₹45.50", "15", "Address the customer as", "mera balance kitna hai"):
        assert fact in prompt


def test_the_llms_deadline_is_cut_to_the_turn_budget(
    seeded: Database, fake_llm: FakeLLMServer
) -> None:
    fake_llm.default = Behaviour(delay_s=10)
    budget = {"turn_budget_s": 1.0, "db_timeout_s": 0.5}
    agent = make(seeded, llm_timeout_s=8.0, **budget, **writer_settings("openai", fake_llm.url))
    [(reply, _, wall_ms)] = run_lines(agent, LINES[:1])
    assert reply == template_replies(seeded)[0]
    assert wall_ms <= 1000 + SLACK_MS * 5  # the budget, not the 8 s LLM timeout


def test_retries_and_the_breaker_follow_the_settings(
    seeded: Database, fake_llm: FakeLLMServer
) -> None:
    fake_llm.default = Behaviour(status=503)
    settings = writer_settings("openai", fake_llm.url)
    # A turn's deadline long enough that no retry is cut by it on a loaded machine: the 503s
    # come at once, so the test stays quick, and what is counted is the settings' tries.
    agent = make(
        seeded,
        llm_attempts=2,
        llm_backoff_s=0.01,
        llm_breaker_failures=2,
        llm_timeout_s=10.0,
        **settings,
    )
    session = agent.start("fixed-session", phone=DEMO_PHONE).session_id
    for line in LINES[:2]:
        agent.turn(session, line)
    assert len(fake_llm.requests) == 4  # two replies, two tries each: then the breaker opens
    agent.turn(session, LINES[2])
    assert len(fake_llm.requests) == 4  # open: the template answers without calling
