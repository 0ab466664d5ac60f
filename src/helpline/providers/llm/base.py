"""The LLM contract: a system prompt and messages in, text out, or an LLMError."""

from dataclasses import dataclass
from typing import Literal, Protocol

from helpline.errors import ProviderUnavailable
from helpline.providers.registry import Registry

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True, slots=True)
class Prompt:
    system: str
    messages: tuple[ChatMessage, ...]
    temperature: float = 0.7
    top_p: float = 0.9
    max_tokens: int = 256


class LLMError(ProviderUnavailable):
    """A call that produced no usable text; retryable for rate limits, 5xx and timeouts."""

    def __init__(self, message: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class LLMProvider(Protocol):
    """One vendor's chat completion, with a per-call timeout; no retries of its own."""

    name: str

    def complete(self, prompt: Prompt, *, timeout_s: float) -> str: ...


def retryable_status(status: int | None) -> bool:
    return status is not None and (status in RETRYABLE_STATUS or 500 <= status < 600)


# Each entry builds the provider from Settings: a new vendor is a module and one line here.
LLM_PROVIDERS: Registry[LLMProvider] = Registry(
    "llm",
    {
        "gemini": "helpline.providers.llm.gemini:from_settings",
        "openai": "helpline.providers.llm.openai:from_settings",
    },
)
