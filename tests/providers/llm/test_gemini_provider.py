"""The Gemini provider (google-genai SDK) against a local server speaking generateContent."""

import pytest
from llm_fake_server import Behaviour, FakeLLMServer

from helpline.providers.llm import ChatMessage, LLMError, Prompt
from helpline.providers.llm.gemini import GeminiLLMProvider

PROMPT = Prompt(
    system="You are a telecom agent.",
    messages=(
        ChatMessage("user", "balance?"),
        ChatMessage("assistant", "2 GB"),
        ChatMessage("user", "aur validity?"),
    ),
    temperature=0.7,
)


def provider(server: FakeLLMServer) -> GeminiLLMProvider:
    return GeminiLLMProvider(api_key="g-key", model="gemini-2.0-flash", base_url=server.url)


def test_gemini_sends_system_instruction_history_and_temperature_and_returns_the_text(
    fake_llm: FakeLLMServer,
) -> None:
    fake_llm.default = Behaviour(text="Ji sir, validity 15 din hai.")
    assert provider(fake_llm).complete(PROMPT, timeout_s=2) == "Ji sir, validity 15 din hai."
    (request,) = fake_llm.requests
    assert request.path.endswith("/models/gemini-2.0-flash:generateContent")
    assert request.headers["x-goog-api-key"] == "g-key"
    body = request.body
    assert body["systemInstruction"]["parts"][0]["text"] == "You are a telecom agent."
    assert [c["role"] for c in body["contents"]] == ["user", "model", "user"]
    assert body["contents"][-1]["parts"][0]["text"] == "aur validity?"
    assert body["generationConfig"]["temperature"] == 0.7


@pytest.mark.parametrize(
    ("status", "retryable"), [(429, True), (500, True), (503, True), (400, False), (403, False)]
)
def test_gemini_http_errors_say_whether_a_retry_can_help(
    fake_llm: FakeLLMServer, status: int, retryable: bool
) -> None:
    fake_llm.default = Behaviour(status=status)
    with pytest.raises(LLMError) as raised:
        provider(fake_llm).complete(PROMPT, timeout_s=2)
    assert raised.value.status == status
    assert raised.value.retryable is retryable
    assert len(fake_llm.requests) == 1  # the SDK's own retries are off


def test_gemini_garbage_body_is_an_error_not_a_reply(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(garbage=True)
    with pytest.raises(LLMError):
        provider(fake_llm).complete(PROMPT, timeout_s=2)


def test_gemini_slow_endpoint_times_out(fake_llm: FakeLLMServer) -> None:
    fake_llm.default = Behaviour(delay_s=10)
    with pytest.raises(LLMError):
        provider(fake_llm).complete(PROMPT, timeout_s=0.3)
