"""Text to speech: one Protocol, implementations chosen by HELPLINE_TTS through the registry.

Vendor modules are imported only when chosen, so the core runs without the `voice` extra.
"""

from helpline.config import Settings, get_settings
from helpline.providers.registry import Registry
from helpline.providers.tts.base import TTSProvider, join_clips, sentences

TTS_PROVIDERS: Registry[TTSProvider] = Registry(
    "tts",
    {
        "espeak": "helpline.providers.tts.espeak:from_settings",
        "gtts": "helpline.providers.tts.gtts:from_settings",
        "piper": "helpline.providers.tts.piper:from_settings",
    },
)


def build_tts(settings: Settings | None = None, name: str | None = None) -> TTSProvider:
    """The text-to-speech provider named by settings.tts (or name)."""
    settings = settings or get_settings()
    return TTS_PROVIDERS.create(name or settings.tts, settings=settings)


__all__ = ["TTS_PROVIDERS", "TTSProvider", "build_tts", "join_clips", "sentences"]
