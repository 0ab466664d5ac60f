"""Google Gemini through the Google Gen AI SDK (google-genai), generateContent."""

from typing import Any

from helpline.config import Settings
from helpline.errors import MissingExtra, ProviderUnavailable
from helpline.providers.llm.base import LLMError, Prompt, retryable_status

try:
    from google import genai
    from google.genai import errors as genai_errors
    from google.genai import types as genai_types
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingExtra("cloud", "The Gemini reply writer") from exc


class GeminiLLMProvider:
    name = "gemini"

    def __init__(
        self, *, api_key: str, model: str = "gemini-2.0-flash", base_url: str | None = None
    ) -> None:
        options = genai_types.HttpOptions(base_url=base_url) if base_url else None
        self._client = genai.Client(api_key=api_key, http_options=options)
        self._model = model

    def complete(self, prompt: Prompt, *, timeout_s: float) -> str:
        config = genai_types.GenerateContentConfig(
            system_instruction=prompt.system,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            max_output_tokens=prompt.max_tokens,
            http_options=genai_types.HttpOptions(timeout=max(int(timeout_s * 1000), 1)),
        )
        contents: list[Any] = [
            genai_types.Content(
                role="model" if m.role == "assistant" else "user",
                parts=[genai_types.Part(text=m.content)],
            )
            for m in prompt.messages
        ]
        try:
            response = self._client.models.generate_content(
                model=self._model, contents=contents, config=config
            )
        except genai_errors.APIError as exc:
            raise LLMError(
                f"gemini answered {exc.code}", retryable=retryable_status(exc.code), status=exc.code
            ) from exc
        except Exception as exc:  # the SDK's transport and parsing errors have no common base
            raise LLMError(f"gemini call failed: {type(exc).__name__}", retryable=True) from exc
        text = response.text
        if not text or not text.strip():
            raise LLMError("gemini returned no text", retryable=False)
        return text


def from_settings(*, settings: Settings) -> GeminiLLMProvider:
    if settings.gemini_api_key is None:
        raise ProviderUnavailable("HELPLINE_LLM=gemini needs HELPLINE_GEMINI_API_KEY")
    return GeminiLLMProvider(
        api_key=settings.gemini_api_key.get_secret_value(),
        model=settings.gemini_model,
        base_url=settings.gemini_base_url,
    )
