"""Speech to text: one Protocol, implementations chosen by HELPLINE_STT through the registry.

Vendor modules are imported only when chosen, so the core runs without the `voice` extra.
"""

from helpline.config import Settings, get_settings
from helpline.providers.registry import Registry
from helpline.providers.stt.base import SpeechInput, STTProvider, Transcript

STT_PROVIDERS: Registry[STTProvider] = Registry(
    "stt",
    {
        "whisper": "helpline.providers.stt.whisper:from_settings",
        "google": "helpline.providers.stt.google:from_settings",
    },
)


def build_stt(settings: Settings | None = None, name: str | None = None) -> STTProvider:
    """The speech-to-text provider named by settings.stt (or name)."""
    settings = settings or get_settings()
    return STT_PROVIDERS.create(name or settings.stt, settings=settings)


__all__ = ["STT_PROVIDERS", "STTProvider", "SpeechInput", "Transcript", "build_stt"]
