"""Deadlines, retries with backoff on 429/5xx, and the circuit breaker around a real provider."""

import time

import pytest
from llm_fake_server import Behaviour, FakeLLMServer

from helpline.breaker import BreakerState, CircuitBreaker
from helpline.providers.llm import ChatMessage, LLMError, Prompt
from helpline.providers.llm.openai import OpenAILLMProvider
from helpline.providers.llm.resilient import ResilientLLM

PROMPT = Prompt(system="s", messages=(ChatMessage("user", "hi"),))


def resilient(server: FakeLLMServer, **kwargs: float | int | CircuitBreaker) -> ResilientLLM:
    provider = OpenAILLMProvider(base_url=f"{server.url}/v1", model="m")
    options: dict = {"timeout_s": 2.0, "backoff_s": 0.01, **kwargs}
    return ResilientLLM(provider, **options)


def test_retries_429_and_5xx_then_returns_the_answer(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.extend([Behaviour(status=429), Behaviour(status=503)])
    fake_llm.default = Behaviour(text="theek hai")
    assert resilient(fake_llm).complete(PROMPT) == "theek hai"
    assert len(fake_llm.requests) == 3


def test_does_not_retry_a_client_error(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(status=400)
    with pytest.raises(LLMError):
        resilient(fake_llm).complete(PROMPT)
    assert len(fake_llm.requests) == 1


def test_gives_up_after_the_configured_attempts(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(status=500)
    with pytest.raises(LLMError):
        resilient(fake_llm, attempts=3).complete(PROMPT)
    assert len(fake_llm.requests) == 3


def test_backoff_grows_between_attempts(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(status=503)
    started = time.monotonic()
    with pytest.raises(LLMError):
        resilient(fake_llm, attempts=3, backoff_s=0.1).complete(PROMPT)
    # Waits of 0.1 s then 0.2 s (exponential) separate the three attempts.
    assert time.monotonic() - started >= 0.3


def test_slow_endpoint_fails_at_the_deadline_not_later(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(delay_s=10)
    llm = resilient(fake_llm, timeout_s=0.4)
    started = time.monotonic()
    with pytest.raises(LLMError, match="no answer within"):
        llm.complete(PROMPT)
    assert time.monotonic() - started < 0.4 + 0.1


def test_breaker_opens_after_repeated_failures_and_stops_calling(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(status=400)
    breaker = CircuitBreaker(failures=2, reset_after_s=60)
    llm = resilient(fake_llm, breaker=breaker)
    for _ in range(2):
        with pytest.raises(LLMError):
            llm.complete(PROMPT)
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(LLMError, match="circuit open"):
        llm.complete(PROMPT)
    assert len(fake_llm.requests) == 2


def test_breaker_lets_one_trial_through_after_the_cool_down_and_closes_on_success() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=1, reset_after_s=30, clock=lambda: now[0])
    breaker.failure()
    assert not breaker.allow()
    now[0] = 31.0
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow()  # only one trial at a time
    breaker.success()
    assert breaker.state is BreakerState.CLOSED


def test_breaker_reopens_when_the_trial_fails() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=1, reset_after_s=30, clock=lambda: now[0])
    breaker.failure()
    now[0] = 31.0
    assert breaker.allow()
    breaker.failure()
    assert breaker.state is BreakerState.OPEN


def test_a_garbage_answer_is_not_retried_and_counts_against_the_breaker(
    fake_llm: FakeLLMServer,
) -> None:
    fake_llm.default = Behaviour(garbage=True)
    breaker = CircuitBreaker(failures=2, reset_after_s=60)
    llm = resilient(fake_llm, breaker=breaker, attempts=3)
    for _ in range(2):
        with pytest.raises(LLMError):
            llm.complete(PROMPT)
    assert len(fake_llm.requests) == 2  # garbage will not turn into an answer by asking again
    assert breaker.state is BreakerState.OPEN


def test_a_hanging_endpoint_opens_the_breaker_so_later_turns_do_not_wait(
    fake_llm: FakeLLMServer,
) -> None:
    fake_llm.default = Behaviour(delay_s=10)
    breaker = CircuitBreaker(failures=1, reset_after_s=60)
    llm = resilient(fake_llm, breaker=breaker, timeout_s=0.3)
    with pytest.raises(LLMError, match="no answer within"):
        llm.complete(PROMPT)
    started = time.monotonic()
    with pytest.raises(LLMError, match="circuit open"):
        llm.complete(PROMPT)
    assert time.monotonic() - started < 0.05
