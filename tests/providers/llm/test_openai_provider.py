"""The OpenAI-compatible provider against a local server speaking /v1/chat/completions."""

import pytest
from llm_fake_server import Behaviour, FakeLLMServer

from helpline.providers.llm import ChatMessage, LLMError, Prompt
from helpline.providers.llm.openai import OpenAILLMProvider

PROMPT = Prompt(
    system="You are a telecom agent.",
    messages=(
        ChatMessage("user", "balance?"),
        ChatMessage("assistant", "2 GB"),
        ChatMessage("user", "aur validity?"),
    ),
    temperature=0.7,
)


def provider(server: FakeLLMServer) -> OpenAILLMProvider:
    return OpenAILLMProvider(base_url=f"{server.url}/v1", model="qwen-test", api_key="k-123")


def test_openai_sends_system_prompt_history_and_settings_and_returns_the_text(
    fake_llm: FakeLLMServer,
) -> None:
    fake_llm.default = Behaviour(text="Ji sir, validity 15 din hai.")
    assert provider(fake_llm).complete(PROMPT, timeout_s=2) == "Ji sir, validity 15 din hai."
    (request,) = fake_llm.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer k-123"
    body = request.body
    assert body["model"] == "qwen-test"
    assert body["temperature"] == 0.7
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "user"]
    assert body["messages"][0]["content"] == "You are a telecom agent."
    assert body["messages"][-1]["content"] == "aur validity?"


@pytest.mark.parametrize(
    ("status", "retryable"), [(429, True), (500, True), (503, True), (400, False), (401, False)]
)
def test_openai_http_errors_say_whether_a_retry_can_help(
    fake_llm: FakeLLMServer, status: int, retryable: bool
) -> None:
    fake_llm.default = Behaviour(status=status)
    with pytest.raises(LLMError) as raised:
        provider(fake_llm).complete(PROMPT, timeout_s=2)
    assert raised.value.status == status
    assert raised.value.retryable is retryable
    assert len(fake_llm.requests) == 1  # the SDK's own retries are off


def test_openai_garbage_body_is_an_error_not_a_reply(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(garbage=True)
    with pytest.raises(LLMError):
        provider(fake_llm).complete(PROMPT, timeout_s=2)


def test_openai_empty_text_is_an_error(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(text="   ")
    with pytest.raises(LLMError, match="no text"):
        provider(fake_llm).complete(PROMPT, timeout_s=2)


def test_openai_slow_endpoint_times_out_as_retryable(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(delay_s=10)
    with pytest.raises(LLMError) as raised:
        provider(fake_llm).complete(PROMPT, timeout_s=0.3)
    assert raised.value.retryable


def test_openai_unreachable_endpoint_is_retryable() -> None:
    down = OpenAILLMProvider(base_url="http://127.0.0.1:9/v1", model="m")
    with pytest.raises(LLMError) as raised:
        down.complete(PROMPT, timeout_s=1)
    assert raised.value.retryable
