"""Any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp) via the openai SDK."""

from typing import Any

from helpline.config import Settings
from helpline.errors import MissingExtra
from helpline.providers.llm.base import LLMError, Prompt, retryable_status

try:
    import openai
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingExtra("cloud", "The OpenAI-compatible reply writer") from exc

# Local servers (Ollama, llama.cpp) ignore the key, but the SDK insists on one.
_NO_KEY = "not-needed"


class OpenAILLMProvider:
    name = "openai"

    def __init__(self, *, base_url: str, model: str, api_key: str | None = None) -> None:
        # Retries belong to the resilient wrapper, which knows the turn's deadline.
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key or _NO_KEY, max_retries=0)
        self._model = model

    def complete(self, prompt: Prompt, *, timeout_s: float) -> str:
        messages: list[Any] = [{"role": "system", "content": prompt.system}]
        messages += [{"role": m.role, "content": m.content} for m in prompt.messages]
        try:
            response = self._client.chat.completions.create(
                model=self._model,
                messages=messages,
                temperature=prompt.temperature,
                top_p=prompt.top_p,
                max_tokens=prompt.max_tokens,
                timeout=timeout_s,
            )
        except openai.APIStatusError as exc:
            raise LLMError(
                f"openai endpoint answered {exc.status_code}",
                retryable=retryable_status(exc.status_code),
                status=exc.status_code,
            ) from exc
        except openai.APIConnectionError as exc:  # includes timeouts
            raise LLMError(
                f"openai endpoint unreachable: {type(exc).__name__}", retryable=True
            ) from exc
        except Exception as exc:  # malformed responses surface as assorted parsing errors
            raise LLMError(f"openai call failed: {type(exc).__name__}", retryable=False) from exc
        choices = getattr(response, "choices", None) or []
        text = choices[0].message.content if choices and choices[0].message else None
        if not text or not text.strip():
            raise LLMError("openai endpoint returned no text", retryable=False)
        return str(text)


def from_settings(*, settings: Settings) -> OpenAILLMProvider:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return OpenAILLMProvider(
        base_url=settings.openai_base_url, model=settings.openai_model, api_key=key
    )
